"""A student answers until the next skill unlocks, and sees the celebration and the tree
change without a reload, in English and in Arabic (Debian's Chromium, real daphne + Redis)."""

import pytest
from django.conf import settings

from tests.factories import correct_choice

from .test_browser_practice import chromium, chromium_page, screenshot, wait_live  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unlock_case(world, login):
    addition, multiplication, _ = world.skills
    return {
        "students": {"en": login(world.alice), "ar": login(world.bilal)},
        "exercise": world.exercise.pk,
        "answers": [("choice", str(correct_choice(world.choice_q).pk)), ("numeric", "7")],
        "unlocks": multiplication.pk,
        "addition": addition.pk,
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_practice_until_a_skill_unlocks(chromium, daphne, unlock_case, language):  # noqa: F811
    from playwright.sync_api import expect

    base = daphne.base_url
    cookies = unlock_case["students"][language]
    with chromium_page(chromium) as page:
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookies[settings.SESSION_COOKIE_NAME],
                    "url": base,
                },
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base},
            ]
        )
        page.goto(f"{base}/practice/{unlock_case['exercise']}/")
        html = page.locator("html")
        expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        node = page.locator(f'.tree-mini [data-tree-node="{unlock_case["unlocks"]}"]')
        expect(node).to_have_attribute("data-status", "locked")

        for number, (kind, answer) in enumerate(unlock_case["answers"], start=1):
            wait_live(page)
            page.evaluate("n => { window.e2eMarker = n; }", number)
            if kind == "choice":
                page.locator(f'input[name="answer"][value="{answer}"]').check()
            else:
                page.locator('input[name="answer"]').fill(answer)
            page.locator("form.question-form button[type=submit]").click()
            expect(page.locator('[data-feedback="first_try"]')).to_be_visible()
            if number == 1:
                expect(node).to_have_attribute("data-status", "locked")
                page.locator("[data-next-question]").click()

        celebration = page.locator('[data-celebration="skill.unlocked"]')
        expect(celebration).to_be_visible()
        expect(celebration).to_contain_text("Multiplication")
        expect(node).to_have_attribute("data-status", "ready")
        addition = page.locator(f'.tree-mini [data-tree-node="{unlock_case["addition"]}"]')
        expect(addition.locator(".node-value")).not_to_have_text("0%")
        assert page.evaluate("window.e2eMarker") == 2, "the page was reloaded"
        screenshot(page, f"unlock-{language}")
        celebration.locator("button").click()
        expect(celebration).to_have_count(0)
        assert page.errors == [], page.errors
