"""Baselines for the live benchmarks: a bare ASGI websocket app that echoes each text frame
(no Django, no database, no channel layer), and `combined`, the project's own application
with that echo mounted at /bench-echo/, so a benchmark can compare a consumer's round trip
with a bare echo served by the very same daphne process.

    daphne bench.echo_asgi:application   # the echo alone
    daphne bench.echo_asgi:combined      # the project, plus /bench-echo/
"""

ECHO_PATH = "/bench-echo/"


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
