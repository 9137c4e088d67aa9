// Progressive enhancement for the gift form: show "other amount" only when it is chosen, and
// the tribute details only when the gift honours someone. Without this file every field
// shows and the form works the same. A hidden field is also disabled, so it is not sent.
(function () {
  "use strict";

  function follow(form, radioName, section, shows) {
    if (!section) {
      return;
    }
    var radios = form.querySelectorAll('input[type="radio"][name="' + radioName + '"]');
    function update() {
      var chosen = form.querySelector('input[type="radio"][name="' + radioName + '"]:checked');
      var visible = chosen !== null && shows(chosen.value);
      section.hidden = !visible;
      section.querySelectorAll("input, textarea, select").forEach(function (field) {
        field.disabled = !visible;
      });
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  function init() {
    var form = document.querySelector(".gift-form");
    if (!form) {
      return;
    }
    follow(form, "amount_choice", form.querySelector("[data-gift-other]"), function (value) {
      return value === "other";
    });
    follow(form, "tribute", form.querySelector("[data-gift-tribute]"), function (value) {
      return value !== "none";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
