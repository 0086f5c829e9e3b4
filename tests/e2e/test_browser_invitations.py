"""Friendly-challenge invitations, live, in Chromium on a real daphne (issue 11, point 2).

Alice (Arabic) invites Bilal (English) to a speed challenge from the browser. Bilal, with
/challenges/ in one tab and his dashboard in another, sees both Invitations cards fill in
without a reload and a notice that names the kind of challenge, with Accept / Not this time
in place. He accepts from the notice; Alice, waiting on /challenges/, is told at once and
taken to the match, and her other tab offers to play. In the second test Bilal (French)
says "not this time" from the notice and both players' cards follow without a reload; then
Alice invites him to her study group: his Invitations card on /groups/ fills in, and he
joins from the notice; his other pages drop the notice and card live, and a second
/groups/ moves the group under "My groups". In the first, his other tab drops the
challenge notice when he accepts.
"""

import re

import pytest
from django.conf import settings

from collaboration.services import group_create

from . import test_browser_practice as practice
from .test_browser_practice import CHROMIUM_ARGS, TIMEOUT_MS, assert_accessible, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium = practice.chromium  # the fixture: Debian's Chromium, or a skip

MARK = "() => { window.e2eMarker = 'loaded once'; }"
MARKED = "() => window.e2eMarker === 'loaded once'"


@pytest.fixture
def pair(world, login):
    group = group_create(
        creator=world.alice,
        school_class=world.class_a,
        subject=world.math,
        name="Fractions club",
        is_open=False,
    )
    return {
        "group": group.pk,
        "alice": login(world.alice),
        "bilal": login(world.bilal),
        "alice_name": str(world.alice),
        "bilal_id": world.bilal.pk,
        "exercise": world.exercise.pk,
    }


def _context(browser, base_url, cookies, language):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    jar = {**cookies, settings.LANGUAGE_COOKIE_NAME: language}
    context.add_cookies([{"name": k, "value": v, "url": base_url} for k, v in jar.items()])
    return context


def _open(context, url):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    practice.wait_live(page)
    page.evaluate(MARK)
    return page


def _invite(page, base, pair, kind):
    """Alice sends the invitation from the form and lands on /challenges/, waiting."""
    page.goto(
        f"{base}/challenges/new/?opponent={pair['bilal_id']}&exercise={pair['exercise']}"
        f"&kind={kind}"
    )
    page.locator('input[name="message"]').fill("Let's practise together!")
    page.locator("[data-challenge-form] button[type=submit]").click()
    page.wait_for_url(f"{base}/challenges/")
    waiting = page.locator('[data-challenges="pending"] [data-challenge]')
    waiting.wait_for()
    practice.wait_live(page)
    page.evaluate(MARK)
    return waiting.get_attribute("data-challenge")


def _errors(*pages):
    return {i: p.errors for i, p in enumerate(pages) if p.errors}


def test_the_invitee_accepts_from_the_notice_and_the_challenger_is_taken_to_the_match(
    chromium, daphne, pair
):
    from playwright.sync_api import expect, sync_playwright

    base = daphne.base_url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            bilal_ctx = _context(browser, base, pair["bilal"], "en")
            bilal_list = _open(bilal_ctx, f"{base}/challenges/")
            bilal_home = _open(bilal_ctx, f"{base}/")
            invitations = bilal_list.locator('[data-challenges="pending"] [data-challenge]')
            expect(invitations).to_have_count(0)
            expect(bilal_home.locator("section#dashboard-invitations[hidden]")).to_have_count(1)

            alice_ctx = _context(browser, base, pair["alice"], "ar")
            alice_home = _open(alice_ctx, f"{base}/")
            alice = alice_ctx.new_page()
            alice.errors = []
            alice.on("pageerror", lambda error: alice.errors.append(str(error)))
            challenge_id = _invite(alice, base, pair, "speed")
            match_url = f"{base}/challenges/{challenge_id}/"

            # The invitee's Invitations card fills in by itself, with both answers.
            expect(invitations).to_have_count(1)
            expect(invitations.locator("[data-accept]")).to_be_visible()
            expect(invitations.locator("[data-decline]")).to_be_visible()

            # So does the dashboard's, hidden while there was none.
            on_dashboard = bilal_home.locator("#dashboard-invitations")
            expect(on_dashboard.locator(f'[data-invitation="{challenge_id}"]')).to_be_visible()

            # The notice on any other page names the kind, and answers in place.
            notice = bilal_home.locator(f'#toasts [data-invitation="{challenge_id}"]')
            expect(notice).to_be_visible()
            expect(notice).to_have_attribute("data-kind", "speed")
            # The name is a bidi isolate (U+2068 … U+2069), as in every sentence.
            words = f"\u2068{pair['alice_name']}\u2069 invites you to a speed challenge"
            expect(notice).to_contain_text(words)
            expect(notice).to_contain_text("Let's practise together!")
            expect(notice.locator("[data-decline]")).to_be_visible()
            screenshot(bilal_home, "invitation-notice-en")
            assert_accessible(bilal_home, "invitation-notice-en")
            assert bilal_home.evaluate(MARKED) and bilal_list.evaluate(MARKED), "reloaded"

            # His other tab offers it too, until he answers on the first.
            other_notice = bilal_list.locator(f'#toasts [data-invitation="{challenge_id}"]')
            expect(other_notice).to_have_count(1)

            notice.locator("[data-accept]").click()
            bilal_home.wait_for_url(match_url)
            expect(bilal_home.locator("[data-ready]")).to_be_visible()

            # The challenger, waiting on /challenges/, is told and taken to the match.
            alice.wait_for_url(match_url)
            expect(alice.locator("[data-ready]")).to_be_visible()
            # Her other page tells her, with the way to the match.
            told = alice_home.locator(f'#toasts [data-accepted="{challenge_id}"]')
            expect(told).to_be_visible()
            expect(told.locator("a")).to_have_attribute("href", re.compile(rf"/{challenge_id}/$"))
            screenshot(alice_home, "invitation-accepted-ar")
            assert alice_home.evaluate(MARKED), "the page was reloaded"

            # The invitee's other tab no longer offers the invitation: it is ready to play.
            expect(invitations).to_have_count(0)
            expect(other_notice).to_have_count(0)
            assert bilal_list.evaluate(MARKED), "the page was reloaded"
            expect(
                bilal_list.locator(f'[data-challenges="active"] [data-challenge="{challenge_id}"]')
            ).to_have_count(1)
            errors = _errors(alice, alice_home, bilal_list, bilal_home)
            assert not errors, f"JavaScript errors: {errors}"
        finally:
            browser.close()


def test_not_this_time_from_the_notice_updates_both_players_cards(chromium, daphne, pair):
    from playwright.sync_api import expect, sync_playwright

    base = daphne.base_url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            bilal_ctx = _context(browser, base, pair["bilal"], "fr")
            bilal = _open(bilal_ctx, f"{base}/groups/")
            alice = _context(browser, base, pair["alice"], "en").new_page()
            alice.errors = []
            alice.on("pageerror", lambda error: alice.errors.append(str(error)))
            challenge_id = _invite(alice, base, pair, "accuracy")

            notice = bilal.locator(f'#toasts [data-invitation="{challenge_id}"]')
            expect(notice).to_have_attribute("data-kind", "accuracy")
            expect(bilal.locator("html")).to_have_attribute("lang", "fr")
            screenshot(bilal, "invitation-notice-fr")
            notice.locator("[data-decline]").click()
            # Answered in place: the page stays, the notice goes.
            expect(notice).to_have_count(0)
            assert bilal.evaluate(MARKED), "the page was left or reloaded"
            assert bilal.url == f"{base}/groups/"

            # The challenger's cards follow: no longer waiting, "not this time" below.
            waiting = alice.locator('[data-challenges="pending"] [data-challenge]')
            expect(waiting).to_have_count(0)
            finished = alice.locator('[data-challenges="finished"]')
            earlier = finished.locator(f'[data-challenge="{challenge_id}"]')
            expect(earlier).to_contain_text("Not this time")
            assert alice.evaluate(MARKED), "the page was reloaded"
            assert alice.url == f"{base}/challenges/"

            # A study-group invitation fills his Invitations card on /groups/ the same way.
            group_invitations = bilal.locator("[data-invitations] [data-invitation]")
            expect(group_invitations).to_have_count(0)
            bilal_home = _open(bilal_ctx, f"{base}/")  # his other page
            bilal_groups = _open(bilal_ctx, f"{base}/groups/")  # and a second /groups/
            mine = bilal_groups.locator(f'[data-groups="mine"] [data-group="{pair["group"]}"]')
            in_class = bilal_groups.locator(f'[data-groups="class"] [data-group="{pair["group"]}"]')
            expect(mine).to_have_count(0)
            alice.goto(f"{base}/groups/{pair['group']}/")
            alice.locator("[data-invite-form] select").select_option(str(pair["bilal_id"]))
            alice.locator("[data-invite-form] button[type=submit]").click()
            expect(group_invitations).to_have_count(1)
            expect(group_invitations).to_contain_text("Fractions club")
            assert bilal.evaluate(MARKED), "the page was reloaded"
            # Its notice is answered in place too: joining opens the group.
            group_notice = bilal.locator('#toasts [data-invitation-kind="group"]')
            expect(group_notice).to_contain_text("Fractions club")
            # His other page offers it too, until he answers on the first.
            on_dashboard = bilal_home.locator("#dashboard-invitations [data-invitation-kind=group]")
            other_notice = bilal_home.locator('#toasts [data-invitation-kind="group"]')
            expect(on_dashboard).to_have_count(1)
            expect(other_notice).to_have_count(1)
            group_notice.locator("[data-accept]").click()
            bilal.wait_for_url(f"{base}/groups/{pair['group']}/")
            # The other page stops offering it, without a reload: notice and card.
            expect(other_notice).to_have_count(0)
            expect(on_dashboard).to_have_count(0)
            expect(bilal_home.locator("section#dashboard-invitations[hidden]")).to_have_count(1)
            assert bilal_home.evaluate(MARKED), "the page was reloaded"
            # The second /groups/ lists it under "My groups", no longer under the class's.
            expect(mine).to_have_count(1)
            expect(in_class).to_have_count(0)
            assert bilal_groups.evaluate(MARKED), "the page was reloaded"
            errors = _errors(alice, bilal, bilal_home, bilal_groups)
            assert not errors, f"JavaScript errors: {errors}"
        finally:
            browser.close()
