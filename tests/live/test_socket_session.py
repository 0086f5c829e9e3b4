"""Sockets are signed in by their session cookie without Channels' session-saving `send`
wrapper (live/socket_session.py): the user is the same, and nothing the wrapper would have
saved is lost, because on a websocket it saves nothing."""

import pytest
from channels.sessions import InstanceSessionWrapper
from django.conf import settings

from .test_room_consumer import alice, connect  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def test_a_signed_in_socket_sends_without_the_session_wrapper(alice, monkeypatch):  # noqa: F811
    wrapped = []
    send = InstanceSessionWrapper.send

    async def counting(self, message):
        wrapped.append(message["type"])
        return await send(self, message)

    monkeypatch.setattr(InstanceSessionWrapper, "send", counting)
    communicator, connected, _ = await connect(alice)
    assert connected  # signed in by the cookie: an anonymous socket is closed with 4401
    assert (await communicator.receive_json_from(timeout=3))["type"] == "state"
    await communicator.send_json_to({"type": "ping"})
    assert (await communicator.receive_json_from(timeout=3))["type"] == "pong"
    await communicator.disconnect()
    assert wrapped == []


async def test_channels_wrapper_never_saves_a_session_on_a_websocket_message(monkeypatch):
    """What dropping the wrapper relies on: even a modified session is saved only on an HTTP
    response. Should Channels start saving on websocket messages, this fails: look again."""
    saved, sent = [], []

    async def real_send(message):
        sent.append(message["type"])

    wrapper = InstanceSessionWrapper({"type": "websocket", "cookies": {}}, real_send)
    await wrapper.resolve_session()
    wrapper.scope["session"]["changed"] = True
    assert wrapper.scope["session"].modified

    async def save():
        saved.append(True)

    monkeypatch.setattr(wrapper, "save_session", save)
    monkeypatch.setattr(settings, "SESSION_SAVE_EVERY_REQUEST", True)
    for message in (
        {"type": "websocket.accept"},
        {"type": "websocket.send", "text": "{}"},
        {"type": "websocket.close", "code": 1000},
    ):
        await wrapper.send(message)
    assert sent == ["websocket.accept", "websocket.send", "websocket.close"]
    assert saved == []
