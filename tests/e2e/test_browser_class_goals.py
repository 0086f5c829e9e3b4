"""A class goal moves on a classmate's screen while the class works, then is celebrated.

Bilal keeps his dashboard open in Arabic; Alice, then Bilal himself, finish the exercise over
plain HTTP. His class-goals card moves live (bar, then the server-worded sentence) and the
class's success arrives as a toast, without a reload.
"""

import pytest
from django.conf import settings

from classgoals.models import ClassMilestone
from tests.classgoals.helpers import make_goal

from .servers import HttpClient, answer_question
from .test_browser_practice import (
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    assert_accessible,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chromium():
    from .test_browser_practice import ARTIFACTS, CHROMIUM

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (`make test` installs Debian's package)")
    ARTIFACTS.mkdir(exist_ok=True)
    return CHROMIUM


def finish(base_url, cookies, p):
    client = HttpClient(base_url, cookies)
    answer_question(
        client, exercise_id=p.exercise_id, index=1, question_id=p.choice_q, answer=p.choice_right
    )
    answer_question(
        client, exercise_id=p.exercise_id, index=2, question_id=p.numeric_q, answer=p.numeric_right
    )


def test_a_class_goal_moves_live_and_is_celebrated(chromium, daphne, world, practice, login):
    from playwright.sync_api import expect, sync_playwright

    goal = make_goal(world, target=2, title={"fr": "Deux exercices ensemble"})
    bilal_cookies = login(world.bilal)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            cookies = {**bilal_cookies, settings.LANGUAGE_COOKIE_NAME: "ar"}
            context.add_cookies(
                [{"name": k, "value": v, "url": daphne.base_url} for k, v in cookies.items()]
            )
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(daphne.base_url + "/")
            page.locator('body[data-class-live="1"]').wait_for(state="attached")
            item = page.locator(f'[data-goal="{goal.pk}"]')
            expect(item.locator("[data-goal-bar]")).to_have_attribute("aria-valuenow", "0")
            page.evaluate("window.e2eMarker = 'no reload'")

            finish(daphne.base_url, practice.cookies, practice)  # Alice
            expect(item.locator("[data-goal-bar]")).to_have_attribute("aria-valuenow", "50")
            expect(item).to_have_attribute("data-goal-state", "open")

            finish(daphne.base_url, bilal_cookies, practice)  # Bilal himself
            expect(item).to_have_attribute("data-goal-state", "reached")
            # His own answers bring their own toasts too; the class's success comes once.
            celebration = page.locator("#toasts .toast", has_text="Deux exercices ensemble")
            expect(celebration).to_have_count(1)
            # The title is written in French only: the Arabic page says so (card and toast).
            expect(item.locator('[data-written-in="fr"]')).to_have_count(1)  # the unlock: English
            expect(celebration).to_contain_text("(")
            assert page.evaluate("window.e2eMarker") == "no reload"
            screenshot(page, "class-goal-reached-ar")
            assert_accessible(page, "class-goal-reached-ar")
            assert not errors, errors
        finally:
            browser.close()
    assert ClassMilestone.objects.filter(goal=goal).count() == 1
