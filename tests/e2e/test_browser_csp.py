"""The Content-Security-Policy holds in Chromium: every page a student and a teacher open is
served with it, runs its scripts and styles from files, opens its live socket, and breaks
no directive (the console stays clean; the start_daphnes fixture also fails the test on any
violation the browser reports to /csp-report/)."""

import pytest

from .test_browser_practice import chromium, chromium_page  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _violations(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def test_student_and_teacher_pages_pass_the_policy(chromium, daphne, world, login):  # noqa: F811
    pages = {
        "student": (
            world.alice,
            [
                "/",
                f"/subjects/{world.math.pk}/",
                f"/practice/{world.exercise.pk}/",
                f"/reflections/new/{world.exercise.pk}/",
                "/personal-challenges/",
                "/groups/",
                "/peer-help/",
                "/challenges/",
                "/leaderboards/",
            ],
        ),
        "teacher": (world.teacher_a, ["/", f"/classes/{world.class_a.pk}/", "/classes/live/"]),
    }
    cookies = {who: login(user) for who, (user, _) in pages.items()}
    for who, (_, paths) in pages.items():
        with chromium_page(chromium) as page:
            page.context.add_cookies(
                [{"name": k, "value": v, "url": daphne.base_url} for k, v in cookies[who].items()]
            )
            seen = _violations(page)
            for path in paths:
                response = page.goto(daphne.base_url + path)
                assert response.status == 200, (who, path, response.status)
                policy = response.headers.get("content-security-policy", "")
                assert "script-src 'self'" in policy and "style-src 'self'" in policy
                page.wait_for_load_state("networkidle")
                if path == "/":
                    page.locator('body[data-live="open"]').wait_for(state="attached")
            assert not seen, f"{who}: {seen}"
            assert not page.errors, f"{who}: {page.errors}"
