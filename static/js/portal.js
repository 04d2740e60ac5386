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
  var counterChannel = document.getElementById("id_channel");
  var peopleFields = document.getElementById("people-fields");
  var peopleRows = document.getElementById("people-rows");
  var rowTemplate = document.getElementById("person-row-template");
  var addPerson = document.getElementById("add-person");
  var totalForms = document.getElementById("id_p-TOTAL_FORMS");
  var peopleFull = document.getElementById("people-full");
  // A visit sends at most five representatives; a joint letter or a call may name up to the case's limit.
  var peopleLimit = function () {
    if (!peopleFields) { return 0; }
    var visit = !counterChannel || counterChannel.value === "visit";
    return parseInt(peopleFields.getAttribute(visit ? "data-max-visit" : "data-max"), 10);
  };
  var syncPeople = function () {
    if (!peopleFields || !totalForms) { return; }
    var visit = !counterChannel || counterChannel.value === "visit";
    var grouped = group && group.checked;
    var rows = parseInt(totalForms.value, 10) || 0;
    // Shown for a group visit or a channel that may name several people; never hidden over rows the clerk added.
    if (grouped || !visit || rows > parseInt(peopleFields.getAttribute("data-max-visit"), 10)) {
      peopleFields.classList.remove("d-none");
    } else {
      peopleFields.classList.add("d-none");
    }
    var full = rows >= peopleLimit();
    if (addPerson) { addPerson.disabled = full; }
    if (peopleFull) {
      peopleFull.textContent = full ? peopleFull.getAttribute(visit ? "data-visit" : "data-other") : "";
      peopleFull.classList.toggle("d-none", !full);
    }
  };
  if (group && groupFields) {
    var sync = function () { groupFields.classList.toggle("d-none", !group.checked); syncPeople(); };
    group.addEventListener("change", sync);
  }
  if (counterChannel) { counterChannel.addEventListener("change", syncPeople); }
  if (addPerson && peopleRows && rowTemplate && totalForms) {
    addPerson.addEventListener("click", function () {
      var index = parseInt(totalForms.value, 10) || 0;
      if (index >= peopleLimit()) { syncPeople(); return; }
      // The formset's blank row, numbered as the next row; Django counts rows by TOTAL_FORMS.
      var html = rowTemplate.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      peopleRows.appendChild(row);
      totalForms.value = String(index + 1);
      syncPeople();
      var name = row.querySelector("input");
      if (name) { name.focus(); }
    });
  }
  syncPeople();

  // The work-order or document number is asked only for the channels that come with one.
  var channel = document.getElementById("id_channel");
  var handover = document.getElementById("handover-field");
  if (channel && handover) {
    var numbered = (handover.getAttribute("data-numbered") || "").split(" ");
    channel.addEventListener("change", function () {
      handover.classList.toggle("d-none", numbered.indexOf(channel.value) < 0);
    });
  }

  // A repeat visit: what the earlier case knows fills the matter's fields the clerk has not typed in,
  // and choosing "a new matter" again takes back what was filled.
  var lookup = document.getElementById("lookup");
  if (lookup) {
    var FILLED = ["subject", "community", "category", "address", "what_happened", "request"];
    var fieldOf = function (name) { return document.getElementById("id_" + name); };
    FILLED.forEach(function (name) {
      var field = fieldOf(name);
      if (!field) { return; }
      // A form sent back with errors holds what the clerk typed: never overwrite it.
      if (lookup.hasAttribute("data-bound") && field.value) { field.setAttribute("data-touched", "1"); }
      // Filling sets values without events, so any change heard here is the clerk's own.
      var touched = function () { field.setAttribute("data-touched", "1"); };
      field.addEventListener("input", touched);
      field.addEventListener("change", touched);
    });
    var setValue = function (field, value) {
      if (field.tomselect) { field.tomselect.setValue(value, true); } else { field.value = value; }
    };
    var fillFrom = function (radio) {
      FILLED.forEach(function (name) {
        var field = fieldOf(name);
        if (!field || field.getAttribute("data-touched")) { return; }
        if (!field.hasAttribute("data-before-fill")) { field.setAttribute("data-before-fill", field.value); }
        var value = radio && radio.value ? radio.getAttribute("data-fill-" + name) : null;
        setValue(field, value === null ? field.getAttribute("data-before-fill") : value);
      });
    };
    lookup.addEventListener("change", function (event) {
      if (event.target.name === "repeat_of") { fillFrom(event.target); }
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target !== lookup) { return; }
      var chosen = lookup.querySelector("input[name=repeat_of]:checked");
      if (chosen && chosen.value) { fillFrom(chosen); }
    });
  }

  var anonymous = document.getElementById("id_is_anonymous");
  var nameField = document.getElementById("name-field");
  if (anonymous && nameField) {
    var syncName = function () { nameField.classList.toggle("d-none", anonymous.checked); };
    anonymous.addEventListener("change", syncName);
    syncName();
  }
})();
