// Searchable selects (Tom Select, vendored): type Chinese, or an option's pinyin initials ("yyjw" finds 银一居委),
// which the server puts in each option's data-pinyin. Keyboard only works: type, arrows, Enter; Tab moves on.
(function () {
  "use strict";
  if (!window.TomSelect) { return; }

  function make(select) {
    if (select.tomselect || select.disabled) { return; }
    var empty = select.querySelector("option[value='']");
    var instance = new window.TomSelect(select, {
      searchField: ["text", "pinyin"],
      // Keep the page's order (the server sorts options as the office is used to), best matches first.
      sortField: [{ field: "$score" }, { field: "$order" }],
      maxOptions: null,
      allowEmptyOption: true,
      create: false,
      selectOnTab: true,
      placeholder: empty ? empty.textContent : "",
      render: {
        no_results: function () {
          return '<div class="no-results">' + (select.getAttribute("data-no-results") || "—") + "</div>";
        }
      }
    });
    // The control stands where the select stood: its label still names it for screen readers.
    if (select.id && instance.control_input) {
      instance.control_input.setAttribute("aria-label", (document.querySelector("label[for='" + select.id + "']") || {}).textContent || "");
    }
  }

  document.querySelectorAll("select[data-searchable]").forEach(make);
  // Panels that htmx swaps in bring their own selects.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    event.target.querySelectorAll("select[data-searchable]").forEach(make);
  });
})();
