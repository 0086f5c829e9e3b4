"""Live content in each reader's language (issue 11): a friendly challenge and a study-group
session with an Arabic, a French and an English reader, each in their own Chromium context.

The test world's content gets a different text in each language (tests/trilingual.py), so
any question, choice, explanation, skill or exercise name that reaches a page in another
language than the page's fails here. Screenshots are kept in test-artifacts/.
"""

import pytest
from django.conf import settings

from challenges import services as challenges
from collaboration import services as groups
from tests.collaboration.helpers import make_group
from tests.factories import correct_choice, wrong_choice
from tests.trilingual import (
    CHOICES,
    EXERCISE,
    EXPLANATION,
    NUMERIC_PROMPT,
    PROMPT,
    SKILL,
    translate_world,
)

from .test_browser_practice import ARTIFACTS, CHROMIUM_ARGS, TIMEOUT_MS, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chromium(world):
    from .test_browser_practice import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (`make test` installs Debian's package)")
    ARTIFACTS.mkdir(exist_ok=True)
    translate_world(world)
    return CHROMIUM


def open_pages(browser, base_url, url, people, cookies, ready):
    """One context per reader, in their language; each page once its room is open."""
    pages = {}
    for name, language in people:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        jar = {**cookies[name], settings.LANGUAGE_COOKIE_NAME: language}
        context.add_cookies([{"name": k, "value": v, "url": base_url} for k, v in jar.items()])
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error, page=page: page.errors.append(str(error)))
        page.goto(url)
        page.locator(ready).wait_for(state="attached")
        assert page.locator("html").get_attribute("lang") == language
        pages[name] = (page, language)
    return pages


def no_errors(pages):
    errors = {name: page.errors for name, (page, _) in pages.items() if page.errors}
    assert not errors, f"JavaScript errors: {errors}"


def test_a_match_reads_in_each_players_and_the_observers_language(chromium, daphne, world, login):
    from playwright.sync_api import expect, sync_playwright

    match = challenges.challenge_invite(
        challenger=world.alice, opponent=world.bilal, exercise=world.exercise, kind="accuracy"
    )
    challenges.challenge_respond(challenge_id=match.pk, player=world.bilal, accept=True)
    people = (("alice", "en"), ("bilal", "ar"), ("teacher_a", "fr"))
    cookies = {u.username: login(u) for u in (world.alice, world.bilal, world.teacher_a)}
    right, wrong = correct_choice(world.choice_q).pk, wrong_choice(world.choice_q).pk
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            url = f"{daphne.base_url}/challenges/{match.pk}/"
            pages = open_pages(
                browser, daphne.base_url, url, people, cookies, '#challenge[data-live="open"]'
            )
            alice, bilal = pages["alice"][0], pages["bilal"][0]
            alice.locator("[data-ready]").click()
            bilal.locator("[data-ready]").click()
            for page, lang in pages.values():
                expect(page.locator(".lead")).to_contain_text(EXERCISE[lang])
                expect(page.locator("[data-prompt]")).to_have_text(PROMPT[lang])
                expect(page.locator("[data-choice]")).to_have_text([c[lang] for c in CHOICES])
            screenshot(pages["teacher_a"][0], "languages-challenge-observer-fr")
            screenshot(bilal, "languages-challenge-ar")

            alice.locator(f'[data-choice="{right}"]').click()
            bilal.locator(f'[data-choice="{wrong}"]').click()
            for page, lang in pages.values():
                expect(page.locator("[data-prompt]")).to_have_text(NUMERIC_PROMPT[lang])
            for page in (alice, bilal):
                page.locator('[data-numeric] input[name="answer"]').fill("7")
                page.locator("[data-numeric] button").click()
            for page, _ in pages.values():
                expect(page.locator("[data-finished]")).to_be_visible()
            no_errors(pages)
        finally:
            browser.close()


def test_a_group_session_reads_in_each_members_and_the_teachers_language(
    chromium, daphne, world, login
):
    from playwright.sync_api import expect, sync_playwright

    g = make_group(world)
    groups.group_goal_add(group_id=g.group.pk, member=world.alice, skill=world.skills[0])
    people = (("alice", "en"), ("bilal", "ar"), ("dina", "fr"), ("teacher_a", "ar"))
    users = {"alice": world.alice, "bilal": world.bilal, "dina": g.dina}
    cookies = {name: login(u) for name, u in {**users, "teacher_a": world.teacher_a}.items()}
    right = str(correct_choice(world.choice_q).pk)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            url = f"{daphne.base_url}/groups/{g.group.pk}/live/"
            pages = open_pages(
                browser, daphne.base_url, url, people, cookies, '#study-group[data-live="open"]'
            )
            alice, dina = pages["alice"][0], pages["dina"][0]
            for page, lang in pages.values():
                expect(page.locator("[data-goals] li")).to_contain_text(SKILL[lang])
                expect(page.locator("[data-focus]")).to_be_visible()
            for page, lang in (pages["alice"], pages["bilal"], pages["dina"]):
                label = page.locator("[data-pick-select] optgroup").first.get_attribute("label")
                assert label == f"{SKILL[lang]} · {EXERCISE[lang]}"

            alice.locator("[data-pick-select]").select_option(str(world.choice_q.pk))
            alice.locator("[data-pick-form] button").click()
            for page, lang in pages.values():
                expect(page.locator("[data-prompt]")).to_have_text(PROMPT[lang])
                expect(page.locator("[data-exercise-title]")).to_have_text(EXERCISE[lang])
                expect(page.locator("[data-choices] label")).to_have_text(
                    [c[lang] for c in CHOICES]
                )

            dina.locator(f'[data-choices] input[value="{right}"]').check()
            dina.locator("[data-propose]").click()
            for page, lang in pages.values():
                expect(page.locator("[data-proposals] li")).to_contain_text(CHOICES[1][lang])
            dina.locator("[data-submit]").click()
            for page, lang in pages.values():
                result = page.locator("[data-result]")
                expect(result).to_have_attribute("data-correct", "true")
                expect(result).to_contain_text(CHOICES[1][lang])
                expect(result).to_contain_text(EXPLANATION[lang])
            for name, (page, lang) in pages.items():
                screenshot(page, f"languages-group-{name}-{lang}")
            no_errors(pages)
        finally:
            browser.close()
