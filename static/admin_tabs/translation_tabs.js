// Language tabs for translated fields in the admin (name [ar] / [fr] / [en] become one field
// with three tabs). Without this script every language simply shows as its own row.
// modeltranslation marks each widget with the class "mt-field-<field>-<lang>".
(function () {
  "use strict";
  const pattern = /(?:^|\s)mt-field-(.+)-(ar|fr|en)(?:\s|$)/;

  function rowOf(widget) {
    return widget.closest(".form-row") || widget.closest(".fieldBox");
  }

  function build(rows, preferred) {
    const langs = Object.keys(rows);
    const bar = document.createElement("div");
    bar.className = "mg-lang-tabs";
    bar.setAttribute("role", "tablist");
    const buttons = {};
    function show(lang) {
      for (const other of langs) {
        rows[other].hidden = other !== lang;
        buttons[other].setAttribute("aria-selected", String(other === lang));
      }
    }
    for (const lang of langs) {
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "tab");
      button.textContent = lang;
      if (rows[lang].querySelector(".errorlist")) button.classList.add("mg-lang-error");
      button.addEventListener("click", () => show(lang));
      buttons[lang] = button;
      bar.append(button);
    }
    rows[langs[0]].before(bar);
    const withError = langs.find((l) => buttons[l].classList.contains("mg-lang-error"));
    show(withError || (langs.includes(preferred) ? preferred : langs[0]));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const groups = new Map();
    // Inline rows (tabular choices) keep their columns: three languages side by side read well.
    for (const widget of document.querySelectorAll("#content-main .mt")) {
      const match = pattern.exec(widget.className);
      if (match && match[2] === "ar") widget.dir = "rtl";
      if (widget.closest(".inline-related.tabular")) continue;
      const row = match && rowOf(widget);
      if (!row) continue;
      const key = (widget.name || "").replace(/_(ar|fr|en)$/, "");
      if (!groups.has(key)) groups.set(key, {});
      groups.get(key)[match[2]] = row;
    }
    const preferred = (document.documentElement.lang || "en").slice(0, 2);
    for (const rows of groups.values()) {
      if (Object.keys(rows).length > 1) build(rows, preferred);
    }
  });
})();
