"""Baselines for the live benchmarks: a bare ASGI websocket app that echoes each text frame
(no Django, no database, no channel layer), and `combined`, the project's own application
with that echo mounted at /bench-echo/, so a benchmark can compare a consumer's round trip
with a bare echo served by the very same daphne process.

    daphne bench.echo_asgi:application   # the echo alone
    daphne bench.echo_asgi:combined      # the project, plus /bench-echo/
"""

import gc
import sys
import time

ECHO_PATH = "/bench-echo/"
# A collection that holds the loop this long is printed (the daphne's log, which the
# benchmarks print): a pause of every socket at once reads as a latency spike.
GC_REPORT_MS = 50.0
_gc_started = [0.0]


def _gc_watch(phase: str, info: dict) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
        return
    ms = (time.perf_counter() - _gc_started[0]) * 1000
    if ms >= GC_REPORT_MS:
        print(
            f"gc: generation {info['generation']} held the process {ms:.0f} ms at "
            f"{time.strftime('%H:%M:%S')} ({info['collected']} collected)",
            file=sys.stderr,
            flush=True,
        )


gc.callbacks.append(_gc_watch)


async def application(scope, receive, send):
    if scope["type"] != "websocket":
        return
    while True:
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
        elif message["type"] == "websocket.receive":
            await send({"type": "websocket.send", "text": message.get("text") or ""})
        else:
            return


_project = None


async def combined(scope, receive, send):
    global _project
    if scope["type"] == "websocket" and scope.get("path") == ECHO_PATH:
        return await application(scope, receive, send)
    if _project is None:
        from project.asgi import application as project_application

        _project = project_application
    return await _project(scope, receive, send)
