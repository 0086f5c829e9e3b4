"""Locked means locked, kindly, in a real browser (Debian's Chromium, daphne + Redis): a
student who types a locked skill's practice address reads what opens it, in English and in
Arabic, with a link to practise the prerequisite; the teacher opens the skill for the whole
class from the class view, and the student's tree then says who opened it. Axe-clean."""

import pytest
from django.conf import settings

from mastery.models import ClassSkillOpening
from tests.factories import make_exercise

from .test_browser_practice import (  # noqa: F401
    assert_accessible,
    chromium,
    chromium_page,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def cookies_for(base: str, session: dict, language: str) -> list[dict]:
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": session[settings.SESSION_COOKIE_NAME],
            "url": base,
        },
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base},
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_locked_skill_says_what_opens_it_and_a_teacher_opens_it(
    chromium,  # noqa: F811
    daphne,
    world,
    login,
    language,
):
    from playwright.sync_api import expect

    multiplication = world.skills[1]
    exercise, _, _ = make_exercise(multiplication, "Times tables")
    student = login(world.alice)
    teacher = login(world.teacher_a)
    base = daphne.base_url
    with chromium_page(chromium) as page:
        page.context.add_cookies(cookies_for(base, student, language))
        page.goto(f"{base}/practice/{exercise.pk}/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        heading = page.locator("h1#locked-title")
        expect(heading).to_be_visible()
        step = page.locator(
            f'[data-unlock-step="answers"][data-prerequisite="{world.skills[0].pk}"]'
        )
        expect(step).to_be_visible()
        expect(page.locator("form.question-form")).to_have_count(0)
        assert_accessible(page, f"locked-{language}")
        screenshot(page, f"locked-{language}")
        step.locator("a[data-practise-skill]").click()
        expect(page.locator(f'[data-skill-practice="{world.skills[0].pk}"]')).to_be_visible()

        page.context.clear_cookies()
        page.context.add_cookies(cookies_for(base, teacher, language))
        page.goto(f"{base}/classes/{world.class_a.pk}/")
        form = page.locator("form[data-open-for-class]")
        form.locator("select").select_option(str(multiplication.pk))
        form.locator("button[type=submit]").click()
        expect(page.locator(f'[data-class-opening="{multiplication.pk}"]')).to_be_visible()
        assert_accessible(page, f"class-openings-{language}")
        screenshot(page, f"class-openings-{language}")

        page.context.clear_cookies()
        page.context.add_cookies(cookies_for(base, student, language))
        page.goto(f"{base}/practice/{exercise.pk}/")
        expect(page.locator("form.question-form")).to_be_visible()
        page.goto(f"{base}/subjects/{world.math.pk}/")
        card = page.locator(f"#skill-{multiplication.pk}")
        expect(card.locator("[data-opened-by-teacher]")).to_be_visible()
        screenshot(page, f"opened-by-teacher-{language}")
        assert page.errors == [], page.errors
    opening = ClassSkillOpening.objects.get()
    assert (opening.skill_id, opening.opened_by_id) == (multiplication.pk, world.teacher_a.pk)
