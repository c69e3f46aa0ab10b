"use strict";
// Redoc titles each operation with an h2 and its parts ("Authorizations", "path Parameters", "Request Body
// schema") with h5, so a screen reader's outline jumps from level 2 to 5. Each heading gets the level its
// place in the outline gives it (never deeper than one below the heading before it), as aria-level, which
// is the level assistive technology announces. Redoc draws the page after loading the schema and redraws
// parts as they open, so the outline is set again after each change.
(function () {
  function setOutline(root) {
    var previous = 0;
    root.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach(function (heading) {
      var own = Number(heading.tagName.charAt(1));
      var level = Math.min(own, previous + 1);
      if (level === own) {
        heading.removeAttribute("aria-level");
      } else {
        heading.setAttribute("aria-level", String(level));
      }
      previous = level;
    });
  }

  var root = document.getElementById("main-content");
  // The observer only watches for added and removed elements, so setting aria-level does not wake it.
  new MutationObserver(function () {
    setOutline(root);
  }).observe(root, { childList: true, subtree: true });
})();
