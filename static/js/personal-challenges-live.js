// Celebrates a completed personal challenge on whatever page the student has open, once (the
// live channel drops events it has already applied), and invites a short reflection.
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
  const lang = document.documentElement.lang || "en";

  // A label that counts comes once per plural category (data-plural; data-plural-by names the
  // value that counts): the page's language picks the form, as ngettext does.
  function label(key, values) {
    const labels = document.getElementById("level-labels");
    const nodes = labels
      ? Array.from(labels.content.querySelectorAll('[data-pc-label="' + CSS.escape(key) + '"]'))
      : [];
    let node = nodes[0];
    const by = node && node.dataset.pluralBy;
    if (by && nodes.length > 1) {
      const category = new Intl.PluralRules(lang).select(Number((values || {})[by]));
      node = nodes.find((n) => n.dataset.plural === category)
        || nodes.find((n) => n.dataset.plural === "other") || node;
    }
    const text = node ? node.textContent : "";
    return text.replace(/\{(\w+)\}/g, (_, k) => isolate((values || {})[k]));
  }

  function nameOf(named) {
    const names = named && named.name;
    return (names && (names[lang] || Object.values(names).find(Boolean))) || "";
  }

  function link(href, text, className) {
    const a = document.createElement("a");
    a.href = href;
    a.className = className;
    a.textContent = text;
    return a;
  }

  // Shown at once, or after the timed question on screen closes (room.js's quiet).
  const later = (show) => (window.MadrastiRoom ? window.MadrastiRoom.quiet.later(show) : show());

  document.addEventListener("live:personal_challenge.completed", (e) => later(() => celebrate(e.detail)));

  function celebrate(event) {
    const challenge = event.challenge;
    const box = document.createElement("div");
    box.className = "celebration";
    box.setAttribute("role", "alert");
    box.dataset.celebration = "personal_challenge.completed";
    box.dataset.challenge = String(challenge.id);
    const title = document.createElement("p");
    title.className = "celebration-title";
    title.textContent = "🎉 " + label("title");
    const body = document.createElement("p");
    body.textContent = label("done-" + challenge.kind, {
      target: challenge.target,
      progress: challenge.progress,
      exercise: nameOf(event.exercise),
      skill: nameOf(event.skill),
    });
    const actions = document.createElement("p");
    actions.className = "actions";
    actions.append(
      link(event.reflect_url, label("reflect"), "button primary"),
      link(event.url, label("see"), "button ghost"),
    );
    const close = document.createElement("button");
    close.type = "button";
    close.className = "button ghost";
    close.textContent = label("close");
    close.addEventListener("click", () => box.remove());
    actions.append(close);
    box.append(title, body, actions);
    document.body.appendChild(box);
    close.focus();
  }
})();
