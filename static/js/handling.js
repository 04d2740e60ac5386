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
  // The queue's counts arrive after the list (one aggregate over every visible case): fill them in.
  document.querySelectorAll("form[data-counts-url]").forEach(function (form) {
    fetch(form.getAttribute("data-counts-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        document.querySelectorAll("[data-count-total]").forEach(function (el) { el.textContent = data.total_text; });
        document.querySelectorAll("[data-count-as-of]").forEach(function (el) { el.textContent = data.as_of_text; });
        document.querySelectorAll("[data-count-key]").forEach(function (el) {
          var n = data.counts[el.getAttribute("data-count-key")];
          if (n === undefined) { return; }
          if (el.tagName === "OPTION") {
            el.textContent = el.getAttribute("data-label") + " (" + n + ")";
          } else {
            el.textContent = n;
          }
        });
      })
      .catch(function () { /* the counts are a help; the list stands without them */ });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
