"""Channel-layer sends from plain synchronous code: the task worker, management commands.

`async_to_sync` outside a server has no event loop to hop to, so each call started a new
loop on a new thread and, since channels_redis keeps its connections per loop, opened a new
Redis connection: 3-4 ms for every event a follow-up task published. Here such sends share
one loop, on a thread of its own that lives as long as the process, and so its connections.

Inside the server (daphne) a synchronous service runs on a thread that asgiref ties to the
server's loop; there `async_to_sync` already sends from that loop, on its connections, and
stays in use. So does the in-memory layer of the embedded default, whose queues belong to the
loop of the consumers reading them.
"""

import asyncio
import os
import threading
from collections.abc import Awaitable

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import InMemoryChannelLayer

# A send that has not left by then is reported as failed (the room log keeps the event).
SEND_TIMEOUT_SECONDS = 5.0

_lock = threading.Lock()
_sender: tuple[int, asyncio.AbstractEventLoop] | None = None


def group_send(layer, group: str, message: dict) -> None:
    """`layer.group_send(group, message)`, waited for, from synchronous code."""
    if isinstance(layer, InMemoryChannelLayer) or _server_loop() is not None:
        async_to_sync(layer.group_send)(group, message)
        return
    _run(layer.group_send(group, message))


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The running loop this thread's synchronous code was called from, if any (asgiref)."""
    local = SyncToAsync.threadlocal
    if getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(local, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


def _run(awaitable: Awaitable) -> None:
    future = asyncio.run_coroutine_threadsafe(awaitable, _sender_loop())
    try:
        future.result(timeout=SEND_TIMEOUT_SECONDS)
    except TimeoutError:
        future.cancel()
        raise


def _sender_loop() -> asyncio.AbstractEventLoop:
    global _sender
    with _lock:
        # A forked child inherits the variable, not the thread: it starts its own.
        if _sender is None or _sender[0] != os.getpid():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="live-sender", daemon=True).start()
            _sender = (os.getpid(), loop)
        return _sender[1]
