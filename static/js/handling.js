// Case handling pages: filters apply as soon as they change; the print button prints. No inline script (CSP).
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () {
      var page = select.form.querySelector("input[name=page]");
      if (page) { page.remove(); }
      select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
