"""Phones first, in a real browser (Debian's Chromium): every page of the URLconf, opened by a
demo student, teacher and parent on a 360x740 screen in Arabic and in French, fits its width
(`scrollWidth <= innerWidth`: nothing scrolls sideways). The menu is a button that opens
without any script of the page's own; the student dashboard leads with mastery and next
steps and folds the rest. A screenshot of every page is kept under test-artifacts/phone/."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import User
from schools.models import Enrollment, TeachingAssignment
from tests.demo_school import seed_demo_school

from .phone_pages import POST_ONLY, Visit, example_path, uncovered_routes, visits
from .test_browser_practice import ARTIFACTS, CHROMIUM_ARGS, TIMEOUT_MS, chromium  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 360, 740
BROWSER_LOCALE = {"ar": "ar-MA", "fr": "fr-MA"}
EXPECTED_STATUS = {"host_handoff": 400}  # no token: the kind error page


@pytest.fixture
def demo_visits(login) -> tuple[list[Visit], dict[int, dict]]:
    """The demo school; the pages with who opens them, and each user's session cookies."""
    seed_demo_school(timezone.localdate().isoformat())
    student = User.objects.get(username="student02")
    school_class = Enrollment.objects.filter(student=student).first().school_class
    teacher = TeachingAssignment.objects.filter(school_class=school_class).first().teacher
    walk = visits(student=student, teacher=teacher)
    sessions = {v.user.pk: login(v.user) for v in walk if v.user is not None}
    return walk, sessions


def _artifact_name(index: int, visit: Visit, language: str) -> str:
    who = visit.user.role if visit.user else "anonymous"
    slug = re.sub(r"[^a-z0-9]+", "-", f"{visit.name}-{visit.path}".lower()).strip("-")
    return f"phone/{language}-{index:02d}-{who}-{slug}"[:120]


def _overflowing(page) -> list[str]:
    """What sticks out of the screen, for the failure message."""
    return page.evaluate(
        """() => {
            const out = [];
            for (const e of document.querySelectorAll("body *")) {
                const r = e.getBoundingClientRect();
                if (r.width && (r.right > innerWidth + 1 || r.left < -1)) {
                    out.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : "")
                             + " " + Math.round(r.left) + ".." + Math.round(r.right));
                }
            }
            return out.slice(0, 5);
        }"""
    )


def test_the_walk_covers_every_page_of_the_urlconf(demo_visits):
    walk, _ = demo_visits
    assert uncovered_routes(walk) == set(), "a route is neither walked nor listed in NOT_PAGES"


def test_the_actions_left_out_of_the_walk_refuse_a_get(world):
    client = Client()
    client.force_login(world.alice)
    allowed = {name: client.get(example_path(name)).status_code for name in sorted(POST_ONLY)}
    assert {name: code for name, code in allowed.items() if code != 405} == {}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_page_fits_a_phone(chromium, daphne, demo_visits, language):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    walk, sessions = demo_visits
    base = daphne.base_url
    (ARTIFACTS / "phone").mkdir(parents=True, exist_ok=True)
    too_wide, wrong_status, errors = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        contexts = {}

        def page_for(user):
            key = user.pk if user else None
            if key not in contexts:
                context = browser.new_context(
                    viewport={"width": WIDTH, "height": HEIGHT},
                    locale=BROWSER_LOCALE[language],
                    device_scale_factor=1,
                )
                context.set_default_timeout(TIMEOUT_MS)
                cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
                cookies += [
                    {"name": k, "value": v, "url": base} for k, v in sessions.get(key, {}).items()
                ]
                context.add_cookies(cookies)
                page = context.new_page()
                page.on("pageerror", lambda error, page=page: errors.append(f"{page.url}: {error}"))
                contexts[key] = page
            return contexts[key]

        try:
            for index, visit in enumerate(walk):
                page = page_for(visit.user)
                response = page.goto(base + visit.path)
                # Loaded, fonts in, and no htmx request still in flight (a partial loaded on
                # `load` swaps in before the width is read). Waiting for "networkidle" did
                # the same with half a second of silence per page: a minute per language.
                page.wait_for_function(
                    "() => document.fonts.status === 'loaded'"
                    " && !document.querySelector('.htmx-request')"
                )
                expected = EXPECTED_STATUS.get(visit.name, 200)
                if response.status != expected:
                    wrong_status.append(f"{visit.path}: HTTP {response.status}")
                assert page.locator("html").get_attribute("lang") == language
                width = page.evaluate("document.documentElement.scrollWidth")
                inner = page.evaluate("innerWidth")
                if width > inner:
                    too_wide.append(f"{visit.path} ({visit.name}): {width} px {_overflowing(page)}")
                page.screenshot(
                    path=str(ARTIFACTS / f"{_artifact_name(index, visit, language)}.png"),
                    full_page=True,
                )

            # The menu: a button on a phone; it opens (no script of the page's own needed),
            # its links are in the groups of the product, and the page still fits.
            page = page_for(next(v.user for v in walk if v.user and v.user.is_student))
            page.goto(base + "/")
            menu = page.locator("details[data-menu]")
            expect(menu.locator("nav")).to_be_hidden()
            menu.locator("summary").click()
            expect(menu.locator("[data-nav-groups]")).to_be_visible()
            expect(menu.locator(".nav-group")).to_have_count(3)
            expect(menu.locator(".lang-switch")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
            page.screenshot(path=str(ARTIFACTS / f"phone/{language}-menu-open.png"))
            menu.locator("summary").click()
            expect(menu.locator("nav")).to_be_hidden()

            # The dashboard leads with mastery and next steps; the rest opens on demand.
            expect(page.locator("#mastery-title")).to_be_in_viewport()
            opened = page.locator('main section[data-section="next-steps"]')
            expect(opened).to_be_visible()
            folds = page.locator("main details.fold")
            assert folds.count() >= 5
            for section in ("week", "moments", "community", "last-reflection", "chart"):
                fold = page.locator(f'main details.fold[data-section="{section}"]')
                expect(fold).not_to_have_attribute("open", "")
            week = page.locator('main details.fold[data-section="week"]')
            week.locator("summary").click()
            expect(week.locator("[data-streak]")).to_be_visible()
            page.screenshot(
                path=str(ARTIFACTS / f"phone/{language}-dashboard-week-open.png"), full_page=True
            )
        finally:
            browser.close()
    assert wrong_status == [], wrong_status
    assert too_wide == [], f"pages wider than {WIDTH} px in {language}:\n" + "\n".join(too_wide)
    assert errors == [], errors
