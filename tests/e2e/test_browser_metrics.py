"""The class metrics page in a real browser (Debian's Chromium, daphne), in French and Arabic
on a 360 px phone: it fits, axe finds nothing serious, the charts run in the reading direction
(right to left in Arabic), and a range of dates picked in the date inputs is shown."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.dashboards.test_metrics import say

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
def test_metrics_page_on_a_phone(chromium, daphne, world, login, language):  # noqa: F811
    from playwright.sync_api import expect

    world.class_a.name = "الجذع المشترك أ" if language == "ar" else "Tronc commun A"
    world.class_a.save()
    for d in (20, 3, 2, 1):
        say(world.alice, world.choice_q, True, d)
    say(world.bilal, world.choice_q, False, 2)
    teacher = login(world.teacher_a)
    base = daphne.base_url
    with chromium_page(chromium) as page:
        page.set_viewport_size(PHONE)
        page.context.add_cookies(cookies_for(base, teacher, language))
        page.goto(f"{base}/classes/{world.class_a.pk}/")
        page.locator("a[data-metrics-link]").click()
        expect(page.locator(f'[data-metrics-page="{world.class_a.pk}"]')).to_be_visible()
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        for section in ("signs", "engagement", "reflections", "mastery", "leaderboards"):
            expect(page.locator(f'[data-section="{section}"]')).to_be_visible()
        bars = page.locator('[data-chart="active"] rect.bar')
        expect(bars).to_have_count(28)
        first, last = (float(bars.nth(i).get_attribute("x")) for i in (0, 27))
        # Time runs in the reading direction: the oldest day on the right in Arabic.
        assert (first > last) if language == "ar" else (first < last)
        fits_the_phone(page)
        assert_accessible(page, f"metrics-{language}-360")
        screenshot(page, f"metrics-{language}-360")

        today = timezone.localdate()
        start = today - timedelta(days=4)
        page.select_option("select[data-period]", "custom")
        page.fill("input[name=start]", start.isoformat())
        page.fill("input[name=end]", today.isoformat())
        page.locator("form[data-metrics-filter] button[type=submit]").click()
        shown = page.locator("[data-period-shown]")
        expect(shown).to_have_attribute(
            "data-period-shown", f"{start.isoformat()}/{today.isoformat()}"
        )
        expect(page.locator("input[name=start]")).to_have_value(start.isoformat())
        expect(page.locator('[data-chart="active"] rect.bar')).to_have_count(5)
        expect(page.locator("[data-active-learners]")).to_have_text("2/2")
        fits_the_phone(page)
        screenshot(page, f"metrics-range-{language}-360")
        assert page.errors == [], page.errors
