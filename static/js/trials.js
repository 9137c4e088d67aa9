/* Trial finder and trial page. Everything works without this file:
   - the filter disclosure opens on wide screens (on a phone it stays folded, so the
     results come first);
   - a Print button calls the browser's print (without JavaScript, use the browser's own
     Print: the print stylesheet applies either way). */
(function () {
  "use strict";
  var filters = document.querySelector(".finder__disclosure");
  if (filters && window.matchMedia("(min-width: 60em)").matches) {
    filters.open = true;
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
