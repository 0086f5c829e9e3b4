"""Leaderboards in Chromium on the demo school: choose a board (htmx swaps it in place),
change privacy in one click, axe on every page in English and Arabic, and no alias
participant's name or id anywhere in the page."""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from leaderboards.models import Participant
from tests.demo_school import seed_demo_school

from . import test_browser_practice as practice
from .test_browser_practice import (
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    assert_accessible,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


chromium = practice.chromium  # the fixture: Debian's Chromium, or a skip


@contextmanager
def _browser(executable: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def demo(daphne, login):
    seed_demo_school(timezone.localdate().isoformat())
    viewer = User.objects.get(username="student02")  # joined under an alias
    hidden = [
        text
        for p in Participant.objects.filter(show_name=False).exclude(student=viewer)
        for text in (p.student.username, p.student.display_name, p.student.email)
    ]
    assert hidden
    return {
        "viewer": login(viewer),
        "teacher": login(User.objects.get(username="teacher1")),
        "hidden": hidden,
    }


def _context(browser, base_url, cookies, language):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    cookies = {**cookies, settings.LANGUAGE_COOKIE_NAME: language}
    context.add_cookies([{"name": k, "value": v, "url": base_url} for k, v in cookies.items()])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return context, page


def _no_hidden_names(page, hidden):
    html = page.content()
    leaked = [text for text in hidden if text and text in html]
    assert not leaked, f"alias participants named in the page: {leaked[:5]}"


def test_a_student_picks_boards_and_changes_privacy_in_one_click(chromium, daphne, demo):
    from playwright.sync_api import expect

    base = daphne.base_url
    with _browser(chromium) as browser:
        context, page = _context(browser, base, demo["viewer"], "en")
        page.goto(f"{base}/leaderboards/")
        expect(page.locator("[data-board-entries] li").first).to_be_visible()
        expect(page.locator('[data-standing="in"]')).to_be_visible()
        _no_hidden_names(page, demo["hidden"])
        assert_accessible(page, "leaderboards-en")

        # htmx: choosing another metric swaps the board, without a page load.
        page.evaluate("window.e2eMarker = 'kept'")
        page.locator("#board-metric").select_option("consistency")
        expect(page.locator("#board-title")).to_contain_text("Consistency")
        expect(page).to_have_url(
            f"{base}/leaderboards/?scope={_scope(page)}&metric=consistency&period=weekly"
        )
        assert page.evaluate("window.e2eMarker") == "kept"
        page.locator("#board-period").select_option("monthly")
        expect(page.locator("#board-title")).to_contain_text("last 30 days")
        _no_hidden_names(page, demo["hidden"])
        screenshot(page, "leaderboards-en")
        assert_accessible(page, "leaderboards-swapped-en")

        # Privacy: one click to show the name, one click to leave everything.
        page.locator("[data-privacy-link]").click()
        expect(page).to_have_url(f"{base}/leaderboards/privacy/")
        assert_accessible(page, "leaderboards-privacy-en")
        page.locator("[data-show-name]").click()
        expect(page.locator('[data-privacy-name="name"]')).to_be_visible()
        page.locator("[data-leave]").click()
        expect(page.locator('[data-privacy-status="out"]')).to_be_visible()
        page.goto(f"{base}/leaderboards/")
        expect(page.locator('[data-standing="out"]')).to_be_visible()
        expect(page.locator("[data-you]")).to_have_count(0)
        assert page.errors == []
        context.close()

        # Arabic, right to left (after leaving: the board still shows, with an invitation).
        context, page = _context(browser, base, demo["viewer"], "ar")
        page.goto(f"{base}/leaderboards/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("[data-board]")).to_be_visible()
        screenshot(page, "leaderboards-ar")
        assert_accessible(page, "leaderboards-ar")
        page.goto(f"{base}/leaderboards/privacy/")
        assert_accessible(page, "leaderboards-privacy-ar")
        context.close()
    assert not Participant.objects.filter(student__username="student02").exists()


def _scope(page) -> str:
    return page.locator("#board-scope").input_value()


def test_a_teacher_sees_the_class_board_with_aliases(chromium, daphne, demo):
    from playwright.sync_api import expect

    with _browser(chromium) as browser:
        for language in ("en", "ar"):
            context, page = _context(browser, daphne.base_url, demo["teacher"], language)
            page.goto(f"{daphne.base_url}/leaderboards/")
            expect(page.locator('[data-standing="teacher"]')).to_be_attached()
            expect(page.locator("[data-board-entries] li").first).to_be_visible()
            _no_hidden_names(page, demo["hidden"])
            assert_accessible(page, f"leaderboards-teacher-{language}")
            context.close()
