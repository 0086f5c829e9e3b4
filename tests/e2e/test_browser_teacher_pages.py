"""The teacher's skills grid and student page in a real browser (Debian's Chromium, daphne),
in French and Arabic on a 360 px phone: the page never scrolls sideways (the grid scrolls in
its own frame), axe finds nothing serious, a column title sorts, a cell opens the student's
answers below the grid, and a name opens the student's page with its chart."""

import pytest

from dashboards import rules
from tests.dashboards.helpers import answer

from .test_browser_locked_skill import cookies_for
from .test_browser_practice import (  # noqa: F401
    assert_accessible,
    chromium,
    chromium_page,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


WIDE = """() => [...document.querySelectorAll("body *")]
  .filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > innerWidth + 1 || r.left < -1;
  })
  .slice(0, 8)
  .map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().width))"""


def fits_the_phone(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, (
        f"the page is {width} px wide on a {inner} px screen: {page.evaluate(WIDE)}"
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_grid_and_student_page_on_a_phone(
    chromium,  # noqa: F811
    daphne,
    world,
    login,
    language,
):
    from playwright.sync_api import expect

    world.alice.display_name = "أمينة العلوي" if language == "ar" else "Amélie Durand"
    world.alice.save()
    for _ in range(rules.STUCK_AFTER_ATTEMPTS):
        answer(world.bilal, world.choice_q, right=False)
    for right in (True, False, True):
        answer(world.alice, world.choice_q, right=right)
    skill = world.skills[0]
    teacher = login(world.teacher_a)
    base = daphne.base_url
    with chromium_page(chromium) as page:
        page.set_viewport_size(PHONE)
        page.context.add_cookies(cookies_for(base, teacher, language))
        page.goto(f"{base}/classes/{world.class_a.pk}/grid/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        expect(page.locator("[data-skill-grid]")).to_be_visible()
        expect(page.locator("[data-grid-legend]")).to_be_visible()
        fits_the_phone(page)
        assert_accessible(page, f"grid-{language}-360")
        screenshot(page, f"grid-{language}-360")

        page.locator(f'th[data-skill="{skill.pk}"] a[data-sort]').click()
        expect(page.locator(f'th[data-skill="{skill.pk}"]')).to_have_attribute(
            "aria-sort", "ascending"
        )
        first = page.locator("tbody tr").first
        expect(first).to_have_attribute("data-student", str(world.bilal.pk))  # lowest first
        page.locator(f'th[data-skill="{skill.pk}"] a[data-sort]').click()
        expect(page.locator(f'th[data-skill="{skill.pk}"]')).to_have_attribute(
            "aria-sort", "descending"
        )
        expect(page.locator("tbody tr").first).to_have_attribute(
            "data-student", str(world.alice.pk)
        )

        url_before = page.url
        page.locator(f'tr[data-student="{world.alice.pk}"] td[data-cell="{skill.pk}"] a').click()
        panel = page.locator(f'[data-cell-detail="{world.alice.pk}-{skill.pk}"]')
        expect(panel).to_be_visible()
        expect(panel.locator("[data-attempt]")).to_have_count(3)
        assert page.url == url_before  # a panel, not a new page
        fits_the_phone(page)
        assert_accessible(page, f"grid-cell-{language}-360")
        screenshot(page, f"grid-cell-{language}-360")

        page.locator(f'a[data-student-link="{world.alice.pk}"]').first.click()
        expect(page.locator(f'[data-student-page="{world.alice.pk}"]')).to_be_visible()
        expect(page.locator("svg.line-chart polyline")).to_have_count(1)
        expect(page.locator("[data-attempt]")).to_have_count(3)
        fits_the_phone(page)
        assert_accessible(page, f"student-page-{language}-360")
        screenshot(page, f"student-page-{language}-360")

        page.goto(f"{base}/classes/{world.class_a.pk}/students/{world.bilal.pk}/")
        expect(page.locator('[data-concern="struggling"]')).to_be_visible()
        fits_the_phone(page)
        assert_accessible(page, f"student-page-concern-{language}-360")
        assert page.errors == [], page.errors
