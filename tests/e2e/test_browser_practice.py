"""A demo student practises in a real browser (Debian's Chromium, driven by Playwright).

Log in through the form, switch to Arabic, open a subject and an exercise, answer three
questions through the UI; after each answer the mastery bar must move WITHOUT a page load:
live.js applies the `attempt.recorded` event from the websocket.
"""

import json
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from mastery import selectors
from mastery.models import Attempt, Exercise, Question, Skill, SkillProgress
from schools.models import Enrollment
from schools.selectors import student_subjects
from tests.demo_school import seed_demo_school

from .servers import BASE_DIR, HttpClient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = BASE_DIR / "test-artifacts"
DEMO_PASSWORD = "growth-demo"
QUESTIONS = 3
MAX_START_MASTERY = 50
TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Scenario:
    username: str
    student_id: int
    subject_id: int
    skill_id: int
    exercise_id: int
    answers: dict[int, tuple[str, str]]  # question id -> (kind, value to give)


def _untried_exercises(student: User) -> list[Exercise]:
    """Exercises of at least three questions the student never tried, in skills at most half
    mastered (so each correct first try visibly raises the mastery)."""
    mastery = {p.skill_id: p.mastery for p in SkillProgress.objects.filter(student=student)}
    exercises = (
        Exercise.objects.filter(skill__subject__in=student_subjects(student=student))
        .annotate(question_count=Count("questions"))
        .filter(question_count__gte=QUESTIONS)
        .exclude(attempts__student=student)
        .select_related("skill")
        .order_by("skill__subject__code", "skill__position", "position", "pk")
    )
    # A template's numbers are drawn when the page shows it: the browser answers fixed ones.
    return [
        e
        for e in exercises
        if mastery.get(e.skill_id, 0) <= MAX_START_MASTERY
        and not any(q.is_template for q in selectors.exercise_questions(exercise=e)[:QUESTIONS])
    ]


def _open_exercise(base_url: str, cookies: dict, exercises: list[Exercise]) -> Exercise | None:
    """The first exercise the subject page offers (locked skills show no exercise links)."""
    client = HttpClient(base_url, cookies)
    pages: dict[int, str] = {}
    for exercise in exercises:
        subject_id = exercise.skill.subject_id
        if subject_id not in pages:
            page = client.get(f"/subjects/{subject_id}/")
            assert page.status == 200, f"subject page: HTTP {page.status}"
            pages[subject_id] = page.text
        if f'href="/practice/{exercise.pk}/"' in pages[subject_id]:
            return exercise
    return None


def _scenario(student: User, exercise: Exercise) -> Scenario:
    answers = {}
    for question in selectors.exercise_questions(exercise=exercise)[:QUESTIONS]:
        if question.kind == Question.Kind.NUMERIC:
            answers[question.pk] = ("numeric", f"{question.numeric_answer.normalize():f}")
        else:
            right = next(c for c in question.choices.all() if c.is_correct)
            answers[question.pk] = ("choice", str(right.pk))
    return Scenario(
        student.username,
        student.pk,
        exercise.skill.subject_id,
        exercise.skill_id,
        exercise.pk,
        answers,
    )


def _newcomer() -> User:
    """A student who joined the first demo class today: every first skill is open to them at
    0%, whatever day the demo history was simulated up to."""
    classmate = Enrollment.objects.select_related("school_class").order_by("pk").first()
    student = User.objects.create(
        username="student_newcomer",
        role=User.Role.STUDENT,
        email="student_newcomer@example.test",
        first_name="Salma",
        last_name="Idrissi",
        password=make_password(DEMO_PASSWORD),
    )
    Enrollment.objects.create(student=student, school_class=classmate.school_class)
    return student


def _candidates():
    demo = User.objects.filter(username__regex=r"^student\d+$", role=User.Role.STUDENT)
    yield from demo.order_by("username")
    yield _newcomer()


@pytest.fixture
def scenario(daphne, login) -> Scenario:
    """The demo school and a student with an open, untried exercise: a demo student when the
    simulated history (it depends on the day it ends) leaves one, else a newcomer."""
    seed_demo_school(timezone.localdate().isoformat())
    for student in _candidates():
        exercises = _untried_exercises(student)
        if not exercises:
            continue
        exercise = _open_exercise(daphne.base_url, login(student), exercises)
        if exercise is not None:
            return _scenario(student, exercise)
    pytest.fail(
        f"neither a demo student nor a newcomer has an open, untried exercise of {QUESTIONS} "
        f"questions in a skill at most {MAX_START_MASTERY}% mastered"
    )


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (`make test` installs Debian's package)")
    ARTIFACTS.mkdir(exist_ok=True)
    return CHROMIUM


@contextmanager
def chromium_page(executable: str):
    """A fresh page in Debian's Chromium. Django's ORM refuses to run while Playwright's
    event loop is up, so database checks go after this block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(locale="en-GB", viewport={"width": 1200, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            yield page
        finally:
            browser.close()


def assert_accessible(page, name: str) -> None:
    """No critical or serious axe-core violations; the full report is kept as an artifact."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(violations, indent=2))
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['html'][:160]}" for node in v["nodes"])
        for v in violations
        if v["impact"] in {"critical", "serious"}
    ]
    assert not serious, f"accessibility violations on the {name} page:\n" + "\n".join(serious)


def screenshot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_live(page) -> None:
    """live.js has opened its socket (the server joined the user's room before accepting)."""
    page.locator('body[data-live="open"]').wait_for(state="attached")


def practise(page, base: str, scenario: Scenario) -> list[int]:
    """The student's session in the browser; returns the mastery shown after each answer."""
    from playwright.sync_api import expect

    html = page.locator("html")

    # Log in through the real form.
    page.goto(f"{base}/accounts/login/")
    expect(html).to_have_attribute("lang", "en")
    assert_accessible(page, "login")
    page.fill("#id_username", scenario.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")

    # Switch to Arabic with the language switch: the page turns right-to-left.
    page.locator('.lang-switch button[value="ar"]').click()
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")

    # Open the subject, then the exercise.
    page.locator(f'main a[href="/subjects/{scenario.subject_id}/"]').first.click()
    expect(page).to_have_url(f"{base}/subjects/{scenario.subject_id}/")
    page.locator(f'a[href="/practice/{scenario.exercise_id}/"]').click()
    expect(page).to_have_url(f"{base}/practice/{scenario.exercise_id}/")
    expect(html).to_have_attribute("dir", "rtl")
    wait_live(page)
    screenshot(page, "practice-ar")
    assert_accessible(page, "practice-ar")

    bar = page.locator(f'[data-skill-progress="{scenario.skill_id}"]')
    value = bar.locator("[data-mastery-value]")
    shown = []
    for number in range(1, QUESTIONS + 1):
        wait_live(page)
        action = page.locator("form.question-form").get_attribute("action")
        question_id = int(re.fullmatch(r"/questions/(\d+)/answer/", action).group(1))
        kind, answer = scenario.answers[question_id]
        before = value.inner_text()
        # Survives only if the page is never reloaded.
        marker = f"question-{number}"
        page.evaluate("marker => { window.e2eMarker = marker; }", marker)

        if kind == "choice":
            page.locator(f'input[name="answer"][value="{answer}"]').check()
        else:
            page.locator('input[name="answer"]').fill(answer)
        page.locator("form.question-form button[type=submit]").click()

        expect(page.locator('[data-feedback="first_try"]')).to_be_visible()
        # The bar sits outside the swapped fragment: only the socket's event can move it.
        expect(value).not_to_have_text(before)
        after = value.inner_text()
        assert int(after) > int(before), f"mastery went from {before} to {after}"
        expect(bar.locator('[role="progressbar"]')).to_have_attribute("aria-valuenow", after)
        assert page.evaluate("window.e2eMarker") == marker, "the page was reloaded"
        shown.append(int(after))
        if number == 1:
            toast = page.locator("#toasts .toast").first
            expect(toast).to_be_visible()
            expect(toast).to_contain_text(f"{after}%")  # the placeholders were filled in
            assert not re.search(r"[{}]|%\(", toast.inner_text()), toast.inner_text()
            screenshot(page, "practice-ar-answered")
        if number < QUESTIONS:
            page.locator("[data-next-question]").click()
            expect(page).to_have_url(f"{base}/practice/{scenario.exercise_id}/?q={number + 1}")
            assert page.evaluate("window.e2eMarker") is None, "next question: no page load"

    # Back to English, for the record (and the English page's accessibility).
    page.locator('.lang-switch button[value="en"]').click()
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
    expect(value).to_have_text(str(shown[-1]))
    screenshot(page, "practice-en")
    assert_accessible(page, "practice-en")
    assert page.errors == [], f"JavaScript errors: {page.errors}"
    return shown


def test_a_student_sees_mastery_grow_live_while_practising_in_arabic(chromium, daphne, scenario):
    with chromium_page(chromium) as page:
        shown = practise(page, daphne.base_url, scenario)

    attempts = Attempt.objects.filter(
        student_id=scenario.student_id, exercise_id=scenario.exercise_id
    ).order_by("pk")
    assert [(a.question_id, a.correct, a.attempt_number) for a in attempts] == [
        (question_id, True, 1) for question_id in scenario.answers
    ]
    progress = SkillProgress.objects.get(student_id=scenario.student_id, skill_id=scenario.skill_id)
    # The page shows the one displayed number (held below mastered until its evidence is in).
    skill = Skill.objects.get(pk=scenario.skill_id)
    assert selectors.progress_displayed(progress, top_level=skill.top_level).percent == shown[-1]
