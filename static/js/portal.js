// Small behaviours of the portal's pages, kept out of the HTML so the CSP can forbid inline scripts.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.querySelector(button.getAttribute("data-copy"));
      if (!target) { return; }
      var text = target.textContent.trim();
      var done = function () { button.textContent = button.getAttribute("data-copied") || "OK"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
      } else {
        var range = document.createRange();
        range.selectNodeContents(target);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
      }
    });
  });

  // A second click while the first submission is on its way sends nothing more.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("[data-once]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });

  var group = document.getElementById("id_is_group_visit");
  var groupFields = document.getElementById("group-fields");
  if (group && groupFields) {
    var sync = function () { groupFields.classList.toggle("d-none", !group.checked); };
    group.addEventListener("change", sync);
  }

  var anonymous = document.getElementById("id_is_anonymous");
  var nameField = document.getElementById("name-field");
  if (anonymous && nameField) {
    var syncName = function () { nameField.classList.toggle("d-none", anonymous.checked); };
    anonymous.addEventListener("change", syncName);
    syncName();
  }
})();
