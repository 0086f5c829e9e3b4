"""The class-goal form and the class view in a real browser, in French and Arabic.

The goal form's dates come up filled (an ISO value the date picker understands), the form
saves without retyping them; the class view of a teacher of two subjects fits a 360 px phone
(no sideways scroll), is axe clean, and its subject filter narrows the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from classgoals.models import ClassGoal
from tests.dashboards.test_triage import stuck

from .test_browser_locked_skill import cookies_for
from .test_browser_practice import (  # noqa: F401
    assert_accessible,
    chromium,
    chromium_page,
    screenshot,
)
from .test_browser_teacher_pages import PHONE, fits_the_phone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_goal_form_dates_and_class_view_on_a_phone(
    chromium,  # noqa: F811
    daphne,
    world,
    login,
    language,
):
    from playwright.sync_api import expect

    today = timezone.localdate()
    base = daphne.base_url
    teacher = login(world.teacher_a)
    with chromium_page(chromium) as page:
        page.set_viewport_size(PHONE)
        page.context.add_cookies(cookies_for(base, teacher, language))
        page.goto(f"{base}/classes/{world.class_a.pk}/goals/new/")
        start, end = page.locator("#id_start_date"), page.locator("#id_end_date")
        expect(start).to_have_value(today.isoformat())
        expect(end).to_have_value((today + timedelta(days=14)).isoformat())
        # The picker reads it as a date (a localized value would leave it empty).
        assert start.evaluate("e => e.valueAsDate !== null")
        fits_the_phone(page)
        assert_accessible(page, f"goal-form-{language}-360")
        # The teacher writes in the page's language (one of three, at least one required).
        page.fill(f"#id_title_{language}", "Fractions")
        page.select_option("#id_kind", "exercises")
        page.fill("#id_target", "3")
        page.fill(f"#id_unlocks_{language}", "Un jeu" if language == "fr" else "لعبة")
        page.locator("[data-goal-form] button[type=submit]").click()
        page.wait_for_url(f"**/classes/{world.class_a.pk}/goals/")
        page.locator("[data-goal-edit]").click()
        expect(page.locator("#id_start_date")).to_have_value(today.isoformat())
        expect(page.locator("#id_end_date")).to_have_value((today + timedelta(days=14)).isoformat())
    goal = ClassGoal.objects.get()  # after the browser's event loop (see chromium_page)
    assert (goal.start_date, goal.end_date) == (today, today + timedelta(days=14))
    assert getattr(goal, f"title_{language}") == "Fractions"

    # teacher_b teaches maths and physics to class B: the class view with its filter.
    stuck(world.chloe, world.physics_exercise.skill)
    teacher = login(world.teacher_b)
    with chromium_page(chromium) as page:
        page.set_viewport_size(PHONE)
        page.context.add_cookies(cookies_for(base, teacher, language))
        page.goto(f"{base}/classes/{world.class_b.pk}/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        expect(page.locator("[data-subject-filter]")).to_be_visible()
        expect(
            page.locator('[data-section="attention"] [data-concern="struggling"]')
        ).to_have_count(1)
        fits_the_phone(page)
        assert_accessible(page, f"class-view-{language}-360")
        screenshot(page, f"class-view-{language}-360")
        page.select_option("#subject-filter", str(world.math.pk))
        page.locator("[data-subject-filter] button").click()
        page.wait_for_url(f"**/classes/{world.class_b.pk}/?subject={world.math.pk}")
        expect(page.locator('[data-concern="struggling"]')).to_have_count(0)
        fits_the_phone(page)
