// Keeps a drawn skill tree in step with live events: when an answer moves one of its skills,
// or a skill opens, the tree is fetched again from the server (which owns the geometry, the
// levels and the words) and swapped in; a newly opened skill is also celebrated.
(function () {
  "use strict";
  // A value set into a sentence keeps its own direction (a Latin name or message in an Arabic
  // sentence, "+5" on the right side of its number): names and texts in first-strong
  // isolates, signed numbers left-to-right; plain numbers need none.
  function isolate(value) {
    const text = String(value ?? "");
    if (!text || /^[\d.,٫٪%]+$/.test(text)) return text;
    return (/^[+\-−][\d.,٫٪%]+$/.test(text) ? "\u2066" : "\u2068") + text + "\u2069";
  }
  const labels = document.getElementById("tree-labels");
  const lang = document.documentElement.lang || "en";
  const pending = new Map();

  function label(key, values) {
    const node = labels && labels.content.querySelector('[data-label="' + key + '"]');
    const text = node ? node.textContent : key;
    return text.replace(/\{(\w+)\}/g, (_, k) => isolate(values[k]));
  }

  function nameOf(names) {
    return (names && (names[lang] || names.en || Object.values(names)[0])) || "";
  }

  // Trees showing this skill are fetched again; a burst of events costs one fetch per tree.
  function refresh(skillId) {
    if (!window.htmx) return;
    document.querySelectorAll("svg.tree-svg[data-tree-url]").forEach((svg) => {
      if (!svg.querySelector('[data-tree-node="' + skillId + '"]')) return;
      const url = svg.dataset.treeUrl;
      clearTimeout(pending.get(url));
      pending.set(url, setTimeout(() => {
        pending.delete(url);
        const current = document.querySelector('svg.tree-svg[data-tree-url="' + CSS.escape(url) + '"]');
        if (current) window.htmx.ajax("GET", url, { target: current, swap: "outerHTML" });
      }, 300));
    });
  }

  document.addEventListener("live:attempt.recorded", (e) => refresh(e.detail.skill.id));

  // The tree moves at once; the celebration waits while a timed question is on screen.
  const later = (show) => (window.MadrastiRoom ? window.MadrastiRoom.quiet.later(show) : show());

  document.addEventListener("live:skill.unlocked", (e) => {
    refresh(e.detail.skill.id);
    later(() => celebrate(e));
  });

  function celebrate(e) {
    const skill = e.detail.skill;
    const box = document.createElement("div");
    box.className = "celebration";
    box.setAttribute("role", "alert");
    box.dataset.celebration = "skill.unlocked";
    const title = document.createElement("p");
    title.className = "celebration-title";
    title.textContent = label("unlocked", { skill: nameOf(skill.name) });
    const body = document.createElement("p");
    body.textContent = label("because", { skill: nameOf(e.detail.because_of.name) });
    const close = document.createElement("button");
    close.type = "button";
    close.className = "button";
    close.textContent = label("close", {});
    close.addEventListener("click", () => box.remove());
    box.append(title, body, close);
    document.body.appendChild(box);
    close.focus();
  }
})();
