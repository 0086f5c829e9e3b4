"""A peer-help session in Chromium, from the request to the rating.

Alice (English) asks Bilal for help; Bilal (Arabic, right to left) hears it live on his
peer-help page, accepts, and they chat while their teacher reads along in a third context.
Bilal marks it done; Alice's page opens the wrap-up live; she rates and thanks him, and the
thanks reach Bilal's page without a reload. axe runs on every page; screenshots are kept.
"""

import re

import pytest
from django.conf import settings

from peerhelp.models import HelpMessage, HelpRequest
from tests.peerhelp.helpers import willing

from . import test_browser_practice as practice
from .test_browser_practice import CHROMIUM_ARGS, TIMEOUT_MS, assert_accessible, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium = practice.chromium  # the fixture: Debian's Chromium, or a skip

SNEAKY = '<img src=x onerror="window.pwned=1">'


@pytest.fixture
def people(world, login):
    willing(world.bilal, world.skills[0])
    return {
        "names": (str(world.alice), str(world.bilal)),
        "skill": world.skills[0].pk,
        "bilal_id": world.bilal.pk,
        "cookies": {u.username: login(u) for u in (world.alice, world.bilal, world.teacher_a)},
    }


def _page(browser, base_url, cookies, language):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    jar = {**cookies, settings.LANGUAGE_COOKIE_NAME: language}
    context.add_cookies([{"name": k, "value": v, "url": base_url} for k, v in jar.items()])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def _chat_live(page):
    page.locator('#peer-help[data-live="open"]').wait_for(state="attached")


def test_a_peer_help_session_from_request_to_rating(chromium, daphne, people):
    from playwright.sync_api import expect, sync_playwright

    base = daphne.base_url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            alice = _page(browser, base, people["cookies"]["alice"], "en")
            bilal = _page(browser, base, people["cookies"]["bilal"], "ar")
            teacher = _page(browser, base, people["cookies"]["teacher_a"], "en")

            # Bilal waits on his peer-help page, in Arabic.
            bilal.goto(f"{base}/peer-help/")
            practice.wait_live(bilal)
            expect(bilal.locator("html")).to_have_attribute("dir", "rtl")
            expect(bilal.locator("[data-available]")).to_have_attribute("data-available", "yes")

            # Alice asks: the skill brings its suggested helpers in (htmx), she picks Bilal.
            alice.goto(f"{base}/peer-help/ask/")
            alice.locator("[data-skill-select]").select_option(str(people["skill"]))
            helper = alice.locator(f'[data-helper="{people["bilal_id"]}"] input')
            helper.check()
            alice.fill("#id_topic", "Carrying tens")
            alice.fill("#id_question", "Why do we carry the 1 in 17 + 5?")
            screenshot(alice, "peer-help-ask-en")
            assert_accessible(alice, "peer-help-ask-en")
            alice.locator("[data-send-request]").click()
            expect(alice).to_have_url(re.compile(rf"{re.escape(base)}/peer-help/\d+/$"))
            _chat_live(alice)
            expect(alice.locator("#peer-help")).to_have_attribute("data-status", "open")
            expect(alice.locator("[data-teachers-can-read]")).to_be_visible()
            alice_name, bilal_name = people["names"]
            header = alice.locator("[data-chat-lead]")
            # Names filled in live are bidi isolates (U+2068 … U+2069).
            name = lambda who: "\u2068?" + re.escape(who) + "\u2069?"  # noqa: E731
            expect(header).to_have_text(re.compile(f"^{name(alice_name)} is waiting for a helper$"))
            request_id = _request_id(alice)

            # Bilal hears it live: a toast, and the request appears without a reload.
            bilal.evaluate("window.e2eMarker = 'no reload'")
            accept = bilal.locator(f'[data-accept="{request_id}"]')
            expect(accept).to_be_visible()
            expect(bilal.locator("#toasts .toast").first).to_contain_text("Carrying tens")
            assert bilal.evaluate("window.e2eMarker") == "no reload"
            screenshot(bilal, "peer-help-home-ar")
            assert_accessible(bilal, "peer-help-home-ar")
            accept.click()
            expect(bilal).to_have_url(f"{base}/peer-help/{request_id}/")
            _chat_live(bilal)

            # Alice's chat opens live, its header says who joined; the teacher reads along.
            expect(alice.locator("[data-chat-form]")).to_be_visible()
            expect(header).to_have_text(
                re.compile(f"^{name(bilal_name)} is helping {name(alice_name)}$")
            )
            teacher.goto(f"{base}/peer-help/{request_id}/")
            _chat_live(teacher)
            expect(teacher.locator("[data-chat-form]")).to_have_count(0)

            alice.fill("#chat-text", "Hi! I get 112 instead of 22")
            alice.keyboard.press("Enter")
            bilal.fill("#chat-text", "Start with 7 + 5 = 12: write 2, carry 1 to the tens.")
            bilal.locator("[data-send]").click()
            alice.fill("#chat-text", SNEAKY)
            alice.locator("[data-send]").click()
            for page in (alice, bilal, teacher):
                lines = page.locator("[data-chat-lines] li[data-message-id] .text")
                expect(lines).to_have_count(3)
                expect(lines.nth(2)).to_have_text(SNEAKY)  # shown as text, never as markup
                expect(page.locator("[data-chat-lines] img")).to_have_count(0)
                assert page.evaluate("window.pwned") is None
            expect(alice.locator("[data-chat-lines] li.mine")).to_have_count(2)
            screenshot(bilal, "peer-help-chat-ar")
            assert_accessible(bilal, "peer-help-chat-ar")
            screenshot(teacher, "peer-help-chat-teacher")
            assert_accessible(teacher, "peer-help-chat-teacher")

            # Bilal marks it done; Alice's page offers the wrap-up live.
            bilal.locator("[data-done]").click()
            expect(bilal).to_have_url(f"{base}/peer-help/{request_id}/wrap-up/")
            expect(bilal.locator('input[name="rating"]')).to_have_count(0)
            bilal.fill("#id_learned", "Explaining the carry made me check my own steps.")
            bilal.locator("[data-save-wrap-up]").click()
            expect(bilal).to_have_url(f"{base}/peer-help/")
            practice.wait_live(bilal)
            expect(alice.locator("#peer-help")).to_have_attribute("data-status", "completed")
            expect(alice.locator("[data-chat-form]")).to_be_hidden()
            done = alice.locator("#toasts .toast", has_text="marked your help session as done")
            expect(done).to_have_count(1)
            expect(teacher.locator("#peer-help")).to_have_attribute("data-status", "completed")
            alice.locator("[data-wrap-up]").click()
            expect(alice).to_have_url(f"{base}/peer-help/{request_id}/wrap-up/")
            assert_accessible(alice, "peer-help-wrap-up-en")
            alice.locator('input[name="rating"][value="5"]').check()
            alice.fill("#id_thank_you", "Clearer than the textbook, thank you!")
            alice.fill("#id_learned", "Carrying moves ten ones into the tens.")
            screenshot(alice, "peer-help-wrap-up-en")
            alice.locator("[data-save-wrap-up]").click()
            expect(alice).to_have_url(f"{base}/peer-help/")

            # The thanks reach Bilal's page live, in his recognition card.
            bilal.evaluate("window.e2eMarker = 'still no reload'")
            expect(bilal.locator("[data-thanks]").first).to_contain_text(
                "Clearer than the textbook"
            )
            expect(bilal.locator("[data-level]").first).to_have_attribute(
                "data-level", "emerging_helper"
            )
            assert bilal.evaluate("window.e2eMarker") == "still no reload"
            screenshot(bilal, "peer-help-thanked-ar")
            assert_accessible(bilal, "peer-help-thanked-ar")
            errors = {n: p.errors for n, p in (("alice", alice), ("bilal", bilal)) if p.errors}
            errors.update({"teacher": teacher.errors} if teacher.errors else {})
            assert not errors, f"JavaScript errors: {errors}"
        finally:
            browser.close()

    request = HelpRequest.objects.get()
    assert (request.status, request.helper_id, request.rating) == (
        "completed",
        people["bilal_id"],
        5,
    )
    assert request.thank_you == "Clearer than the textbook, thank you!"
    assert request.helper_learned.startswith("Explaining the carry")
    assert list(HelpMessage.objects.order_by("pk").values_list("text", flat=True))[2] == SNEAKY


def _request_id(page) -> int:
    return int(page.url.rstrip("/").rsplit("/", 1)[-1])


def test_a_help_request_reaches_a_classmate_on_any_page(chromium, daphne, people):
    """The toast comes from the user's own channel, so Bilal hears it on his dashboard too."""
    from playwright.sync_api import expect, sync_playwright

    base = daphne.base_url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            alice = _page(browser, base, people["cookies"]["alice"], "en")
            bilal = _page(browser, base, people["cookies"]["bilal"], "en")
            bilal.goto(f"{base}/")
            practice.wait_live(bilal)
            alice.goto(f"{base}/peer-help/ask/")
            alice.locator("[data-skill-select]").select_option(str(people["skill"]))
            alice.locator(f'[data-helper="{people["bilal_id"]}"] input').check()
            alice.fill("#id_topic", "Carrying tens")
            alice.fill("#id_question", "Why do we carry the 1 in 17 + 5?")
            alice.locator("[data-send-request]").click()
            _chat_live(alice)
            toast = bilal.locator("#toasts .toast", has_text="Carrying tens")
            expect(toast).to_have_count(1)
            expect(toast).to_contain_text("would like help with")
            assert not bilal.errors, bilal.errors
        finally:
            browser.close()
