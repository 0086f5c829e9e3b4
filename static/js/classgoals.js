// A class's goals, live: the class room (/ws/classes/<id>/) says when a goal moves; the bar
// moves at once and the card is fetched again from the server, which words the sentence in
// the page's language ("3 more students to reach mastery"). Teacher-written text is only
// ever set with textContent.
(function () {
  "use strict";
  if (!("WebSocket" in window) || !window.MadrastiRoom) return;
  const cards = () => document.querySelectorAll("[data-class-goals]");
  const seen = new Set();

  function card(classId) {
    return document.querySelector('[data-class-goals="' + classId + '"]');
  }

  function moveBar(classId, goal) {
    const root = card(classId);
    const item = root && root.querySelector('[data-goal="' + goal.id + '"]');
    if (!item) return false;
    const fill = item.querySelector("[data-goal-fill]");
    const bar = item.querySelector("[data-goal-bar]");
    if (fill) fill.style.inlineSize = goal.percent + "%";
    if (bar) bar.setAttribute("aria-valuenow", goal.percent);
    item.classList.remove("pulse");
    void item.offsetWidth;
    item.classList.add("pulse");
    return true;
  }

  const timers = {};
  function refresh(classId) {
    clearTimeout(timers[classId]);
    timers[classId] = setTimeout(() => {
      const root = card(classId);
      if (root && window.htmx) {
        window.htmx.ajax("GET", root.dataset.cardUrl, { target: root, swap: "outerHTML" });
      }
    }, 300);
  }

  // The teacher's words as written ({ar, fr, en}, blank where not written): the page's
  // language, else the first written (as the card does) with a "written in" note.
  const FALLBACK = ["fr", "ar", "en"];
  function teacherWords(texts, labels) {
    const lang = document.documentElement.lang;
    if (texts[lang]) return texts[lang];
    const written = FALLBACK.find((code) => texts[code]);
    if (!written) return "";
    const note = labels && labels.content.querySelector('[data-l="written-' + written + '"]');
    return texts[written] + (note ? " (" + note.textContent + ")" : "");
  }

  function celebrate(classId, event) {
    const root = card(classId);
    const labels = root && root.querySelector("template[data-goal-labels]");
    const lead = labels ? labels.content.querySelector('[data-l="reached"]').textContent : "";
    const text = lead + " " + teacherWords(event.milestone.title, labels) + " · "
      + teacherWords(event.milestone.unlocked, labels);
    if (window.madrastiLive) window.madrastiLive.toast(text);
  }

  // The connection (snapshot, ?since=, dedupe, heartbeat) is room.js's, one per class card.
  function connect(root) {
    const classId = root.dataset.classGoals;
    if (seen.has(classId)) return;
    seen.add(classId);
    let snapshots = 0;
    window.MadrastiRoom.open({
      path: root.dataset.classUrl,
      onStatus: (status) => {
        if (status === "open") document.body.dataset.classLive = "1";
      },
      onEvent: (event) => {
        // A second snapshot: this tab was away too long to replay; the card is redrawn.
        if (event.type === "state" && ++snapshots > 1) refresh(classId);
        if (event.type === "goal.progress") {
          moveBar(classId, event.goal);
          refresh(classId);
        } else if (event.type === "goal.reached") {
          moveBar(classId, event.goal);
          celebrate(classId, event);
          refresh(classId);
        }
      },
    });
  }

  function start() {
    cards().forEach(connect);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
