"""Three students solve an exercise together in a live study-group session while their
teacher follows, each in their own Chromium context (English, Arabic, French, English).

Alice puts a question in front of the group, Bilal suggests an answer, Dina explains in the
chat, Alice pins it as an insight, Dina submits the right answer: it counts for the three of
them and not for the teacher. axe checks the page for a member (en, ar) and for the teacher;
screenshots are kept in test-artifacts/.
"""

import pytest
from django.conf import settings

from mastery.models import Attempt
from tests.collaboration.helpers import make_group
from tests.factories import correct_choice, wrong_choice

from .test_browser_practice import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    assert_accessible,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PEOPLE = (("alice", "en"), ("bilal", "ar"), ("dina", "fr"), ("teacher_a", "en"))


@pytest.fixture
def session(world, login):
    from .test_browser_practice import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (`make test` installs Debian's package)")
    ARTIFACTS.mkdir(exist_ok=True)
    g = make_group(world)
    users = {
        "alice": world.alice,
        "bilal": world.bilal,
        "dina": g.dina,
        "teacher_a": world.teacher_a,
    }
    return {
        "chromium": CHROMIUM,
        "group": g.group.pk,
        "cookies": {name: login(user) for name, user in users.items()},
        "question": world.choice_q.pk,
        "right": str(correct_choice(world.choice_q).pk),
        "wrong": str(wrong_choice(world.choice_q).pk),
    }


def test_three_students_solve_an_exercise_together_while_the_teacher_follows(daphne, session):
    from playwright.sync_api import expect, sync_playwright

    url = f"{daphne.base_url}/groups/{session['group']}/live/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=session["chromium"], args=CHROMIUM_ARGS, headless=True
        )
        try:
            pages = {}
            for name, language in PEOPLE:
                context = browser.new_context(viewport={"width": 1200, "height": 900})
                context.set_default_timeout(TIMEOUT_MS)
                cookies = {**session["cookies"][name], settings.LANGUAGE_COOKIE_NAME: language}
                context.add_cookies(
                    [{"name": k, "value": v, "url": daphne.base_url} for k, v in cookies.items()]
                )
                page = context.new_page()
                page.errors = []
                page.on("pageerror", lambda error, page=page: page.errors.append(str(error)))
                page.on("dialog", lambda dialog: dialog.accept())
                page.goto(url)
                page.locator('#study-group[data-live="open"]').wait_for(state="attached")
                pages[name] = page
            alice, bilal, dina, teacher = (pages[n] for n, _ in PEOPLE)
            expect(bilal.locator("html")).to_have_attribute("dir", "rtl")

            # Everyone sees the three members here; the teacher is listed apart.
            for page in pages.values():
                expect(page.locator("[data-presence] li")).to_have_count(3)
                expect(page.locator("[data-observers]")).to_contain_text("teacher_a")
            expect(teacher.locator("[data-chat-form]")).to_have_count(0)
            expect(teacher.locator("[data-pick-form]")).to_have_count(0)

            alice.locator("[data-pick-select]").select_option(str(session["question"]))
            alice.locator("[data-pick-form] button").click()
            for page in pages.values():
                expect(page.locator("[data-prompt]")).to_have_text("7 + 5 = ?")
            expect(teacher.locator("[data-choices] input").first).to_be_disabled()

            bilal.locator(f'[data-choices] input[value="{session["wrong"]}"]').check()
            bilal.locator("[data-propose]").click()
            for page in pages.values():
                expect(page.locator("[data-proposals] li")).to_have_count(1)
                expect(page.locator("[data-proposals] li")).to_contain_text("11")

            dina.locator('[data-chat-form] input[name="text"]').fill(
                "<b>Count on</b> from 7: 8, 9, 10, 11, 12"
            )
            dina.locator("[data-chat-form] button").click()
            for page in pages.values():
                line = page.locator("[data-chat] li [data-text]").last
                expect(line).to_have_text("<b>Count on</b> from 7: 8, 9, 10, 11, 12")
            assert teacher.locator("[data-chat] b").count() == 0  # text, never markup

            alice.locator("[data-chat] li").last.locator("button").click()
            for page in pages.values():
                expect(page.locator("[data-insights] li")).to_have_count(1)

            dina.locator(f'[data-choices] input[value="{session["right"]}"]').check()
            dina.locator("[data-submit]").click()
            for page in pages.values():
                result = page.locator("[data-result]")
                expect(result).to_have_attribute("data-correct", "true")
                for name in ("alice", "bilal", "dina"):
                    expect(result).to_contain_text(name)
                expect(result).to_contain_text("7 + 5 = 12")
            expect(alice.locator("[data-submit]")).to_be_disabled()

            assert_accessible(alice, "study-group-live-en")
            assert_accessible(bilal, "study-group-live-ar")
            assert_accessible(teacher, "study-group-live-teacher")
            screenshot(alice, "study-group-live-en")
            screenshot(bilal, "study-group-live-ar")
            screenshot(teacher, "study-group-live-teacher")

            alice.locator("[data-end]").click()
            for page in pages.values():
                expect(page.locator("[data-ended]")).to_be_visible()
            dina.locator("[data-record-link]").click()
            expect(dina.locator("[data-reflection-form]")).to_be_visible()
            dina.locator("[data-reflection-form] textarea").fill("Counting on works every time.")
            dina.locator("[data-reflection-form] button").click()
            expect(dina.locator("[data-reflections]")).to_contain_text("Counting on works")
            expect(dina.locator("[data-insights]")).to_contain_text("Count on")
            assert_accessible(dina, "study-group-session-fr")
            screenshot(dina, "study-group-session-fr")
            errors = {name: page.errors for name, page in pages.items() if page.errors}
            assert not errors, f"JavaScript errors: {errors}"
        finally:
            browser.close()
    credited = sorted(
        Attempt.objects.filter(source=Attempt.Source.GROUP).values_list(
            "student__username", flat=True
        )
    )
    assert credited == ["alice", "bilal", "dina"]
