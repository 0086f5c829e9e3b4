// The user's live channel: resumes from the last event seen in this tab, so nothing sent
// while a page was loading or the network blinked is missed.
(function () {
  "use strict";
  const body = document.body;
  const path = body.dataset.liveUrl;
  if (!path || !("WebSocket" in window)) return;

  const storeKey = "live-seq:" + path;
  const labels = document.getElementById("level-labels");
  let lastSeq = Number(sessionStorage.getItem(storeKey) || "NaN");
  let retry = 0;

  function label(selector, fallback) {
    const node = labels && labels.content.querySelector(selector);
    return node ? node.textContent : fallback;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  }

  function toast(text) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const item = document.createElement("div");
    item.className = "toast";
    item.textContent = text;
    box.appendChild(item);
    setTimeout(() => item.remove(), 6000);
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
  };

  function remember(seq) {
    if (typeof seq === "number") {
      lastSeq = seq;
      sessionStorage.setItem(storeKey, String(seq));
    }
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const query = Number.isFinite(lastSeq) ? "?since=" + lastSeq : "";
    const socket = new WebSocket(scheme + location.host + path + query);
    socket.addEventListener("open", () => {
      retry = 0;
      body.dataset.live = "open";
    });
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(message.data);
      if (event.type === "error") return;
      if (typeof event.seq === "number" && event.type !== "state" && event.type !== "pong"
          && Number.isFinite(lastSeq) && event.seq <= lastSeq) return;
      remember(event.seq);
      const handler = handlers[event.type];
      if (handler) handler(event);
      document.dispatchEvent(new CustomEvent("live:" + event.type, { detail: event }));
    });
    socket.addEventListener("close", (closeEvent) => {
      body.dataset.live = "closed";
      if (closeEvent.code === 4401 || closeEvent.code === 4403) return;
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * 2 ** retry * (0.5 + Math.random() / 2));
    });
  }

  window.madrastiLive = { handlers, toast, updateSkill };
  connect();
})();
