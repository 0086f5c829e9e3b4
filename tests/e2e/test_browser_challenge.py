"""Two students play a whole friendly challenge in Chromium while their teacher watches.

Alice plays in English, Bilal in Arabic, the teacher watches in a third browser context.
Screenshots of the end screen in both languages are kept in test-artifacts/.
"""

import re

import pytest
from django.conf import settings

from challenges import services
from challenges.models import Challenge
from mastery.models import Attempt
from tests.factories import correct_choice, wrong_choice

from .test_browser_practice import ARTIFACTS, CHROMIUM_ARGS, TIMEOUT_MS, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def match(world, login, chromium):
    challenge = services.challenge_invite(
        challenger=world.alice, opponent=world.bilal, exercise=world.exercise, kind="accuracy"
    )
    services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)
    return {
        "id": challenge.pk,
        "cookies": {u.username: login(u) for u in (world.alice, world.bilal, world.teacher_a)},
        "right": str(correct_choice(world.choice_q).pk),
        "wrong": str(wrong_choice(world.choice_q).pk),
    }


@pytest.fixture
def chromium():
    from .test_browser_practice import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (`make test` installs Debian's package)")
    ARTIFACTS.mkdir(exist_ok=True)
    return CHROMIUM


def test_two_students_play_while_the_teacher_watches(chromium, daphne, match):
    from playwright.sync_api import expect, sync_playwright

    url = f"{daphne.base_url}/challenges/{match['id']}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            pages = {}
            for name, language in (("alice", "en"), ("bilal", "ar"), ("teacher_a", "en")):
                context = browser.new_context(viewport={"width": 1000, "height": 900})
                context.set_default_timeout(TIMEOUT_MS)
                cookies = {**match["cookies"][name], settings.LANGUAGE_COOKIE_NAME: language}
                context.add_cookies(
                    [{"name": k, "value": v, "url": daphne.base_url} for k, v in cookies.items()]
                )
                page = context.new_page()
                page.errors = []
                page.on("pageerror", lambda error, page=page: page.errors.append(str(error)))
                page.goto(url)
                page.locator('#challenge[data-live="open"]').wait_for(state="attached")
                pages[name] = page
            alice, bilal, teacher = pages["alice"], pages["bilal"], pages["teacher_a"]
            expect(bilal.locator("html")).to_have_attribute("dir", "rtl")
            expect(teacher.locator("[data-ready]")).to_have_count(0)
            assert_accessible(alice, "challenge-waiting-en")
            assert_accessible(bilal, "challenge-waiting-ar")

            alice.locator("[data-ready]").click()
            bilal.locator("[data-ready]").click()
            # The countdown runs; the first question opens on all three screens.
            for page in pages.values():
                expect(page.locator("[data-prompt]")).to_have_text("7 + 5 = ?")
            expect(teacher.locator("[data-choice]").first).to_be_disabled()
            assert_accessible(alice, "challenge-question-en")
            assert_accessible(teacher, "challenge-observer-en")

            alice.locator(f'[data-choice="{match["right"]}"]').click()
            bilal.locator(f'[data-choice="{match["wrong"]}"]').click()
            for page in pages.values():
                expect(page.locator("[data-prompt]")).to_have_text("15 - 8 = ?")
            for page in (alice, bilal):
                page.locator('[data-numeric] input[name="answer"]').fill("7")
                page.locator("[data-numeric] button").click()

            for page in pages.values():
                expect(page.locator("[data-finished]")).to_be_visible()
                expect(page.locator("[data-scoreboard] tr[data-player] td").nth(1)).to_have_text(
                    "2"
                )
            expect(alice.locator("[data-end-message]")).to_contain_text("You won")
            expect(alice.locator("[data-finished]")).to_have_attribute("data-outcome", "won")
            expect(bilal.locator("[data-finished]")).to_have_attribute("data-outcome", "lost")
            assert bilal.locator("[data-end-message]").inner_text().strip()
            for page in (alice, bilal):
                expect(page.locator("[data-ready]")).to_be_hidden()
                expect(page.locator("[data-question]")).to_be_hidden()
            expect(bilal.locator("[data-rematch]")).to_be_visible()
            total = alice.locator("[data-times] tr[data-total] td")
            expect(total).to_have_count(2)
            expect(total.first).to_have_text(re.compile(r"^\d+\.\d s$"))
            assert_accessible(alice, "challenge-end-en")
            assert_accessible(bilal, "challenge-end-ar")
            alice.screenshot(path=str(ARTIFACTS / "challenge-end-en.png"), full_page=True)
            bilal.screenshot(path=str(ARTIFACTS / "challenge-end-ar.png"), full_page=True)
            teacher.screenshot(path=str(ARTIFACTS / "challenge-end-teacher.png"), full_page=True)
            errors = {name: page.errors for name, page in pages.items() if page.errors}
            assert not errors, f"JavaScript errors: {errors}"
        finally:
            browser.close()
    challenge = Challenge.objects.get(pk=match["id"])
    assert challenge.status == Challenge.Status.FINISHED
    assert Attempt.objects.filter(source=Attempt.Source.CHALLENGE).count() == 4


def test_the_challenge_pages_are_accessible_in_english_and_arabic(chromium, daphne, match):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            for language in ("en", "ar"):
                context = browser.new_context(viewport={"width": 1000, "height": 900})
                context.set_default_timeout(TIMEOUT_MS)
                cookies = {**match["cookies"]["alice"], settings.LANGUAGE_COOKIE_NAME: language}
                context.add_cookies(
                    [{"name": k, "value": v, "url": daphne.base_url} for k, v in cookies.items()]
                )
                page = context.new_page()
                for path, name in (("/challenges/", "list"), ("/challenges/new/", "new")):
                    page.goto(daphne.base_url + path)
                    assert page.locator("main h1").count() == 1
                    assert_accessible(page, f"challenges-{name}-{language}")
                context.close()
        finally:
            browser.close()
