"""A student practises a skill on a 360 px phone in Arabic, in Chromium.

From the subject page's "Practise this skill", one question after another: two fixed ones,
then a parametrised one twice (fresh numbers each time, read off the Arabic prompt with its
decimal comma and answered the French/Arabic way). After each answer the feedback, today's
count and the displayed mastery change without a page load; the page never overflows.
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings

from mastery.models import Attempt
from tests.factories import correct_choice, make_template

from .test_browser_practice import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    assert_accessible,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}
ANSWERS = 4


@pytest.fixture
def chromium():
    from .test_browser_practice import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (`make test` installs Debian's package)")
    ARTIFACTS.mkdir(exist_ok=True)
    return CHROMIUM


@pytest.fixture
def setup(world, login):
    template = make_template(world.exercise)
    return {
        "cookies": {**login(world.alice), settings.LANGUAGE_COOKIE_NAME: "ar"},
        "subject": world.math.pk,
        "skill": world.skills[0].pk,
        "fixed": {
            world.choice_q.pk: str(correct_choice(world.choice_q).pk),
            world.numeric_q.pk: "7",
        },
        "template": template.pk,
    }


def _template_answer(prompt: str) -> str:
    """a + b read off the Arabic prompt ("احسب 57 + 3,5"), written with a decimal comma."""
    a, b = re.search(r"(\d+(?:,\d+)?) \+ (\d+(?:,\d+)?)", prompt).groups()
    total = Decimal(a.replace(",", ".")) + Decimal(b.replace(",", "."))
    return f"{total.normalize():f}".replace(".", ",")


def test_practising_a_skill_on_a_phone_in_arabic(chromium, daphne, setup):
    from playwright.sync_api import expect, sync_playwright

    base = daphne.base_url
    served = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            context.set_default_timeout(TIMEOUT_MS)
            context.add_cookies(
                [{"name": k, "value": v, "url": base} for k, v in setup["cookies"].items()]
            )
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{base}/subjects/{setup['subject']}/")
            page.locator(f'[data-practise-skill="{setup["skill"]}"].button').click()
            skill_url = f"{base}/practice/skills/{setup['skill']}/"
            expect(page).to_have_url(skill_url)
            expect(page.locator("html")).to_have_attribute("dir", "rtl")

            value = page.locator(f'[data-skill-progress="{setup["skill"]}"] [data-mastery-value]')
            for number in range(1, ANSWERS + 1):
                action = page.locator("form.question-form").get_attribute("action")
                question_id = int(re.search(r"/questions/(\d+)/answer/", action).group(1))
                served.append(question_id)
                prompt = page.locator("legend.prompt").inner_text()
                assert "{" not in prompt, prompt
                if question_id == setup["template"]:
                    page.locator('input[name="answer"]').fill(_template_answer(prompt))
                elif page.locator('input[type="radio"]').count():
                    answer = setup["fixed"][question_id]
                    page.locator(f'input[name="answer"][value="{answer}"]').check()
                else:
                    page.locator('input[name="answer"]').fill(setup["fixed"][question_id])
                before = int(value.inner_text())
                page.evaluate("n => { window.e2eMarker = n; }", number)
                page.locator("form.question-form button[type=submit]").click()
                expect(page.locator('[data-feedback="first_try"]')).to_be_visible()
                expect(page.locator("[data-answers-today]")).to_have_attribute(
                    "data-answers-today", str(number)
                )
                assert int(value.inner_text()) >= before
                assert page.evaluate("window.e2eMarker") == number, "the page was reloaded"
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], f"the page is {width} px wide"
                if number == 1:
                    screenshot(page, "skill-practice-ar-360-answered")
                    assert_accessible(page, "skill-practice-ar-360")
                page.locator("[data-next-question]").click()
                expect(page).to_have_url(skill_url)
            assert errors == [], f"JavaScript errors: {errors}"
        finally:
            browser.close()

    assert served[:2] == list(setup["fixed"])  # the unseen fixed items first
    assert served[2:] == [setup["template"]] * 2  # then fresh variants of the template
    attempts = list(Attempt.objects.filter(question_id=setup["template"]).order_by("pk"))
    assert [a.correct for a in attempts] == [True, True]
    assert attempts[0].variant != attempts[1].variant
