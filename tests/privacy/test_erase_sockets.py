"""After an erasure, a classmate who (re)joins the rooms they shared with the erased student
replays them from the start over a real socket and meets none of the student's words."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from collaboration import services as groups
from collaboration import sessions
from peerhelp import services as peerhelp
from privacy.erase import student_erase
from project.asgi import application
from tests.collaboration.helpers import arrive
from tests.factories import build_world
from tests.live.test_room_consumer import ORIGIN, _session_for
from tests.peerhelp.helpers import willing

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

MARKER = "zq-SOCKET-5518"


def _shared_rooms():
    world = build_world()
    alice, bilal = world.alice, world.bilal
    alice.display_name = f"Alice {MARKER}"
    alice.save()
    willing(bilal, world.skills[0])
    request = peerhelp.help_request_create(
        requester=alice, skill=world.skills[0], topic=f"t {MARKER}", question=f"q {MARKER}"
    )
    peerhelp.help_request_accept(request_id=request.pk, helper=bilal)
    peerhelp.help_message_send(request_id=request.pk, author=alice, text=f"hi {MARKER}")
    peerhelp.help_message_send(request_id=request.pk, author=bilal, text="hello")
    group = groups.group_create(
        creator=alice, school_class=world.class_a, subject=world.math, name=f"g {MARKER}"
    )
    groups.group_join(group_id=group.pk, student=bilal)
    arrive(group, alice)
    sessions.session_chat(group_id=group.pk, author=alice, text=f"chat {MARKER}")
    student_erase(student=alice, by=None)
    return bilal, request.pk, group.pk


async def _replay(user, path: str) -> list[dict]:
    from django.contrib.sessions.backends.db import SessionStore

    session = await database_sync_to_async(_session_for)(user, SessionStore)
    communicator = WebsocketCommunicator(
        application,
        f"{path}?since=0",
        headers=[
            ORIGIN,
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()),
            (b"host", b"127.0.0.1"),
        ],
    )
    connected, _ = await communicator.connect()
    assert connected
    received = []
    while not await communicator.receive_nothing(timeout=0.5):
        received.append(await communicator.receive_json_from())
    await communicator.disconnect()
    return received


async def test_replays_after_erasure_carry_none_of_the_students_words():
    bilal, request_id, group_id = await database_sync_to_async(_shared_rooms)()
    for path in (f"/ws/peer-help/{request_id}/", f"/ws/study-groups/{group_id}/"):
        received = await _replay(bilal, path)
        text = json.dumps(received, ensure_ascii=False)
        assert received and MARKER not in text, path
    chat = json.dumps(await _replay(bilal, f"/ws/peer-help/{request_id}/"))
    assert "hello" in chat  # Bilal's own line is still there
