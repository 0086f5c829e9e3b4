"""The baseline for bench/challenge_live.py: a bare ASGI websocket app that echoes each text
frame, served by the same daphne, with no Django, no database and no channel layer."""


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
