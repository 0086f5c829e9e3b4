// The user's live channel: resumes from the last event seen in this tab, so nothing sent
// while a page was loading or the network blinked is missed.
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
  const body = document.body;
  const path = body.dataset.liveUrl;
  if (!path || !("WebSocket" in window) || !window.MadrastiRoom) return;

  const labels = document.getElementById("level-labels");

  // A label that counts comes once per plural category (data-plural, data-plural-by names
  // the value that counts): the page's language picks the form, as ngettext does.
  function label(selector, fallback, values) {
    const nodes = labels ? Array.from(labels.content.querySelectorAll(selector)) : [];
    if (!nodes.length) return fallback;
    const by = nodes[0].dataset.pluralBy;
    if (by && values && nodes.length > 1) {
      const category = new Intl.PluralRules(document.documentElement.lang).select(Number(values[by]));
      const node = nodes.find((n) => n.dataset.plural === category)
        || nodes.find((n) => n.dataset.plural === "other") || nodes[0];
      return node.textContent;
    }
    return nodes[0].textContent;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => isolate(values[key]));
  }

  // Shown now, or once no timed question is on screen (room.js's quiet).
  const later = (show) => window.MadrastiRoom.quiet.later(show);

  function toast(text) {
    later(() => {
      const box = document.getElementById("toasts");
      if (!box) return;
      const item = document.createElement("div");
      item.className = "toast";
      item.textContent = text;
      box.appendChild(item);
      setTimeout(() => item.remove(), 6000);
    });
  }

  // A notice with something to do in it (answer an invitation, open a match): it stays
  // until done or closed. `build` returns its content, built when it is shown.
  function notice(build, closeLabel) {
    later(() => {
      const box = document.getElementById("toasts");
      const content = build();
      if (!box || !content) return;
      const item = document.createElement("div");
      item.className = "toast notice-toast";
      item.append(content);
      const close = document.createElement("button");
      close.type = "button";
      close.className = "toast-close";
      close.setAttribute("aria-label", closeLabel || label("[data-toast-close]", "Close"));
      close.textContent = "×";
      close.addEventListener("click", () => item.remove());
      item.append(close);
      box.appendChild(item);
      if (window.htmx) window.htmx.process(item);
    });
  }

  // Cards that list what live events change say which (data-live-refresh="challenge.invited
  // ..."); each is fetched again from its page (or data-refresh-url) by its id, in the
  // page's language, a burst of events costing one fetch. The house pattern: the server
  // words the card, the event only says when.
  const refreshTimers = {};
  function refreshCards(type) {
    if (!window.htmx) return;
    document.querySelectorAll("[data-live-refresh][id]").forEach((card) => {
      if (!card.dataset.liveRefresh.split(/\s+/).includes(type)) return;
      const id = card.id;
      clearTimeout(refreshTimers[id]);
      refreshTimers[id] = setTimeout(() => {
        const current = document.getElementById(id);
        if (!current) return;
        const url = current.dataset.refreshUrl || location.pathname + location.search;
        // Each card is its own source: htmx queues requests per source element ("last"
        // wins), so several cards refreshed from the body would lose all but two.
        window.htmx.ajax("GET", url, {
          source: current,
          target: "#" + id,
          select: "#" + id,
          swap: "outerHTML",
        });
      }, 300);
    });
  }

  function updateSkill(skill) {
    document.querySelectorAll('[data-skill-progress="' + skill.id + '"]').forEach((el) => {
      const value = el.querySelector("[data-mastery-value]");
      const fill = el.querySelector("[data-mastery-fill]");
      const bar = el.querySelector('[role="progressbar"]');
      const level = el.querySelector("[data-level-label]");
      if (value) value.textContent = skill.mastery;
      if (fill) {
        fill.style.inlineSize = skill.mastery + "%";
        fill.className = "bar-fill level-" + skill.level;
      }
      if (bar) bar.setAttribute("aria-valuenow", skill.mastery);
      if (level) level.textContent = label('[data-level="' + skill.level + '"]', skill.level);
      el.classList.remove("pulse");
      void el.offsetWidth;
      el.classList.add("pulse");
    });
  }

  // A title sent in every language: the page's language first, then any non-empty one.
  function inLanguage(texts) {
    if (!texts) return "";
    return texts[document.documentElement.lang] || Object.values(texts).find(Boolean) || "";
  }

  function shorten(text, max) {
    const chars = Array.from(text || "");
    return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : chars.join("");
  }

  // Encouragement words: a preset code read in the page's language, or the teacher's own text.
  function encouragementWords(encouragement) {
    if (!encouragement) return "";
    // Suggested words, the teacher's own, or both (the preset first), as the server shows them.
    const preset = encouragement.preset
      ? label('[data-encouragement="' + CSS.escape(encouragement.preset) + '"]', "")
      : "";
    return [preset, encouragement.text || ""].filter(Boolean).join(" ");
  }

  // User-written text is only ever set with textContent.
  function showReflectionFeedback(event) {
    document.querySelectorAll('[data-reflection-feedback="' + event.reflection.id + '"]')
      .forEach((box) => {
        box.replaceChildren();
        const from = document.createElement("p");
        from.className = "muted";
        from.textContent = event.teacher.name;
        box.appendChild(from);
        [event.feedback, encouragementWords(event.encouragement)].filter(Boolean)
          .forEach((text) => {
            const line = document.createElement("p");
            line.dir = "auto";
            line.textContent = text;
            box.appendChild(line);
          });
        box.hidden = false;
        box.classList.remove("pulse");
        void box.offsetWidth;
        box.classList.add("pulse");
      });
  }

  function addTeacherMessage(event) {
    const list = document.querySelector("[data-teacher-messages]");
    if (!list) return;
    const item = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = event.teacher.name;
    item.appendChild(name);
    item.appendChild(document.createTextNode(": "));
    const words = document.createElement("span");
    words.dir = "auto";
    words.textContent = encouragementWords(event.encouragement);
    item.appendChild(words);
    item.dataset.encouragement = String(event.encouragement.id);
    list.prepend(item);
    document.querySelectorAll("[data-no-messages]").forEach((el) => el.remove());
  }

  const handlers = {
    "attempt.recorded": (event) => {
      updateSkill(event.skill);
      if (event.skill.mastery > event.skill.mastery_before) {
        toast(format(label('[data-toast="up"]', "{before}% → {after}%"), {
          before: event.skill.mastery_before,
          after: event.skill.mastery,
        }));
      }
    },
    "reflection.feedback": (event) => {
      showReflectionFeedback(event);
      toast(format(label('[data-toast="reflection-feedback"]', "{teacher}: {message}"), {
        teacher: event.teacher.name,
        exercise: inLanguage(event.reflection.exercise_title),
        message: shorten(event.feedback || encouragementWords(event.encouragement), 160),
      }));
    },
    "encouragement.new": (event) => {
      addTeacherMessage(event);
      toast(format(label('[data-toast="encouragement"]', "{teacher}: {message}"), {
        teacher: event.teacher.name,
        message: shorten(encouragementWords(event.encouragement), 160),
      }));
    },
  };

  // Personal bests and learning moments: worded by the page's templates, names sent in every
  // language and shown in the page's.
  function localName(names) {
    if (!names) return "";
    return names[document.documentElement.lang] || Object.values(names).find(Boolean) || "";
  }

  handlers["personal_best.new"] = (event) => {
    const best = event.best;
    toast(format(label('[data-toast="best-' + CSS.escape(best.metric) + '"]', "{previous} → {value}"), {
      value: best.value,
      previous: best.previous,
      improvement: best.improvement,
      exercise: localName(event.exercise && event.exercise.name),
      skill: localName(event.skill && event.skill.name),
    }));
  };

  handlers["recognition.new"] = (event) => {
    const moment = event.recognition;
    const values = Object.assign({}, moment.params, {
      exercise: localName(event.exercise && event.exercise.name),
      skill: localName(event.skill && event.skill.name),
    });
    const text = label('[data-toast="moment-' + CSS.escape(moment.kind) + '"]', "", values);
    if (!text) return;
    toast(format(text, values));
  };

  // Invitations (a study group, a friendly challenge): invitations.js, answered in place.

  // Peer help reaches a student on whatever page is open (the lists refresh themselves).
  const helpToasts = {
    "peerhelp.requested": (e) => ({
      name: e.request.requester.name,
      skill: localName(e.request.skill && e.request.skill.name),
      topic: e.request.topic,
    }),
    "peerhelp.accepted": (e) => ({ name: e.request.helper.name }),
    "peerhelp.thanked": (e) => ({ name: e.request.requester.name }),
    "peerhelp.acknowledged": (e) => ({ name: e.teacher.name }),
    "peerhelp.completed": (e) => ({ name: e.completed_by.name }),
  };
  Object.entries(helpToasts).forEach(([type, values]) => {
    handlers[type] = (event) => {
      const key = '[data-toast="' + type.replace(".", "-") + '"]';
      toast(format(label(key, "{name}"), values(event)));
    };
  });

  // The connection itself (back-off, ?since= across page loads, dedupe, heartbeat) is
  // room.js's; this channel only renders.
  function start() {
    window.MadrastiRoom.open({
      path,
      element: body,
      storeKey: "live-seq:" + path,
      heartbeatMs: Number(body.dataset.liveHeartbeat) || 10000,
      onEvent: (event) => {
        const handler = handlers[event.type];
        if (handler) handler(event);
        refreshCards(event.type);
        document.dispatchEvent(new CustomEvent("live:" + event.type, { detail: event }));
      },
    });
  }

  window.madrastiLive = { handlers, toast, notice, label, format, updateSkill, refreshCards };
  start();
})();
