// After a failed form, take the keyboard and the screen reader to the summary of what to correct.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
