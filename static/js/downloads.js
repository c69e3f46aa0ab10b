// A large download takes a few seconds to start: say so, rather than leave the button looking dead.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-preparing]");
  var status = document.getElementById("preparing");
  if (!link || !status) {
    return;
  }
  status.textContent = "Preparing your file. A national list takes a few seconds; it will download by itself.";
  window.setTimeout(function () {
    status.textContent = "";
  }, 15000);
});
