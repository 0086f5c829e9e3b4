"""Quiet during a timed question (issue 11, point 3), in Chromium on a real daphne.

The issue's reproduction: a personal challenge's "complete!" dialog opened over a live
question while its timer ran. Alice set herself a one-day learning streak; her first answer
in a friendly challenge completes it (the attempt's follow-up, a moment after the answer),
while the question is still open and its clock running. The dialog and the notices that
come with it wait until no timed question is on screen, then show.
"""

import re

import pytest
from django.conf import settings

from challenges import services as challenges
from personal_challenges import services as personal_challenges
from personal_challenges.rules import LEARNING_STREAK
from tests.factories import correct_choice, wrong_choice

from . import test_browser_practice as practice
from .test_browser_practice import CHROMIUM_ARGS, TIMEOUT_MS, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium = practice.chromium  # the fixture: Debian's Chromium, or a skip

# Every event of the user's channel that reached this page, as it arrived.
RECORD = """
window.arrived = [];
for (const type of ["personal_challenge.completed", "attempt.recorded"]) {
  document.addEventListener("live:" + type, () => window.arrived.push(type));
}
"""


@pytest.fixture
def match(world, login):
    personal_challenges.personal_challenge_create(
        student=world.alice, kind=LEARNING_STREAK, target=1
    )
    challenge = challenges.challenge_invite(
        challenger=world.alice, opponent=world.bilal, exercise=world.exercise, kind="speed"
    )
    challenges.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)
    return {
        "id": challenge.pk,
        "alice": login(world.alice),
        "bilal": login(world.bilal),
        "right": str(correct_choice(world.choice_q).pk),
        "wrong": str(wrong_choice(world.choice_q).pk),
    }


def _page(browser, base_url, cookies, language):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    jar = {**cookies, settings.LANGUAGE_COOKIE_NAME: language}
    context.add_cookies([{"name": k, "value": v, "url": base_url} for k, v in jar.items()])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def test_a_celebration_during_a_timed_question_shows_after_it(chromium, daphne, match):
    from playwright.sync_api import expect, sync_playwright

    url = f"{daphne.base_url}/challenges/{match['id']}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            alice = _page(browser, daphne.base_url, match["alice"], "fr")
            alice.add_init_script(RECORD)
            bilal = _page(browser, daphne.base_url, match["bilal"], "ar")
            for page in (alice, bilal):
                page.goto(url)
                page.locator('#challenge[data-live="open"]').wait_for(state="attached")
                practice.wait_live(page)
                page.locator("[data-ready]").click()
            prompt = alice.locator("[data-prompt]")
            expect(prompt).to_have_text("7 + 5 = ?")
            celebration = alice.locator('[data-celebration="personal_challenge.completed"]')
            notices = alice.locator("#toasts > *")

            # Alice answers; the question stays open (Bilal has not answered) and its clock
            # runs while her personal challenge is completed.
            alice.locator(f'[data-choice="{match["right"]}"]').click()
            alice.wait_for_function("() => window.arrived.includes('personal_challenge.completed')")
            assert "attempt.recorded" in alice.evaluate("window.arrived")
            expect(alice.locator("[data-time-left]")).not_to_be_empty()
            expect(celebration).to_have_count(0)
            expect(notices).to_have_count(0)
            expect(alice.locator("body")).to_have_attribute("data-quiet", "on")
            screenshot(alice, "quiet-during-question-fr")

            # The next question follows at once: still a timed question on screen, still quiet.
            bilal.locator(f'[data-choice="{match["wrong"]}"]').click()
            expect(prompt).to_have_text("15 - 8 = ?")
            expect(celebration).to_have_count(0)
            for page in (alice, bilal):
                page.locator('[data-numeric] input[name="answer"]').fill("7")
                page.locator("[data-numeric] button").click()

            # The match is over: what waited shows now, once.
            expect(alice.locator("[data-finished]")).to_be_visible()
            expect(celebration).to_be_visible()
            expect(celebration).to_have_count(1)
            expect(notices.first).to_be_visible()
            expect(alice.locator("body")).not_to_have_attribute("data-quiet", "on")
            screenshot(alice, "quiet-after-question-fr")

            # A speed match's result: both players' times, per question and in all, written
            # as each reader writes numbers (a decimal comma in French and Arabic).
            times = alice.locator("[data-times]")
            expect(times).to_be_visible()
            expect(times.locator("th[scope=col]")).to_have_count(2)
            expect(times.locator("tr[data-time-row]")).to_have_count(2)
            for page in (alice, bilal):
                totals = page.locator("[data-times] tr[data-total] td")
                expect(totals).to_have_count(2)
                for i in range(2):
                    expect(totals.nth(i)).to_have_text(re.compile(r"^\d+,\d\s"))
            expect(times.locator("tr[data-time-row] td").first).to_have_text(
                re.compile(r"^\d+,\d\ssec ✓$")
            )
            errors = [alice.errors, bilal.errors]
            assert errors == [[], []], f"JavaScript errors: {errors}"
        finally:
            browser.close()
