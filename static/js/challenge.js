// A friendly challenge, live. The server owns the clock and the score: this script only
// shows what it is told, sends `ready` / `answer`, and sends `tick` when a deadline passes
// (and every few seconds) so the server can move the match on. The connection (a `state`
// snapshot on load, ?since= on reconnect, dedupe) is room.js's; while a question is open it
// pings every 2 s, so a lost broadcast is noticed long before the deadline.
(function () {
  "use strict";
  // Texts come in every language ({ar, fr, en}): the page's first, then any non-empty one.
  const inLanguage = (texts) => (typeof texts === "string" ? texts
    : (texts && (texts[document.documentElement.lang] || Object.values(texts).find(Boolean))) || "");
  // Invitations and their answers on every page: invitations.js.
  // A value set into a sentence keeps its own direction (a Latin name or message in an Arabic
  // sentence, "+5" on the right side of its number): names and texts in first-strong
  // isolates, signed numbers left-to-right; plain numbers need none.
  function isolate(value) {
    const text = String(value ?? "");
    if (!text || /^[\d.,٫٪%]+$/.test(text)) return text;
    return (/^[+\-−][\d.,٫٪%]+$/.test(text) ? "\u2066" : "\u2068") + text + "\u2069";
  }
  const root = document.getElementById("challenge");
  if (!root || !("WebSocket" in window) || !window.MadrastiRoom) return;
  const path = root.dataset.challengeUrl;
  const me = Number(root.dataset.me);
  const player = root.dataset.role === "player";
  const $ = (sel) => root.querySelector(sel);
  const labels = document.getElementById("challenge-labels").content;
  const t = (key, values) => (labels.querySelector('[data-l="' + key + '"]') || { textContent: key })
    .textContent.replace(/\{(\w+)\}/g, (_, k) => isolate((values || {})[k]));
  let room = null, offset = 0, state = null, timer = null;

  const serverNow = () => Date.now() + offset;
  const status = (text) => { $("[data-challenge-status]").textContent = text; };
  const send = (msg) => room && room.send(msg);

  function renderScores(scores) {
    const body = $("[data-scoreboard] tbody");
    body.replaceChildren(...scores.map((s) => {
      const row = document.createElement("tr");
      row.dataset.player = s.player_id;
      [s.name, s.correct, s.answered].forEach((v) => {
        const cell = document.createElement("td");
        cell.textContent = String(v);
        row.appendChild(cell);
      });
      return row;
    }));
  }

  function showQuestion(q) {
    state.question = q;
    const box = $("[data-question]");
    box.hidden = false;
    $("[data-question-number]").textContent = t("question", { n: q.index + 1, total: q.total });
    $("[data-prompt]").textContent = inLanguage(q.prompt);
    $("[data-feedback]").textContent = "";
    const mine = (state.answered || []).includes(me);
    const choices = $("[data-choices]");
    choices.replaceChildren(...q.choices.map((c) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = inLanguage(c.text);
      button.dataset.choice = c.id;
      button.disabled = !player || mine;
      button.addEventListener("click", () => answer(String(c.id)));
      return button;
    }));
    const numeric = $("[data-numeric]");
    numeric.hidden = q.kind !== "numeric" || !player || mine;
    room.fast(true);
    schedule(Date.parse(q.deadline));
  }

  function answer(value) {
    if (!state.question) return;
    root.querySelectorAll("[data-choice]").forEach((b) => { b.disabled = true; });
    $("[data-numeric]").hidden = true;
    send({ type: "answer", question_id: state.question.id, answer: value });
  }

  function schedule(at) {
    clearTimeout(timer);
    const tickLoop = () => {
      const left = Math.max(0, Math.ceil((at - serverNow()) / 1000));
      if (state.status === "active" && state.question) $("[data-time-left]").textContent = t("seconds", { n: left });
      if (state.status === "active" && !state.question) status(t("countdown", { n: left }));
      if (left <= 0 && player) send({ type: "tick" });
      timer = setTimeout(tickLoop, left <= 0 ? 1000 : 250);
    };
    tickLoop();
  }

  // Times as the reader writes numbers ("7.5 s", "7,5 s"); Arabic keeps Moroccan Latin digits.
  const lang = document.documentElement.lang || "en";
  const seconds = new Intl.NumberFormat(lang === "ar" ? "ar-MA" : lang,
    { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const time = (ms) => t("time", { n: seconds.format(ms / 1000) });

  // Every player's time on each question and in all, one column per player.
  function renderTimes(results) {
    const box = $("[data-times]");
    if (!box || !results.length) return;
    const cell = (tag, text) => {
      const node = document.createElement(tag);
      node.textContent = text;
      return node;
    };
    const head = box.querySelector("thead tr");
    head.replaceChildren(document.createElement("td"), ...results.map((r) => {
      const th = cell("th", r.name);
      th.scope = "col";
      return th;
    }));
    const played = Math.max(0, ...results.map((r) => (r.times || []).length
      ? Math.max(...r.times.map((q) => q.index)) + 1 : 0));
    const rows = [];
    for (let index = 0; index < played; index++) {
      const row = document.createElement("tr");
      row.dataset.timeRow = String(index);
      const th = cell("th", t("question-n", { n: index + 1 }));
      th.scope = "row";
      row.append(th, ...results.map((r) => {
        const q = (r.times || []).find((x) => x.index === index);
        const td = cell("td", q ? time(q.time_ms) + (q.timed_out ? " · " + t("ran-out") : q.correct ? " ✓" : "") : "–");
        td.dataset.player = String(r.player_id);
        return td;
      }));
      rows.push(row);
    }
    const total = document.createElement("tr");
    total.dataset.total = "";
    const th = cell("th", t("total-time"));
    th.scope = "row";
    total.append(th, ...results.map((r) => {
      const td = cell("td", time(r.total_ms));
      td.dataset.player = String(r.player_id);
      return td;
    }));
    rows.push(total);
    box.querySelector("tbody").replaceChildren(...rows);
    box.hidden = false;
  }

  function finish(results, winnerId) {
    state.status = "finished";
    room.fast(false);
    clearTimeout(timer);
    $("[data-question]").hidden = true;
    $("[data-finished]").hidden = false;
    const mine = results.find((r) => r.player_id === me);
    status(t("observer-end"));
    $("[data-end-message]").textContent = mine ? t(mine.outcome || (winnerId === null ? "tie" : "lost")) : t("observer-end");
    $("[data-finished]").dataset.winner = winnerId === null ? "" : String(winnerId);
    $("[data-finished]").dataset.outcome = mine ? mine.outcome : "";
    renderTimes(results);
  }

  function applyState(s) {
    state = s;
    offset = Date.parse(s.now) - Date.now();
    renderScores(s.scores);
    const ready = $("[data-ready-box]");
    const meReady = s.scores.some((p) => p.player_id === me && p.ready);
    if (ready) ready.hidden = s.status !== "accepted" || meReady;
    if (s.status === "finished") return finish(s.results, s.winner_id);
    if (["pending", "declined", "expired"].includes(s.status)) return status(t(s.status));
    if (s.status === "accepted") return status(t("waiting"));
    status(t("playing"));
    if (s.question) showQuestion(s.question);
    else if (s.starts_at) schedule(Date.parse(s.starts_at));
  }

  const handlers = {
    state: (e) => applyState(e.state),
    ready: (e) => {
      const seat = state.scores.find((p) => p.player_id === e.player_id);
      if (seat) seat.ready = true;
      if (e.player_id === me && $("[data-ready-box]")) $("[data-ready-box]").hidden = true;
    },
    countdown: (e) => {
      offset = Date.parse(e.now) - Date.now();
      state.status = "active";
      state.starts_at = e.starts_at;
      schedule(Date.parse(e.starts_at));
    },
    question: (e) => { state.answered = []; status(t("playing")); showQuestion(e); },
    "answer.result": (e) => {
      state.answered = (state.answered || []).concat([e.player_id]);
      if (e.player_id === me) $("[data-feedback]").textContent = t(e.correct ? "right" : "wrong");
    },
    "question.closed": (e) => {
      room.fast(false);
      $("[data-feedback]").textContent = t("reveal", { answer: inLanguage(e.correct_answer) });
    },
    score: (e) => { state.scores = e.scores; renderScores(e.scores); },
    finished: (e) => finish(e.results, e.winner_id),
    expired: () => {
      state.status = "expired";
      if ($("[data-ready-box]")) $("[data-ready-box]").hidden = true;
      status(t("expired"));
    },
  };

  // The challenger waiting on this page hears the invitee's answer on their own channel.
  const answered = { "challenge.accepted": "accepted", "challenge.declined": "declined",
    "challenge.expired": "expired" };
  Object.entries(answered).forEach(([type, next]) => {
    document.addEventListener("live:" + type, (e) => {
      if (!state || e.detail.challenge.id !== state.id || state.status !== "pending") return;
      applyState(Object.assign({}, state, { status: next, now: new Date(serverNow()).toISOString() }));
    });
  });

  const readyButton = $("[data-ready]");
  if (readyButton) readyButton.addEventListener("click", () => send({ type: "ready" }));
  $("[data-numeric]").addEventListener("submit", (e) => {
    e.preventDefault();
    const value = e.target.elements.answer.value.trim();
    if (value) answer(value);
  });
  // A heartbeat: keeps this player present (the grace period) and moves the server's clock.
  if (player) setInterval(() => send({ type: "tick" }), 10000);
  status(t("connecting"));
  room = window.MadrastiRoom.open({
    path,
    element: root,
    handlers,
    onError: (event) => { $("[data-feedback]").textContent = event.message; },
  });
})();
