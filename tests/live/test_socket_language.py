"""What a socket tells its own reader is in the reader's language (issue 11): the language
cookie, else Accept-Language, as the pages choose theirs."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.utils import translation

from challenges import services
from live.language import socket_language
from project.asgi import application
from tests.challenges.test_consumer import _session_for
from tests.factories import build_world


def scope(cookie=None, accept=None) -> dict:
    headers = [(b"accept-language", accept.encode())] if accept else []
    cookies = {settings.LANGUAGE_COOKIE_NAME: cookie} if cookie else {}
    return {"cookies": cookies, "headers": headers}


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        ("ar", "fr-FR,fr;q=0.9", "ar"),  # the reader's choice on the site wins
        (None, "fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("xx", "de-DE,de;q=0.9,ar;q=0.5", "ar"),  # unknown ones are skipped
        (None, None, settings.LANGUAGE_CODE),
    ],
)
def test_the_socket_reads_the_language_as_the_pages_do(cookie, accept, expected):
    assert socket_language(scope(cookie, accept)) == expected


READ_ONLY = {
    "fr": "Les enseignants observent les défis sans y jouer.",
    "en": "Teachers watch challenges without playing.",
}


async def _teacher_in_a_challenge():
    world = await database_sync_to_async(build_world)()
    challenge = await database_sync_to_async(services.challenge_invite)(
        challenger=world.alice, opponent=world.bilal, exercise=world.exercise, kind="speed"
    )
    session = await database_sync_to_async(_session_for)(world.teacher_a)
    return session, challenge.pk


async def _open(session: str, challenge_id: int, language: str) -> WebsocketCommunicator:
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.LANGUAGE_COOKIE_NAME}={language}"
    socket = WebsocketCommunicator(
        application,
        f"/ws/challenges/{challenge_id}/",
        headers=[
            (b"origin", b"http://127.0.0.1"),
            (b"cookie", cookie.encode()),
            (b"host", b"127.0.0.1"),
        ],
    )
    connected, _ = await socket.connect()
    assert connected
    assert (await socket.receive_json_from(timeout=3))["type"] == "state"
    return socket


async def _refusal(socket: WebsocketCommunicator) -> str:
    await socket.send_json_to({"type": "ready"})
    return (await socket.receive_json_from(timeout=3))["message"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_an_error_frame_is_worded_in_the_readers_language():
    session, challenge_id = await _teacher_in_a_challenge()
    said = {}
    for language in ("fr", "en"):
        socket = await _open(session, challenge_id, language)
        said[language] = await _refusal(socket)
        await socket.disconnect()
    assert said == READ_ONLY


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_the_language_is_set_once_per_socket_and_stays_with_it(monkeypatch):
    """Activated when the socket opens, not around each message; two sockets open at once in
    two languages each keep their own, and the test's own language is untouched."""
    session, challenge_id = await _teacher_in_a_challenge()
    sockets = {language: await _open(session, challenge_id, language) for language in READ_ONLY}
    switches = []
    activate, override_enter = translation.activate, translation.override.__enter__

    def counting_activate(language):
        switches.append(language)
        activate(language)

    def counting_enter(self):
        switches.append(self.language)
        return override_enter(self)

    monkeypatch.setattr(translation, "activate", counting_activate)
    monkeypatch.setattr(translation.override, "__enter__", counting_enter)
    for _ in range(3):
        for language, socket in sockets.items():
            assert await _refusal(socket) == READ_ONLY[language]
    assert switches == []  # no message switched the language
    monkeypatch.undo()
    assert translation.get_language() == settings.LANGUAGE_CODE
    for socket in sockets.values():
        await socket.disconnect()
