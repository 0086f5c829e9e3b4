"""Sockets for the host's apps: the token rides in Sec-WebSocket-Protocol, never in the URL."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.models import User
from project.asgi import application
from tests.factories import build_world
from tests.hostapi.helpers import bad_tokens, mint

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def open_socket(protocols=None, path="/ws/notifications/", headers=()):
    communicator = WebsocketCommunicator(
        application, path, headers=[(b"host", b"127.0.0.1"), *headers], subprotocols=protocols
    )
    connected, detail = await communicator.connect()
    return communicator, connected, detail


async def test_a_token_socket_signs_in_without_cookie_or_origin(host_jwt):
    world = await database_sync_to_async(build_world)()
    token = mint(user_id=1, email=world.alice.email)
    communicator, connected, subprotocol = await open_socket(["madrasti-jwt", token])
    assert connected and subprotocol == "madrasti-jwt"
    first = await communicator.receive_json_from(timeout=5)
    assert first["type"] == "state"
    await communicator.disconnect()


async def test_a_student_token_only_opens_their_own_rooms(host_jwt):
    world = await database_sync_to_async(build_world)()
    token = mint(user_id=1, email=world.alice.email)
    communicator, connected, _ = await open_socket(
        ["madrasti-jwt", token], path=f"/ws/classes/{world.class_b.pk}/"
    )
    assert connected  # accepted, then closed with the documented code
    assert (await communicator.receive_output(timeout=5))["code"] == 4403


@pytest.mark.parametrize("case", sorted(bad_tokens()))
async def test_bad_tokens_are_told_why_and_closed(host_jwt, case):
    await database_sync_to_async(build_world)()
    make, code = bad_tokens()[case]
    communicator, connected, subprotocol = await open_socket(["madrasti-jwt", make()])
    assert connected and subprotocol == "madrasti-jwt"
    error = await communicator.receive_json_from(timeout=5)
    assert error["type"] == "error" and error["code"] == code and error["message"]
    assert (await communicator.receive_output(timeout=5))["code"] == 4401
    assert not await database_sync_to_async(
        User.objects.filter(email="nour@madrasti.test").exists
    )()


async def test_the_error_is_in_the_clients_language(host_jwt):
    communicator, _, _ = await open_socket(
        ["madrasti-jwt", mint(expired=True)], headers=[(b"accept-language", b"fr-FR,fr;q=0.9")]
    )
    error = await communicator.receive_json_from(timeout=5)
    assert error["code"] == "token_expired"


async def test_a_token_in_the_url_is_ignored(host_jwt):
    world = await database_sync_to_async(build_world)()
    token = mint(user_id=1, email=world.alice.email)
    communicator, connected, _ = await open_socket(
        path=f"/ws/notifications/?token={token}", headers=[(b"origin", b"http://127.0.0.1")]
    )
    assert connected  # accepted, then closed with the documented code
    assert (await communicator.receive_output(timeout=5))["code"] == 4401


async def test_cookie_sockets_still_need_an_allowed_origin(host_jwt):
    _, connected, _ = await open_socket(headers=[(b"origin", b"https://evil.example")])
    assert not connected
