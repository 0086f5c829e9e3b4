// Peer help, live. On the lists page: requests, acceptances and thanks arrive on the user's
// channel (live.js) and the lists are refreshed from the server. On the chat page: its own
// room (/ws/peer-help/<id>/, connected by room.js: a `state` snapshot on load, ?since= on
// reconnect). Every text is set with textContent only.
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
  const labelsNode = document.getElementById("peerhelp-labels");
  const labels = labelsNode ? labelsNode.content : null;
  const t = (key, values) => {
    const node = labels && labels.querySelector('[data-l="' + key + '"]');
    return (node ? node.textContent : key)
      .replace(/\{(\w+)\}/g, (_, k) => isolate((values || {})[k]));
  };
  const lang = document.documentElement.lang;
  const localName = (names) => (names && (names[lang] || Object.values(names).find(Boolean))) || "";

  // --- the lists page: refresh a section from the server (escaped by Django) -------------
  function refresh(selector) {
    if (!document.querySelector(selector) || !window.htmx) return;
    window.htmx.ajax("GET", location.pathname, { target: selector, select: selector, swap: "outerHTML" });
  }
  const onLists = () => !document.getElementById("peer-help");
  // The toasts themselves come from live.js, on every page.
  document.addEventListener("live:peerhelp.requested", () => { if (onLists()) refresh("#to-help"); });
  document.addEventListener("live:peerhelp.closed", () => { if (onLists()) refresh("#to-help"); });
  document.addEventListener("live:peerhelp.accepted", () => { if (onLists()) refresh("#my-requests"); });
  document.addEventListener("live:peerhelp.completed", () => { if (onLists()) refresh("#my-requests"); });
  const refreshRecognition = () => { if (onLists()) refresh("[data-section=recognition]"); };
  document.addEventListener("live:peerhelp.thanked", refreshRecognition);
  document.addEventListener("live:peerhelp.acknowledged", refreshRecognition);

  // --- the chat page ---------------------------------------------------------------------
  const root = document.getElementById("peer-help");
  if (!root || !("WebSocket" in window) || !window.MadrastiRoom) return;
  const $ = (sel) => root.querySelector(sel);
  const me = Number(root.dataset.me);
  const observer = root.dataset.role === "observer";
  const lines = $("[data-chat-lines]");
  const form = $("[data-chat-form]");
  let room = null, pending = "";

  const showError = (text) => { $("[data-chat-error]").textContent = text || ""; };

  function setStatus(status) {
    root.dataset.status = status;
    const key = status === "accepted" && observer ? "accepted-observer" : status;
    $("[data-chat-status]").textContent = t(key);
    if (form) form.hidden = status !== "accepted";
    const done = root.querySelector("[data-done-form]");
    if (done) done.hidden = status !== "accepted";
    const cancel = root.querySelector("[data-cancel-form]");
    if (cancel) cancel.hidden = status !== "open";
    const wrapUp = root.querySelector("[data-wrap-up]");
    if (wrapUp) wrapUp.hidden = status !== "completed";
  }

  function addLine(message) {
    if (lines.querySelector('[data-message-id="' + message.id + '"]')) return;
    const item = document.createElement("li");
    item.className = "chat-line" + (message.author.id === me ? " mine" : "");
    item.dataset.messageId = String(message.id);
    item.dataset.author = String(message.author.id);
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = message.author.id === me ? t("me") : message.author.name;
    const text = document.createElement("span");
    text.className = "text";
    text.dir = "auto";
    text.textContent = message.text;
    item.append(who, text);
    lines.appendChild(item);
    lines.scrollTop = lines.scrollHeight;
  }

  function addNote(text) {
    const item = document.createElement("li");
    item.className = "chat-line system";
    item.textContent = text;
    lines.appendChild(item);
  }

  // The header says who is helping once a helper has joined (it said "waiting" before).
  function showHelper(request) {
    const lead = document.querySelector("[data-chat-lead]");
    if (!lead || !request.helper) return;
    lead.textContent = t("helping", { helper: request.helper.name, requester: request.requester.name });
  }

  const handlers = {
    state: (e) => {
      lines.replaceChildren();
      e.state.messages.forEach(addLine);
      setStatus(e.state.status);
      showHelper(e.state);
    },
    message: (e) => {
      if (e.message.author.id === me) pending = "";
      addLine(e.message);
    },
    accepted: (e) => {
      addNote(t("joined", { name: e.request.helper.name }));
      showHelper(e.request);
      setStatus("accepted");
    },
    completed: (e) => { addNote(t("ended", { name: e.completed_by.name })); setStatus("completed"); },
    cancelled: () => setStatus("cancelled"),
  };

  function onError(event) {
    showError(event.message);
    if (pending && form && !form.elements.text.value) form.elements.text.value = pending;
    pending = "";
  }

  if (form) {
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = form.elements.text.value.trim();
      if (!text || !room.open) return;
      showError("");
      pending = text;
      room.send({ type: "say", text });
      form.elements.text.value = "";
      form.elements.text.focus();
    });
    form.elements.text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
  }
  room = window.MadrastiRoom.open({
    path: root.dataset.chatUrl,
    element: root,
    handlers,
    onError,
    onStatus: (status) => {
      if (status === "reconnecting") $("[data-chat-status]").textContent = t("reconnecting");
    },
  });
})();
