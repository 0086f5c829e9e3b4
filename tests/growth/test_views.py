"""Growth pages: who may see what, what they show, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from growth import rules
from growth.models import PersonalBest, Recognition, RushingFlag
from schools.models import Enrollment, TeachingAssignment
from tests.factories import make_user
from tests.growth.helpers import answer, numeric_exercise, run_through

pytestmark = pytest.mark.django_db


def pages(world):
    return {
        "bests": reverse("growth:bests"),
        "moments": reverse("growth:moments"),
        "effort_a": reverse("growth:class_effort", args=[world.class_a.pk]),
    }


def self_correct(student, question):
    answer(student, question, correct=False)
    answer(student, question)


def test_every_growth_page_needs_login(client, world):
    for url in pages(world).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_students_see_their_own_pages_and_teachers_get_403(client, world):
    urls = pages(world)
    client.force_login(world.teacher_a)
    assert client.get(urls["bests"]).status_code == 403
    assert client.get(urls["moments"]).status_code == 403
    client.force_login(world.alice)
    assert client.get(urls["bests"]).status_code == 200
    assert client.get(urls["moments"]).status_code == 200
    assert client.get(urls["effort_a"]).status_code == 403


def test_class_effort_only_for_the_classes_teachers(client, world):
    url = reverse("growth:class_effort", args=[world.class_a.pk])
    client.force_login(world.teacher_b)  # teaches class B only
    assert client.get(url).status_code == 403
    client.force_login(world.teacher_a)
    assert client.get(url).status_code == 200
    missing = reverse("growth:class_effort", args=[world.class_a.pk + 999])
    assert client.get(missing).status_code == 403  # does not tell which classes exist
    admin = make_user("head", User.Role.ADMIN)
    client.force_login(admin)
    assert client.get(url).status_code == 403


def test_moments_page_shows_only_the_students_own(client, world):
    _, [q1] = numeric_exercise(world.skills[0], questions=1, title="Alice sheet")
    _, [q2] = numeric_exercise(world.skills[0], questions=1, title="Bilal sheet")
    self_correct(world.alice, q1)
    self_correct(world.bilal, q2)
    client.force_login(world.alice)
    text = client.get(reverse("growth:moments")).text
    assert "Alice sheet" in text and "Bilal sheet" not in text
    assert 'data-moment="self_correction"' in text
    assert "fixed it yourself" in text


def test_bests_page_shows_up_from_previous_to_new(client, world):
    _, questions = numeric_exercise(world.skills[0], questions=4, title="Fractions")
    run_through(world.alice, questions, wrong_first=3)
    run_through(world.alice, questions)
    client.force_login(world.alice)
    text = client.get(reverse("growth:bests")).text
    assert "Up from 25% to 100%" in text
    assert "Fractions" in text and "+75 points since your first pass" in text


def test_pages_render_in_arabic_right_to_left(client, world):
    _, questions = numeric_exercise(world.skills[0], questions=2)
    self_correct(world.alice, questions[0])
    client.force_login(world.alice)
    for url in (reverse("growth:bests"), reverse("growth:moments")):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
        assert response.status_code == 200 and 'dir="rtl"' in response.text


def test_teacher_sees_shared_moments_of_their_subjects_and_rushing_with_a_suggestion(client, world):
    _, [q] = numeric_exercise(world.skills[0], questions=1, title="Shared sheet")
    self_correct(world.alice, q)
    hidden = Recognition.objects.create(
        student=world.bilal,
        kind=rules.PERSISTENCE,
        exercise=q.exercise,
        skill=q.exercise.skill,
        params={"tries": 3},
        achieved_at=timezone.now(),
        shared_with_teacher=False,
    )
    now = timezone.now()
    for days in range(rules.RUSH_CHECK_IN_DAYS):
        RushingFlag.objects.create(
            student=world.bilal,
            day=timezone.localdate() - timedelta(days=days),
            answers=9,
            wrong=7,
            first_at=now,
            last_at=now,
        )
    client.force_login(world.teacher_a)
    text = client.get(reverse("growth:class_effort", args=[world.class_a.pk])).text
    assert f'data-moment="self_correction" data-student="{world.alice.pk}"' in text
    assert "Fixed their own mistake on “Shared sheet”" in text
    assert f'data-student="{hidden.student_id}"' not in text
    assert f'data-rushing="{world.bilal.pk}" data-suggestion="check_in"' in text
    assert f'data-opportunity="{world.alice.pk}"' in text


def test_teacher_of_another_subject_does_not_see_math_moments(client, world):
    _, [q] = numeric_exercise(world.skills[0], questions=1)
    self_correct(world.alice, q)
    physics_teacher = make_user("phys_teacher", User.Role.TEACHER)
    TeachingAssignment.objects.create(
        teacher=physics_teacher, school_class=world.class_a, subject=world.physics
    )
    client.force_login(physics_teacher)
    text = client.get(reverse("growth:class_effort", args=[world.class_a.pk])).text
    assert 'data-moment="self_correction"' not in text


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_run_a_fixed_number_of_queries(client, world):
    sheets = [numeric_exercise(world.skills[0], questions=2, title=f"S{i}")[1] for i in range(6)]
    run_through(world.alice, sheets[0], wrong_first=1)
    self_correct(world.bilal, sheets[0][0])
    client.force_login(world.alice)
    small = {name: _count(client, url) for name, url in pages(world).items() if name != "effort_a"}
    client.force_login(world.teacher_a)
    small["effort_a"] = _count(client, pages(world)["effort_a"])

    more = make_user("dora")
    Enrollment.objects.create(student=more, school_class=world.class_a)
    for student in (world.alice, world.bilal, more):
        for questions in sheets[1:]:
            run_through(student, questions, wrong_first=1)
            run_through(student, questions)
    assert PersonalBest.objects.filter(student=world.alice).count() > 5
    assert Recognition.objects.filter(student=world.alice).count() >= 3
    client.force_login(world.alice)
    large = {name: _count(client, url) for name, url in pages(world).items() if name != "effort_a"}
    client.force_login(world.teacher_a)
    large["effort_a"] = _count(client, pages(world)["effort_a"])
    assert small == large
