// Keeps a drawn skill tree in step with live events: mastery values move as answers are
// recorded, and a newly opened skill changes from locked to ready with a celebration.
(function () {
  "use strict";
  const labels = document.getElementById("tree-labels");
  const lang = document.documentElement.lang || "en";
  const rtl = document.documentElement.dir === "rtl";

  function label(key, values) {
    const node = labels && labels.content.querySelector('[data-label="' + key + '"]');
    const text = node ? node.textContent : key;
    return text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ""));
  }

  function nameOf(names) {
    return (names && (names[lang] || names.en || Object.values(names)[0])) || "";
  }

  function setStatus(link, status) {
    const group = link.querySelector("g.node");
    if (!group) return;
    group.classList.forEach((c) => { if (c.startsWith("status-")) group.classList.remove(c); });
    group.classList.add("status-" + status);
    link.dataset.status = status;
  }

  document.addEventListener("live:attempt.recorded", (e) => {
    const skill = e.detail.skill;
    document.querySelectorAll('[data-tree-node="' + skill.id + '"]').forEach((link) => {
      const value = link.querySelector(".node-value");
      const fill = link.querySelector(".node-fill");
      const track = link.querySelector(".node-track");
      if (value) value.textContent = skill.mastery + "%";
      if (fill && track) {
        const width = Number(track.getAttribute("width"));
        const x = Number(track.getAttribute("x"));
        const w = Math.round((width * skill.mastery) / 10) / 10;
        fill.setAttribute("width", String(w));
        fill.setAttribute("x", String(rtl ? x + width - w : x));
      }
      // The level comes with the number: "mastered" only when the evidence is there.
      if (skill.level === "mastered") setStatus(link, "mastered");
      else if (link.dataset.status === "ready" || link.dataset.status === "mastered") {
        setStatus(link, "in_progress");
      }
    });
  });

  document.addEventListener("live:skill.unlocked", (e) => {
    const skill = e.detail.skill;
    document.querySelectorAll('[data-tree-node="' + skill.id + '"]').forEach((link) => {
      setStatus(link, "ready");
    });
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
  });
})();
