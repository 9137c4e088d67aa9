/* Characters left, for <textarea maxlength="N" data-character-count>.
   Progressive enhancement: without JavaScript the help text states the limit and the
   server enforces it. The visible count updates as the person types; screen readers
   hear it only after a pause, and only when it matters, so typing is never interrupted. */
(function () {
  "use strict";
  var PAUSE_MS = 1500;
  document.querySelectorAll("textarea[maxlength][data-character-count]").forEach(function (area) {
    var max = parseInt(area.getAttribute("maxlength"), 10);
    if (!max) { return; }
    var visible = document.createElement("p");
    visible.className = "character-count";
    visible.id = area.id + "-count";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", spoken);
    area.insertAdjacentElement("afterend", visible);
    var timer = null;

    // Translated wording comes from the page: "{count} characters left", and the singular.
    var many = area.getAttribute("data-character-count") || "{count} / {max}";
    var one = area.getAttribute("data-character-count-one") || many;

    function message() {
      var left = max - area.value.length;
      return (left === 1 ? one : many).replace("{count}", left).replace("{max}", max);
    }
    function update() {
      var left = max - area.value.length;
      visible.textContent = message();
      visible.classList.toggle("character-count--low", left <= max * 0.1);
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (left <= max * 0.2) { spoken.textContent = message(); }
      }, PAUSE_MS);
    }
    area.addEventListener("input", update);
    update();
  });
})();
