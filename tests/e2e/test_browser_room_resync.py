"""The browser's room client (static/js/room.js) resyncs a cut socket with no gap and no
duplicate, in Chromium on a real daphne.

Alice has a peer-help chat open while Bilal writes to her. Two cuts:
1. the daphne is killed under the page and started again on the same port: lines written
   meanwhile arrive after the reconnect (?since=), once each;
2. a line's broadcast is lost while the socket stays open (as when Redis drops it): the
   next heartbeat's pong says the room is further on (`room_seq`), the page resumes.
Every room event the page applied is recorded (the `room:event` DOM event): their sequence
numbers follow each other, none twice.
"""

import os
import signal
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from live.publish import collect_broadcasts
from peerhelp import services
from tests.peerhelp.helpers import willing

from . import test_browser_practice as practice
from .test_browser_peer_help import _chat_live, _page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium = practice.chromium  # the fixture: Debian's Chromium, or a skip

RECORD = """
window.roomEvents = [];
document.addEventListener("room:event", (e) => {
  window.roomEvents.push([e.detail.path, e.detail.event.type, e.detail.event.seq]);
});
"""
HEARTBEAT_MS = 10_000


@pytest.fixture
def chat(world, login):
    willing(world.bilal, world.skills[0])
    request = services.help_request_create(
        requester=world.alice,
        skill=world.skills[0],
        topic="Carrying",
        question="Why carry the 1?",
        helper=world.bilal,
    )
    services.help_request_accept(request_id=request.pk, helper=world.bilal)
    return {"id": request.pk, "alice": login(world.alice), "bilal": world.bilal}


class Database:
    """Django refuses the ORM while Playwright's loop runs in this thread: use another."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=1)

    def run(self, fn, *args, **kwargs):
        return self.pool.submit(fn, *args, **kwargs).result()

    def close(self):
        self.pool.submit(lambda: connection.close()).result()  # that thread's connection
        self.pool.shutdown()


def test_a_cut_socket_resyncs_with_no_gap_and_no_duplicate(chromium, start_daphnes, chat):
    from playwright.sync_api import expect, sync_playwright

    server = start_daphnes("daphne")[0]
    db = Database()
    path = f"/ws/peer-help/{chat['id']}/"

    def say(text: str, *, lost: bool = False):
        def send():
            if lost:  # stored and numbered, but its broadcast never leaves
                with collect_broadcasts():
                    services.help_message_send(
                        request_id=chat["id"], author=chat["bilal"], text=text
                    )
            else:
                services.help_message_send(request_id=chat["id"], author=chat["bilal"], text=text)

        db.run(send)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=practice.CHROMIUM_ARGS, headless=True
            )
            try:
                page = _page(browser, server.base_url, chat["alice"], "en")
                page.add_init_script(RECORD)
                page.goto(f"{server.base_url}/peer-help/{chat['id']}/")
                _chat_live(page)
                lines = page.locator("[data-chat-lines] .chat-line:not(.system) .text")
                say("one")
                expect(lines).to_have_text(["one"])

                # Cut 1: the server dies under the page; two lines are written meanwhile.
                os.killpg(server.proc.pid, signal.SIGKILL)
                server.proc.wait(10)
                page.locator('#peer-help[data-live="closed"]').wait_for(state="attached")
                say("two")
                say("three")
                server.start()
                _chat_live(page)
                expect(lines).to_have_text(["one", "two", "three"], timeout=30_000)

                # Cut 2: a broadcast is lost while the socket stays open. A second tab's
                # snapshot reads the log, so the server knows the room is further on; the
                # page's next pong says so and the page resumes by itself.
                say("four", lost=True)
                other = _page(browser, server.base_url, chat["alice"], "en")
                other.goto(f"{server.base_url}/peer-help/{chat['id']}/")
                _chat_live(other)
                expect(other.locator("[data-chat-lines] .text")).to_have_text(
                    ["one", "two", "three", "four"]
                )
                expect(lines).to_have_text(
                    ["one", "two", "three", "four"], timeout=2 * HEARTBEAT_MS + 5_000
                )
                say("five")
                expect(lines).to_have_text(["one", "two", "three", "four", "five"])

                events = page.evaluate("window.roomEvents")
                assert page.errors == [], page.errors
            finally:
                browser.close()
    finally:
        db.close()
    seqs = [seq for room, kind, seq in events if room == path and kind != "state"]
    assert [kind for room, kind, _ in events if room == path][0] == "state"
    state_seq = next(seq for room, kind, seq in events if room == path and kind == "state")
    # Each event once, in order, none missing: state, then every seq after it.
    assert seqs == list(range(state_seq + 1, state_seq + 1 + len(seqs))), events
    assert len(seqs) == 5, events
