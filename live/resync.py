"""Catching sockets up when the channel layer lost events (a Redis outage or blip).

The room log in PostgreSQL is the truth; the channel layer only carries the news. Without
this module a socket that missed events while Redis was away learns of them only when the
next event of its room arrives, which in a quiet room (or a question waiting for an answer)
may be never. Here, per daphne process:

- Every socket registers under its room, and the process remembers the highest `seq` it has
  seen in each room (relayed, read from the log, or published here): `pong` carries it as
  `room_seq`, so a client that is behind resumes by itself.
- The layer is watched: a broadcast that fails here (`live/publish.py`) and a probe publish
  every `PROBE_SECONDS` that fails (an error, or no answer twice, the second time within
  `PROBE_LATE_LOOP_TIMEOUT`) both mark the process *suspect*. While suspect, and for
  `RECOVERY_SECONDS` after the layer last failed, every `SWEEP_SECONDS` the rooms with a
  socket here are compared with the log (one query) and each socket behind its room is
  replayed from it. That covers events published anywhere during the outage, and the
  moment after it when Redis answers but this process has not subscribed again yet.
- The rooms whose broadcast failed here are announced to every process (`room.resync` with
  the room's seq) as soon as the layer answers, a few times over: a process that never saw
  the layer fail (a short blip) still has its sockets catch up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import weakref
from typing import Protocol

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from project.dbfaults import TRANSIENT_DB_ERRORS

from .selectors import room_last_seqs

logger = logging.getLogger(__name__)

# The consumer method that catches a socket up (type "room.resync" -> room_resync()).
RESYNC_HANDLER = "room.resync"
# A group nobody joins: publishing to it tells whether the layer answers.
PROBE_GROUP = "live.probe"
PROBE_SECONDS = 1.0
PROBE_TIMEOUT = 1.0
# A probe that timed out is sent once more with this long before the layer is suspected: the
# first may only have waited for this process's own loop (seconds behind under a burst of
# connects), and a suspect process loads that loop further (its sweep reads every room's
# seq twice a second). A layer that refuses or drops the connection fails at once either way.
PROBE_LATE_LOOP_TIMEOUT = 5.0
SWEEP_SECONDS = 0.5
# How long after the layer last failed the sweeps go on (a process's subscriptions come
# back a moment after Redis does; events sent in between reach nobody here).
RECOVERY_SECONDS = 5.0
# After the layer answers again, a failed room is announced at these delays (seconds).
NOTICE_DELAYS = (0.0, 0.5, 1.0, 2.0, 4.0)


class Resyncable(Protocol):
    room: str | None
    last_seq: int

    async def catch_up(self, seq: int) -> None: ...


_sockets: dict[str, weakref.WeakSet] = {}
_known: dict[str, int] = {}
# Rooms whose broadcast failed here -> the highest seq not sent (written from any thread).
_failed: dict[str, int] = {}
_lock = threading.Lock()
_state = {"suspect_until": 0.0, "loop": None, "task": None, "wake": None}


def register(consumer: Resyncable) -> None:
    """A socket joined `consumer.room` in this process; start watching the layer."""
    _sockets.setdefault(consumer.room, weakref.WeakSet()).add(consumer)
    note_seq(consumer.room, consumer.last_seq)
    _ensure_watchdog()


def unregister(consumer: Resyncable) -> None:
    sockets = _sockets.get(consumer.room)
    if sockets is not None:
        sockets.discard(consumer)
        if not sockets:
            del _sockets[consumer.room]
            _known.pop(consumer.room, None)
    if not _sockets:
        _stop_watchdog()


def note_seq(room: str | None, seq: int) -> None:
    """This process saw `room` reach `seq` (only rooms with a socket here are remembered)."""
    if room in _sockets and seq > _known.get(room, 0):
        _known[room] = seq


def room_seq(room: str | None) -> int:
    """The highest seq of `room` this process has seen."""
    return _known.get(room, 0)


def broadcast_failed(room: str, seq: int) -> None:
    """A broadcast to `room` failed here (called from any thread): sweep now, and announce
    the room once the layer answers again."""
    with _lock:
        _failed[room] = max(seq, _failed.get(room, 0))
        _state["suspect_until"] = time.monotonic() + RECOVERY_SECONDS
    note_seq(room, seq)
    _wake()


def suspect() -> bool:
    return time.monotonic() < _state["suspect_until"]


# --- the watchdog: one task per process, on the event loop of its sockets --------------


def _ensure_watchdog() -> None:
    task, loop = _state["task"], asyncio.get_running_loop()
    if task is not None and not task.done() and _state["loop"] is loop:
        return
    _state["loop"] = loop
    _state["wake"] = asyncio.Event()
    _state["task"] = loop.create_task(_watch(), name="live-resync-watchdog")


def _stop_watchdog() -> None:
    task = _state["task"]
    if task is not None and not task.done():
        task.cancel()
    _state["task"] = None


def _wake() -> None:
    loop, wake, task = _state["loop"], _state["wake"], _state["task"]
    if loop is None or wake is None or loop.is_closed() or task is None or task.done():
        # No socket in this process (a worker, a page): announce from a thread of its own.
        _start_notifier()
        return
    try:
        if asyncio.get_running_loop() is loop:
            wake.set()
            return
    except RuntimeError:
        pass
    loop.call_soon_threadsafe(wake.set)


_notifier: dict[str, threading.Thread | None] = {"thread": None}


def _start_notifier() -> None:
    with _lock:
        thread = _notifier["thread"]
        if thread is not None and thread.is_alive():
            return
        thread = threading.Thread(target=asyncio.run, args=(_notify(),), daemon=True)
        _notifier["thread"] = thread
    thread.start()


async def _notify() -> None:
    """In a process without sockets: announce the failed rooms once the layer answers."""
    notices: list[tuple[float, str, int]] = []
    deadline = time.monotonic() + 600  # a layer down for ten minutes: give up, the log stays
    while time.monotonic() < deadline:
        if await _probe():
            notices = await _send_due_notices(notices + _take_failed_rooms(time.monotonic()))
            with _lock:
                if not notices and not _failed:
                    _notifier["thread"] = None
                    return
        await asyncio.sleep(SWEEP_SECONDS)


async def _watch() -> None:
    next_probe = 0.0
    notices: list[tuple[float, str, int]] = []  # (when, room, seq)
    while True:
        now = time.monotonic()
        layer_ok = True
        if now >= next_probe or suspect():
            was_suspect = suspect()
            layer_ok = await _probe(patient=not was_suspect)
            next_probe = now + PROBE_SECONDS
            if not layer_ok:
                if not was_suspect:
                    logger.warning("channel layer not answering: sockets catch up from the log")
                with _lock:
                    _state["suspect_until"] = time.monotonic() + RECOVERY_SECONDS
        if layer_ok:
            notices += _take_failed_rooms(time.monotonic())
            notices = await _send_due_notices(notices)
        if suspect():
            await _sweep()
        wait = SWEEP_SECONDS if (suspect() or notices) else PROBE_SECONDS
        wake = _state["wake"]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=wait)
        wake.clear()


async def _probe(*, patient: bool = True) -> bool:
    """Whether the layer answers; `patient`: a timeout is retried once, longer (a process
    already suspect sweeps anyway, and should not wait to find out)."""
    layer = get_channel_layer()
    if layer is None:
        return True
    timeouts = (PROBE_TIMEOUT, PROBE_LATE_LOOP_TIMEOUT) if patient else (PROBE_TIMEOUT,)
    for timeout in timeouts:
        try:
            async with asyncio.timeout(timeout):
                await layer.group_send(PROBE_GROUP, {"type": "live.probe"})
        except TimeoutError:
            continue
        except Exception:  # noqa: BLE001 - any failure of the layer means the same: not answering
            return False
        return True
    return False


def _take_failed_rooms(now: float) -> list[tuple[float, str, int]]:
    with _lock:
        failed = dict(_failed)
        _failed.clear()
    return [(now + delay, room, seq) for room, seq in failed.items() for delay in NOTICE_DELAYS]


async def _send_due_notices(notices: list[tuple[float, str, int]]) -> list:
    layer = get_channel_layer()
    if layer is None:
        return []
    now = time.monotonic()
    later = []
    for when, room, seq in notices:
        if when > now:
            later.append((when, room, seq))
            continue
        try:
            async with asyncio.timeout(PROBE_TIMEOUT):
                await layer.group_send(room, {"type": RESYNC_HANDLER, "seq": seq})
        except Exception:  # noqa: BLE001
            # Failed again: announce it once more when the layer answers.
            broadcast_failed(room, seq)
    return later


async def _sweep() -> None:
    """Compare every room with a socket here with the log; replay the sockets behind."""
    rooms = list(_sockets)
    if not rooms:
        return
    try:
        seqs = await database_sync_to_async(room_last_seqs)(rooms=rooms)
    except TRANSIENT_DB_ERRORS:
        logger.warning("resync sweep postponed: database unavailable")
        return
    for room, seq in seqs.items():
        note_seq(room, seq)
        for consumer in list(_sockets.get(room, ())):
            if consumer.last_seq < seq:
                # Each socket on its own task: one slow socket does not hold the others.
                task = asyncio.get_running_loop().create_task(_catch_up(consumer, seq))
                _catching_up.add(task)
                task.add_done_callback(_catching_up.discard)


_catching_up: set[asyncio.Task] = set()


async def _catch_up(consumer: Resyncable, seq: int) -> None:
    try:
        await consumer.catch_up(seq)
    except Exception:  # a socket closing under its replay: its own business, not the sweep's
        logger.warning("room %s: catch-up failed", consumer.room, exc_info=True)
