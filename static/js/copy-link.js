/* Copy-link buttons: <button data-copy-target="input-id" data-copied-text="…" hidden>.
   Without JavaScript the address stays visible in its input to copy by hand. */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input || !navigator.clipboard) { return; }
    var status = button.closest("li, div, p").querySelector("[role=status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied-text"); }
      }, function () {
        input.focus();
        input.select();
      });
    });
  });
})();
