"""A student sets a personal challenge in the browser, practises in another tab, and sees the
challenge completed live on the challenges page, with the invitation to reflect (Debian's
Chromium, real daphne + Redis; axe checks on each page)."""

import re

import pytest
from django.conf import settings

from tests.factories import correct_choice
from tests.growth.helpers import run_through

from .test_browser_practice import (  # noqa: F401
    assert_accessible,
    chromium,
    chromium_page,
    screenshot,
    wait_live,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def goal_case(world, login):
    # Alice finished the exercise once with 0%: a score to beat.
    run_through(world.alice, [world.choice_q, world.numeric_q], wrong_first=2)
    return {
        "cookies": login(world.alice),
        "exercise": world.exercise.pk,
        "answers": [("choice", str(correct_choice(world.choice_q).pk)), ("numeric", "7")],
    }


def test_a_challenge_set_in_the_browser_is_completed_live(chromium, daphne, goal_case):  # noqa: F811
    from playwright.sync_api import expect

    base = daphne.base_url
    with chromium_page(chromium) as page:
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": goal_case["cookies"][settings.SESSION_COOKIE_NAME],
                    "url": base,
                },
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base},
            ]
        )
        page.goto(f"{base}/personal-challenges/")
        page.locator("[data-new-personal-challenge]").click()
        expect(page.locator('[data-kind="beat_score"]')).to_be_visible()
        assert_accessible(page, "personal-challenge-pick")
        page.locator('[data-kind="beat_score"] a').click()
        target = page.locator('input[name="target"]')
        expect(target).to_have_value("50")  # the suggestion: a real step above 0%
        assert_accessible(page, "personal-challenge-new")
        page.locator('textarea[name="why"]').fill("I want to get these right the first time.")
        page.locator("[data-create]").click()

        card = page.locator('[data-group="active"] [data-personal-challenge]')
        expect(card).to_have_count(1)
        expect(card).to_have_attribute("data-status", "active")
        expect(card.locator('[role="progressbar"]')).to_have_attribute("aria-valuenow", "0")
        wait_live(page)
        assert_accessible(page, "personal-challenges")
        page.evaluate("() => { window.e2eMarker = 'list'; }")

        # Practise in a second tab of the same browser.
        practice = page.context.new_page()
        practice.errors = []
        practice.on("pageerror", lambda error: practice.errors.append(str(error)))
        practice.goto(f"{base}/practice/{goal_case['exercise']}/")
        for number, (kind, value) in enumerate(goal_case["answers"], start=1):
            wait_live(practice)
            if kind == "choice":
                practice.locator(f'input[name="answer"][value="{value}"]').check()
            else:
                practice.locator('input[name="answer"]').fill(value)
            practice.locator("form.question-form button[type=submit]").click()
            expect(practice.locator('[data-feedback="first_try"]')).to_be_visible()
            if number == 1:
                practice.locator("[data-next-question]").click()
        celebration_there = practice.locator('[data-celebration="personal_challenge.completed"]')
        expect(celebration_there).to_be_visible()  # on the practice page too

        # Back on the challenges page: celebrated without a reload, the card moved on.
        page.bring_to_front()
        celebration = page.locator('[data-celebration="personal_challenge.completed"]')
        expect(celebration).to_be_visible()
        expect(celebration).to_have_count(1)
        expect(celebration).to_contain_text("Challenge complete!")
        # Values filled in live are bidi isolates (U+2068 … U+2069).
        expect(celebration).to_contain_text(re.compile("You scored 100% on \u2068?Practice"))
        assert "{" not in celebration.inner_text()
        done = page.locator('[data-group="completed"] [data-personal-challenge]')
        expect(done).to_have_count(1)
        expect(done.locator("[data-reflect]")).to_be_visible()
        assert page.evaluate("window.e2eMarker") == "list", "the page was reloaded"
        screenshot(page, "personal-challenge-completed")
        assert_accessible(page, "personal-challenge-completed")

        celebration.get_by_role("link", name="Take a minute to reflect on it").click()
        expect(page).to_have_url(
            re.compile(rf"{re.escape(base)}/reflections/new/{goal_case['exercise']}/\?run=\d+$")
        )
        expect(page.locator("textarea").first).to_be_visible()
        assert page.errors == [] and practice.errors == [], (page.errors, practice.errors)
