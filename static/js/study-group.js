// A study group's live session. The server decides who is here, grades the group's answer
// and owns the clock: this script shows what it is told and sends intentions (chat, pick,
// propose, submit, pin, end). The connection (a `state` snapshot on load, ?since= on
// reconnect, the heartbeat that keeps this member present) is room.js's. People's words are
// only ever set as textContent.
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
  const root = document.getElementById("study-group");
  if (!root || !("WebSocket" in window) || !window.MadrastiRoom) return;
  const path = root.dataset.url;
  const me = Number(root.dataset.me);
  const member = root.dataset.role === "member";
  const $ = (sel) => root.querySelector(sel);
  const labels = document.getElementById("study-group-labels").content;
  const t = (key, values) => (labels.querySelector('[data-l="' + key + '"]') || { textContent: key })
    .textContent.replace(/\{(\w+)\}/g, (_, k) => isolate((values || {})[k]));
  let room = null, state = null;
  // A typed number as the reader writes numbers (mastery.variants.format_number): "529,2" in
  // French and Arabic, "529.2" in English, a true minus sign, whoever typed it.
  function localNumber(text) {
    const raw = String(text ?? "").trim();
    if (!/^[-−]?\d+([.,٫]\d+)?$/.test(raw)) return text;
    let number = raw.replace(/[,٫]/, ".").replace("−", "-");
    if (number.includes(".")) number = number.replace(/0+$/, "").replace(/\.$/, "");
    const lang = document.documentElement.lang;
    if (lang === "fr" || lang === "ar") number = number.replace(".", ",");
    return number.replace("-", "−");
  }
  // A time as the server writes it: the page's language, a 24-hour clock, the school's zone
  // (never the browser's own, nor UTC).
  function clock(iso) {
    const html = document.documentElement;
    return new Date(iso).toLocaleTimeString(html.dataset.locale || html.lang, {
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: html.dataset.timeZone || undefined,
    });
  }

  const send = (msg) => room && room.send(msg);
  // Names and question texts come in every language: the page's first, then any non-empty one.
  const inLanguage = (texts) => (typeof texts === "string" ? texts
    : (texts && (texts[document.documentElement.lang] || Object.values(texts).find(Boolean))) || "");
  const el = (tag, text, attrs) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    Object.entries(attrs || {}).forEach(([k, v]) => { node.setAttribute(k, v); });
    return node;
  };
  const memberIds = () => new Set((state.members || []).map((m) => m.id));

  function showError(text) {
    const box = $("[data-error]");
    box.textContent = text;
    box.hidden = !text;
  }

  function renderPresence(users) {
    state.presence = users;
    const ids = memberIds();
    const here = users.filter((u) => ids.has(u.id));
    const observers = users.filter((u) => !ids.has(u.id));
    $("[data-presence]").replaceChildren(...here.map((u) => el("li", u.name, {
      "data-user": String(u.id), "data-here": u.id === me ? "me" : "other",
    })));
    const obs = $("[data-observers]");
    obs.hidden = observers.length === 0;
    obs.textContent = t("observer", { names: observers.map((u) => u.name).join(", ") });
  }

  function renderSession(session) {
    state.session = session;
    const ended = !session || session.ended_at;
    $("[data-status]").textContent = !session ? t("waiting")
      : session.ended_at ? t("ended")
      : t("live", { time: clock(session.started_at) });
    $("[data-topic]").textContent = session ? session.topic : "";
    $("[data-ended]").hidden = !(session && session.ended_at);
    if (session && session.ended_at) {
      $("[data-record-link]").href = root.dataset.recordUrl.replace(/\/0\/$/, "/" + session.id + "/");
    }
    root.dataset.session = ended ? "" : String(session.id);
  }

  function renderGoals(goals) {
    const items = goals.map((g) => el("li", t("goal", {
      skill: inLanguage(g.skill), target: g.target, reached: g.reached.length, total: g.total,
    }), { "data-goal": String(g.id) }));
    $("[data-goals]").replaceChildren(...(items.length ? items : [el("li", t("no-goals"), { class: "muted" })]));
  }

  function chatItem(message) {
    const item = el("li", undefined, { "data-message": String(message.id) });
    item.appendChild(el("span", message.author.name, { class: "sg-author" }));
    item.appendChild(el("span", message.text, { dir: "auto", "data-text": "" }));
    if (member) {
      const pin = el("button", t("pin"), { type: "button", class: "link-button" });
      pin.addEventListener("click", () => send({ type: "pin", message_id: message.id }));
      item.appendChild(pin);
    }
    return item;
  }

  function addChat(message) {
    const list = $("[data-chat]");
    if (list.querySelector('[data-message="' + message.id + '"]')) return;
    list.appendChild(chatItem(message));
    list.scrollTop = list.scrollHeight;
  }

  function addInsight(insight) {
    const item = el("li", undefined, { "data-insight": String(insight.id) });
    item.appendChild(el("span", insight.text, { dir: "auto" }));
    item.appendChild(el("span", " — " + insight.author.name, { class: "muted" }));
    $("[data-insights]").appendChild(item);
  }

  function renderExercises(exercises) {
    const select = $("[data-pick-select]");
    if (!select) return;
    select.replaceChildren(el("option", t("choose"), { value: "" }));
    exercises.forEach((exercise) => {
      const group = el("optgroup", undefined, { label: inLanguage(exercise.skill) + " · " + inLanguage(exercise.title) });
      exercise.questions.forEach((id, i) => group.appendChild(el("option", t("question-n", { n: i + 1 }) + " · " + inLanguage(exercise.title), { value: String(id) })));
      select.appendChild(group);
    });
  }

  function currentAnswer() {
    const q = state.current && state.current.question;
    if (!q) return "";
    if (q.kind === "numeric") return $('[data-numeric] input').value.trim();
    const picked = root.querySelector('[data-choices] input[name="choice"]:checked');
    return picked ? picked.value : "";
  }

  function renderQuestion(current) {
    state.current = current;
    $("[data-question]").hidden = !current;
    $("[data-no-question]").hidden = !!current;
    if (!current) return;
    const q = current.question;
    root.dataset.round = String(current.round);
    $("[data-exercise-title]").textContent = inLanguage(q.exercise.title);
    $("[data-picked-by]").textContent = current.picked_by ? t("picked", { name: current.picked_by.name }) : "";
    $("[data-prompt]").textContent = inLanguage(q.prompt);
    const choices = $("[data-choices]");
    const legend = choices.querySelector("legend");
    choices.replaceChildren(legend, ...q.choices.map((c) => {
      const label = el("label", undefined, { class: "choice" });
      const input = el("input", undefined, { type: "radio", name: "choice", value: String(c.id) });
      input.disabled = !member;
      label.appendChild(input);
      label.appendChild(el("span", inLanguage(c.text), { dir: "auto" }));
      return label;
    }));
    choices.hidden = q.kind === "numeric";
    $("[data-numeric]").hidden = q.kind !== "numeric" || !member;
    $("[data-numeric] input").value = "";
    $("[data-proposals]").replaceChildren();
    (current.proposals || []).forEach(addProposal);
    renderResult(current.result);
  }

  function addProposal(p) {
    if (!state.current || p.round !== state.current.round) return;
    $("[data-proposals]").appendChild(el("li", t("suggested", { name: p.author.name, answer: localNumber(inLanguage(p.label)) }), { "data-proposal": String(p.id) }));
  }

  function renderResult(result) {
    const box = $("[data-result]");
    box.hidden = !result;
    root.querySelectorAll("[data-propose], [data-submit]").forEach((b) => { b.disabled = !!result; });
    if (!result) { box.replaceChildren(); delete box.dataset.correct; return; }
    const names = result.credited.map((c) => c.name).join(", ");
    box.dataset.correct = String(result.correct);
    box.replaceChildren(el("p", t(result.correct ? "right" : "wrong", { name: result.submitted_by.name, answer: localNumber(inLanguage(result.label)), names }), { class: "feedback-title" }));
    const explanation = inLanguage(result.explanation);
    if (explanation) box.appendChild(el("p", explanation, { dir: "auto" }));
    if (member && !result.correct) {
      const again = el("button", t("try-again"), { type: "button", class: "button" });
      again.addEventListener("click", () => send({ type: "pick", question_id: result.question_id }));
      box.appendChild(again);
    }
  }

  function applyState(s) {
    state = s;
    const focus = $("[data-focus]");
    const focusText = s.group.focus || inLanguage(s.group.focus_skill);
    focus.hidden = !focusText;
    focus.textContent = t("focus", { focus: focusText });
    renderSession(s.session);
    renderGoals(s.goals);
    renderExercises(s.exercises);
    $("[data-chat]").replaceChildren();
    s.chat.forEach(addChat);
    $("[data-insights]").replaceChildren();
    s.insights.forEach(addInsight);
    renderQuestion(s.current);
    renderPresence((s.presence && s.presence.users) || []);
  }

  const handlers = {
    state: (e) => applyState(e.state),
    presence: (e) => {
      // A delta: who joined (with names) and who left (ids) since the last one.
      const byId = new Map((state.presence || []).map((u) => [u.id, u]));
      e.joined.forEach((u) => byId.set(u.id, u));
      e.left.forEach((id) => byId.delete(id));
      renderPresence([...byId.values()].sort((a, b) => a.name.localeCompare(b.name)));
    },
    "session.started": (e) => {
      renderSession(e.session);
      $("[data-chat]").replaceChildren();
      $("[data-insights]").replaceChildren();
      renderQuestion(null);
    },
    "session.ended": (e) => renderSession(e.session),
    topic: (e) => { if (state.session) { state.session.topic = e.topic; $("[data-topic]").textContent = e.topic; } },
    chat: (e) => addChat(e.message),
    "insight.pinned": (e) => addInsight(e.insight),
    question: (e) => renderQuestion({ round: e.round, question: e.question, picked_by: e.picked_by, proposals: [], result: null }),
    proposal: (e) => addProposal(e.proposal),
    "answer.result": (e) => { if (state.current && state.current.round === e.round) { state.current.result = e; renderResult(e); } },
    goals: (e) => renderGoals(e.goals),
    "member.joined": (e) => { state.members = state.members.concat([e.member]); },
    "member.left": (e) => { state.members = state.members.filter((m) => m.id !== e.member.id); },
  };

  function onSubmit(selector, build) {
    const form = $(selector);
    if (!form) return;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const message = build(form);
      if (!message) return;
      showError("");
      send(message);
      form.reset();
    });
  }

  onSubmit("[data-chat-form]", (f) => ({ type: "chat", text: f.elements.text.value.trim() }));
  onSubmit("[data-topic-form]", (f) => ({ type: "topic", text: f.elements.text.value.trim() }));
  onSubmit("[data-pin-form]", (f) => ({ type: "pin", text: f.elements.text.value.trim() }));
  onSubmit("[data-pick-form]", (f) => f.elements.question.value && ({ type: "pick", question_id: Number(f.elements.question.value) }));
  [["[data-propose]", "propose"], ["[data-submit]", "submit"]].forEach(([sel, type]) => {
    const button = $(sel);
    if (!button) return;
    button.addEventListener("click", () => {
      const answer = currentAnswer();
      if (!answer || !state.current) return;
      showError("");
      send({ type, round: state.current.round, answer });
    });
  });
  const end = $("[data-end]");
  if (end) end.addEventListener("click", () => { if (window.confirm(t("confirm-end"))) send({ type: "end" }); });
  $("[data-status]").textContent = t("connecting");
  room = window.MadrastiRoom.open({
    path,
    element: root,
    handlers,
    onError: (event) => showError(event.message),
  });
})();
