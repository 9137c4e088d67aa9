// Dictionary links: open the definition in place instead of going to the term's page.
// The popover is native HTML (Esc and a click outside close it); this script only opens it
// from the link, moves focus into it and back, and keeps aria-expanded true. Without
// popover support, or without this script, the link simply opens the term's page.
(function () {
  "use strict";
  if (!HTMLElement.prototype.hasOwnProperty("popover")) return;

  document.querySelectorAll("a.glossary-link").forEach(function (link) {
    var popover = document.getElementById(link.getAttribute("data-definition"));
    if (!popover) return;
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-controls", popover.id);
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      popover.showPopover();
      link.setAttribute("aria-expanded", "true");
    });
    popover.addEventListener("toggle", function (event) {
      var open = event.newState === "open";
      link.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var close = popover.querySelector(".glossary-popover__close");
        (close || popover).focus();
      } else if (popover.contains(document.activeElement) || document.activeElement === document.body) {
        link.focus();
      }
    });
  });
})();
