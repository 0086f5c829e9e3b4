// One client for every live room (docs/protocol.md): connect, back-off, ?since=, seq
// dedupe, close codes, heartbeat, and resume when the server says the room is further on.
// A page's own script only renders: it gets each room event once, in order.
//
//   const room = window.MadrastiRoom.open({
//     path: "/ws/peer-help/7/",        // the room's socket
//     element: root,                   // gets data-live ("open" / "closed" / "refused") and data-seq
//     handlers: {state: (e) => ..., message: (e) => ...},  // by type: "state" and every
//                                      // numbered event, each once, in order
//     onEvent: (event) => {...},       // or one function for every event
//     onError: (event) => {...},       // an `error` frame (the socket stays open)
//     onStatus: (status) => {...},     // "open", "reconnecting", "refused"
//     storeKey: "live-seq:...",        // optional: resume across page loads (sessionStorage)
//     heartbeatMs: 10000,              // until the server says `heartbeat_seconds`
//   });
//   room.send({type: "say", text: "..."});   // false when the socket is not open
//   room.fast(true);                          // a timed question is open: ping every 2 s,
//                                             // and notices wait (quiet, below)
//
// Quiet: while a timed question is on screen, celebrations and notices (toasts, dialogs)
// wait in a queue and show once no timed question is left, so nothing covers a question
// whose clock is running. Every script shows them through `later`:
//   window.MadrastiRoom.quiet.later(() => showTheDialog());
//   window.MadrastiRoom.quiet.hold("key") / .release("key");   // room.fast does it itself
(function () {
  "use strict";
  const REFUSED = [4401, 4403]; // not logged in, not allowed here: retrying cannot help
  const TOO_MANY = 4429; // too many sockets for this user: retry, slowly
  const FAST_MS = 2000;
  const SILENCE_MS = 15000; // no word from the server this long past a ping: reconnect
  // A match serves its next question the moment one closes: what waited shows only when no
  // question followed within this time (the reveal gets a moment on screen, too).
  const QUIET_AFTER_MS = 1200;

  const quiet = (function () {
    const holds = new Set();
    const queue = [];
    let flushTimer = null;

    function mark() {
      if (!document.body) return;
      if (holds.size) document.body.dataset.quiet = "on";
      else delete document.body.dataset.quiet;
    }

    function flush() {
      flushTimer = null;
      while (!holds.size && queue.length) {
        try {
          queue.shift()();
        } catch (error) {
          setTimeout(() => { throw error; }); // reported, without losing the rest
        }
      }
    }

    return {
      hold(key) {
        clearTimeout(flushTimer);
        flushTimer = null;
        holds.add(key);
        mark();
      },
      release(key) {
        if (!holds.delete(key)) return;
        mark();
        if (!holds.size && queue.length) {
          clearTimeout(flushTimer);
          flushTimer = setTimeout(flush, QUIET_AFTER_MS);
        }
      },
      // Show now, or as soon as no timed question is on screen (in arrival order).
      later(show) {
        if (holds.size || flushTimer || queue.length) queue.push(show);
        else show();
      },
      get held() {
        return holds.size > 0;
      },
      get waiting() {
        return queue.length;
      },
    };
  })();
  let rooms = 0;

  function open(options) {
    const quietKey = "room-" + ++rooms;
    const element = options.element || null;
    const storeKey = options.storeKey || null;
    let heartbeatMs = options.heartbeatMs || 10000;
    let fastMode = false;
    let socket = null;
    let retry = 0;
    let beat = null;
    let lastHeard = 0;
    let reconnectTimer = null;
    let stopped = false;
    let lastSeq = null;
    if (storeKey) {
      const stored = Number(sessionStorage.getItem(storeKey) || "NaN");
      if (Number.isFinite(stored)) lastSeq = stored;
    }

    function mark(name, value) {
      if (element) element.dataset[name] = value;
    }

    function status(value) {
      mark("live", value === "reconnecting" ? "closed" : value);
      if (options.onStatus) options.onStatus(value);
    }

    function remember(seq) {
      lastSeq = seq;
      mark("seq", String(seq));
      if (storeKey) sessionStorage.setItem(storeKey, String(seq));
    }

    function send(message) {
      if (!socket || socket.readyState !== 1) return false;
      socket.send(JSON.stringify(message));
      return true;
    }

    function interval() {
      return fastMode ? Math.min(FAST_MS, heartbeatMs) : heartbeatMs;
    }

    function startBeat() {
      clearInterval(beat);
      beat = setInterval(() => {
        if (Date.now() - lastHeard > interval() + SILENCE_MS) {
          drop(); // a half-open connection: the browser may not notice for minutes
          return;
        }
        send({ type: "ping" });
      }, interval());
    }

    function setHeartbeat(seconds) {
      const ms = Math.max(500, seconds * 1000);
      if (ms === heartbeatMs) return;
      heartbeatMs = ms;
      if (beat) startBeat();
    }

    function deliver(event) {
      if (event.type === "state") {
        remember(event.seq);
        const presence = event.state && event.state.presence;
        if (presence && presence.heartbeat_seconds) setHeartbeat(presence.heartbeat_seconds);
      } else if (typeof event.seq === "number") {
        if (lastSeq !== null && event.seq <= lastSeq) return; // a duplicate
        if (lastSeq !== null && event.seq > lastSeq + 1) {
          // A gap can only mean this connection lost something: start again from lastSeq.
          drop();
          return;
        }
        remember(event.seq);
      }
      const handler = options.handlers && options.handlers[event.type];
      if (handler) handler(event);
      if (options.onEvent) options.onEvent(event);
      // Also for anyone listening (tests, other scripts): which room, which event.
      document.dispatchEvent(new CustomEvent("room:event", { detail: { path: options.path, event } }));
    }

    function onMessage(raw) {
      lastHeard = Date.now();
      let event;
      try {
        event = JSON.parse(raw.data);
      } catch (_) {
        return;
      }
      if (event.type === "error") {
        if (options.onError) options.onError(event);
        return;
      }
      // Welcomed (not accepted-then-refused, as with 4429): the back-off starts again.
      retry = 0;
      if (event.type === "pong") {
        if (event.heartbeat_seconds) setHeartbeat(event.heartbeat_seconds);
        // The room is further on than this tab: a broadcast was lost. Ask for the gap.
        if (lastSeq !== null && event.room_seq > lastSeq) send({ type: "resume", since: lastSeq });
        return;
      }
      deliver(event);
    }

    function scheduleReconnect(code) {
      clearTimeout(reconnectTimer);
      retry = Math.min(retry + 1, code === TOO_MANY ? 8 : 6);
      const wait = Math.min(30000, 400 * 2 ** retry) * (0.5 + Math.random() / 2);
      reconnectTimer = setTimeout(connect, wait);
    }

    function onClose(closeEvent) {
      clearInterval(beat);
      beat = null;
      socket = null;
      if (stopped) return;
      if (REFUSED.includes(closeEvent.code)) {
        stopped = true;
        status("refused");
        return;
      }
      status("reconnecting");
      scheduleReconnect(closeEvent.code);
    }

    // Give up on this connection now (without waiting for a close handshake) and reconnect.
    function drop() {
      const dead = socket;
      if (!dead) return;
      dead.onmessage = dead.onclose = null;
      try {
        dead.close();
      } catch (_) {
        // already closing
      }
      onClose({ code: 1006 });
    }

    function connect() {
      if (stopped || socket) return;
      const scheme = location.protocol === "https:" ? "wss://" : "ws://";
      const query = lastSeq === null ? "" : "?since=" + lastSeq;
      const current = new WebSocket(scheme + location.host + options.path + query);
      socket = current;
      current.onopen = () => {
        lastHeard = Date.now();
        status("open");
        startBeat();
        send({ type: "ping" }); // learns the heartbeat and whether the room is further on
      };
      current.onmessage = onMessage;
      current.onclose = onClose;
    }

    // Back online, or back to a tab the browser had frozen: do not wait for the back-off.
    window.addEventListener("online", () => {
      if (!socket && !stopped) {
        clearTimeout(reconnectTimer);
        connect();
      }
    });

    connect();
    return {
      send,
      fast(on) {
        if (on) quiet.hold(quietKey);
        else quiet.release(quietKey);
        if (fastMode === !!on) return;
        fastMode = !!on;
        if (beat) {
          startBeat();
          if (fastMode) send({ type: "ping" });
        }
      },
      get lastSeq() {
        return lastSeq;
      },
      get open() {
        return !!socket && socket.readyState === 1;
      },
    };
  }

  window.MadrastiRoom = { open, quiet };
})();
