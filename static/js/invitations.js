// Invitations, live, on every page of a student (docs/protocol.md): friendly challenges and
// study groups. The invitee's notice is the server's own invitation
// (/challenges/<id>/invitation/, /groups/invitations/<id>/: worded
// in the page's language, with Accept / Not this time answered in place by htmx). The
// challenger hears the answer: from /challenges/, where they wait, they are taken to the
// match; elsewhere a notice offers the way there. Cards listing challenges refresh
// themselves (live.js, data-live-refresh); notices wait during a timed question (room.js).
(function () {
  "use strict";
  const live = window.madrastiLive;
  if (!live) return;
  const labels = document.getElementById("level-labels");

  function url(feature, kind, id) {
    const link = labels && labels.content.querySelector("[data-" + feature + '-url="' + kind + '"]');
    return link ? link.getAttribute("href").replace("/0/", "/" + id + "/") : null;
  }

  const text = (key, values) =>
    live.format(live.label('[data-challenge-label="' + key + '"]', "{name}"), values || {});

  // The server's own invitation (its words, its forms with the CSRF token), shown as a
  // notice that stays until answered or closed. `key` tells one offer from another.
  function offer(address, key, fallback) {
    if (!address) return;
    fetch(address, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => {
        if (!html) return; // answered or closed meanwhile
        const template = document.createElement("template");
        template.innerHTML = html; // the server's escaped HTML; no script runs from it
        live.notice(() => {
          if (document.querySelector('#toasts [data-offer="' + key + '"]')) return null;
          const invitation = template.content.querySelector("[data-invitation]");
          if (invitation) invitation.dataset.offer = key;
          return invitation;
        });
      })
      .catch(() => { if (fallback) live.toast(fallback); });
  }

  document.addEventListener("live:challenge.invited", (e) => {
    const id = e.detail.challenge.id;
    offer(url("challenge", "invitation", id), "challenge-" + id);
  });

  document.addEventListener("live:group.invited", (e) => {
    const id = e.detail.invitation;
    offer(url("group", "invitation", id), "group-" + id, e.detail.invited_by.name + ": " + e.detail.group.name);
  });

  // Answered elsewhere (another page, or the group's own Join): this page stops offering it.
  // The page that is answering it right now (htmx in flight) keeps its notice for the reply.
  function withdraw(key) {
    document.querySelectorAll('#toasts [data-offer="' + key + '"]').forEach((invitation) => {
      if (invitation.querySelector(".htmx-request")) return;
      const item = invitation.closest(".notice-toast");
      if (item) item.remove();
    });
  }

  document.addEventListener("live:group.invitation_answered", (e) => {
    withdraw("group-" + e.detail.invitation);
  });

  document.addEventListener("live:challenge.answered", (e) => {
    withdraw("challenge-" + e.detail.challenge.id);
  });

  document.addEventListener("live:challenge.accepted", (e) => {
    const challenge = e.detail.challenge;
    const play = url("challenge", "play", challenge.id);
    const match = document.getElementById("challenge");
    if (match && match.dataset.challengeUrl === "/ws/challenges/" + challenge.id + "/") return;
    if (document.getElementById("my-challenges") && play) {
      location.assign(play); // they were waiting for this answer: to the match
      return;
    }
    live.notice(() => {
      const box = document.createElement("div");
      box.className = "stack";
      box.dataset.accepted = String(challenge.id);
      const words = document.createElement("p");
      words.textContent = text("accepted", { name: challenge.opponent.name });
      const link = document.createElement("a");
      link.className = "button primary";
      link.href = play;
      link.textContent = text("play");
      const actions = document.createElement("p");
      actions.className = "actions";
      actions.append(link);
      box.append(words, actions);
      return box;
    });
  });

  document.addEventListener("live:challenge.declined", (e) => {
    live.toast(text("declined", { name: e.detail.challenge.opponent.name }));
  });

  // An answer given in a notice removed its invitation; the notice goes with it.
  // One that could not be answered (expired meanwhile) says why, then goes.
  document.addEventListener("htmx:afterSwap", () => {
    document.querySelectorAll("#toasts .notice-toast").forEach((item) => {
      if (!item.querySelector("[data-invitation], [data-accepted]")) item.remove();
      else if (item.querySelector("[data-invitation-closed]")) setTimeout(() => item.remove(), 6000);
    });
  });
})();
