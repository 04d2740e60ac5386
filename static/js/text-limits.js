// Live character counts under text fields with a limit (data-maxlength, set by core.forms). The browser's own
// maxlength is not used: it cuts pasted text without a word. Kept out of the HTML so the CSP forbids inline
// scripts. Counts as the server does: characters (code points), and each line break as two, because a
// browser sends a textarea's line breaks as CR LF.
(function () {
  "use strict";

  function length(value) {
    var breaks = (value.match(/\n/g) || []).length;
    return Array.from(value).length + breaks;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return String(values[name]); });
  }

  function counterFor(field) {
    var counter = document.getElementById(field.id + "_count");
    if (!counter) {
      counter = document.createElement("div");
      counter.className = "form-text text-limit";
      counter.id = field.id + "_count";
      counter.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", counter);
    }
    return counter;
  }

  function update(field) {
    var max = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!max) { return; }
    var count = length(field.value);
    var over = count - max;
    var textarea = field.tagName === "TEXTAREA";
    if (!textarea && over <= 0 && !document.getElementById(field.id + "_count")) { return; }
    var counter = counterFor(field);
    counter.classList.toggle("text-danger", over > 0);
    counter.classList.toggle("fw-semibold", over > 0);
    counter.hidden = !textarea && over <= 0;
    counter.textContent = over > 0
      ? fill(field.getAttribute("data-over-text") || "{over}", { over: over, max: max, count: count })
      : fill(field.getAttribute("data-count-text") || "{count} / {max}", { count: count, max: max });
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(counter.id) < 0) {
      described.push(counter.id);
      field.setAttribute("aria-describedby", described.join(" "));
    }
  }

  function updateAll(root) {
    (root || document).querySelectorAll("[data-maxlength]").forEach(update);
  }

  // One listener for the whole page: fields that HTMX brings in later are counted too.
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-maxlength]")) { update(event.target); }
  });
  document.addEventListener("htmx:load", function (event) { updateAll(event.target); });
  updateAll(document);
})();
