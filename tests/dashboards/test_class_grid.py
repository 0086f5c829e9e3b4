"""The class × skill grid: who may open it, the displayed numbers, sorting, the subject
filter, the per-skill summary, a cell's answers, the CSV, and a fixed number of queries."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from dashboards import rules
from mastery import services
from mastery.selectors import class_displayed
from schools.models import Enrollment, TeachingAssignment
from tests.dashboards.helpers import answer, count_queries
from tests.factories import correct_choice, make_user, wrong_choice

pytestmark = pytest.mark.django_db


def grid_url(world, school_class=None):
    return reverse("class_grid", args=[(school_class or world.class_a).pk])


def rows_order(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-student="(\d+)">', html)]


def test_the_grid_shows_each_students_displayed_mastery(client, world):
    for right in (True, True, True):
        answer(world.alice, world.choice_q, right=right)
    answer(world.bilal, world.choice_q, right=False)
    client.force_login(world.teacher_a)
    response = client.get(grid_url(world))
    assert response.status_code == 200
    html = response.text
    shown = class_displayed(student_ids=[world.alice.pk, world.bilal.pk], skills=world.skills)
    for student in (world.alice, world.bilal):
        for skill in world.skills:
            d = shown[student.pk][skill.pk]
            assert (
                f'data-cell="{skill.pk}" data-percent="{d.percent}" data-level="{d.level}"' in html
            )
        # Every name opens the student's page.
        assert reverse("class_student", args=[world.class_a.pk, student.pk]) in html
    assert "data-grid-legend" in html and "★" in html  # a shape per level, not colour alone
    assert "Inertia" not in html  # physics is not taught by teacher A
    assert "chloe" not in html


def test_who_may_open_the_grid(client, world):
    paths = [
        grid_url(world),
        reverse("class_grid_csv", args=[world.class_a.pk]),
        reverse("class_grid_cell", args=[world.class_a.pk, world.alice.pk, world.skills[0].pk]),
    ]
    for user in (world.teacher_b, world.alice):
        client.force_login(user)
        for path in paths:
            assert client.get(path).status_code == 403, (user, path)
    client.force_login(world.teacher_a)
    assert client.get(reverse("class_grid", args=[999999])).status_code == 404
    bad_student = reverse(
        "class_grid_cell", args=[world.class_a.pk, world.chloe.pk, world.skills[0].pk]
    )
    physics_skill = world.physics_exercise.skill
    bad_skill = reverse(
        "class_grid_cell", args=[world.class_a.pk, world.alice.pk, physics_skill.pk]
    )
    assert client.get(bad_student).status_code == 404
    assert client.get(bad_skill).status_code == 404  # a subject teacher A does not teach


def test_sorting_by_a_skill_and_by_name(client, world):
    carl = make_user("carl", display_name="Carl")
    Enrollment.objects.create(student=carl, school_class=world.class_a)
    for _ in range(3):
        answer(carl, world.choice_q, right=True)
    answer(world.bilal, world.choice_q, right=True)
    answer(world.alice, world.choice_q, right=False)
    client.force_login(world.teacher_a)
    skill = world.skills[0].pk
    html = client.get(grid_url(world)).text
    assert rows_order(html) == [world.alice.pk, world.bilal.pk, carl.pk]
    assert 'aria-sort="ascending"><a href="?' in html
    html = client.get(grid_url(world), {"sort": skill, "dir": "desc"}).text
    assert rows_order(html) == [carl.pk, world.bilal.pk, world.alice.pk]
    assert f'data-skill="{skill}" aria-sort="descending"' in html
    html = client.get(grid_url(world), {"sort": skill, "dir": "asc"}).text
    assert rows_order(html) == [world.alice.pk, world.bilal.pk, carl.pk]
    html = client.get(grid_url(world), {"sort": "name", "dir": "desc"}).text
    assert rows_order(html) == [carl.pk, world.bilal.pk, world.alice.pk]
    # Unknown sort keys fall back to names, ascending.
    html = client.get(grid_url(world), {"sort": "drop table", "dir": "sideways"}).text
    assert rows_order(html) == [world.alice.pk, world.bilal.pk, carl.pk]


def test_the_subject_filter_defaults_to_the_teachers_subjects(client, world):
    client.force_login(world.teacher_b)  # maths and physics in class B
    url = grid_url(world, world.class_b)
    html = client.get(url).text
    assert "Addition" in html and "Inertia" in html
    html = client.get(url, {"subject": world.physics.pk}).text
    assert "Inertia" in html and "Addition" not in html
    html = client.get(url, {"subject": "999999"}).text
    assert "data-filter-refused" in html and "Addition" in html and "Inertia" in html
    html = client.get(url, {"subject": "maths"}).text
    assert "data-filter-refused" in html


def test_the_summary_counts_stuck_and_mastered_and_names_the_most_missed_question(client, world):
    q, skill = world.choice_q, world.skills[0]
    wrong = wrong_choice(q)
    for _ in range(rules.STUCK_AFTER_ATTEMPTS):
        answer(world.bilal, q, right=False)
    for _ in range(2):
        services.attempt_record(student=world.alice, question=world.numeric_q, answer="8")
    old = timezone.now() - timedelta(days=rules.MISSED_WINDOW_DAYS + 5)
    # Long ago, many wrong answers to the numeric question: outside the window, not counted.
    for k in range(10):
        services.attempt_record(
            student=world.alice,
            question=world.numeric_q,
            answer="9",
            answered_at=old + timedelta(minutes=k),
            time_spent_ms=5000,
        )
    client.force_login(world.teacher_a)
    html = client.get(grid_url(world)).text
    stuck = re.search(r'data-summary="stuck">.*?</tr>', html, re.S).group(0)
    assert f'<td data-skill="{skill.pk}">2</td>' in stuck  # bilal, and alice (12 not yet right)
    mastered = re.search(r'data-summary="mastered">.*?</tr>', html, re.S).group(0)
    assert f'<td data-skill="{skill.pk}">0</td>' in mastered
    missed = re.search(r'data-summary="missed">.*?</tr>', html, re.S).group(0)
    assert f'data-missed-question="{q.pk}"' in missed
    assert f"<bdi data-wrong-answer>{wrong.text}</bdi> ×{rules.STUCK_AFTER_ATTEMPTS}" in missed
    assert 'class="cell level-chip-beginner cell-stuck"' in html


def test_rules_pick_the_most_missed_question_and_common_answers():
    assert rules.most_missed([(5, 2), (3, 4), (9, 4)]) == 3
    assert rules.most_missed([(5, 0)]) is None
    assert rules.top_wrong_answers([("a", 1), ("b", 5), ("c", 5), ("d", 2)]) == [
        ("b", 5),
        ("c", 5),
        ("d", 2),
    ]
    assert rules.is_stuck(percent=rules.STUCK_BELOW - 1, attempts=rules.STUCK_AFTER_ATTEMPTS)
    assert not rules.is_stuck(percent=rules.STUCK_BELOW, attempts=50)
    assert not rules.is_stuck(percent=0, attempts=rules.STUCK_AFTER_ATTEMPTS - 1)
    assert rules.csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)" and rules.csv_safe("Ali") == "Ali"


def test_a_cell_shows_the_students_answers_on_the_skill(client, world):
    answer(world.alice, world.choice_q, right=False, hint_used=True, time_spent_ms=12000)
    answer(world.alice, world.choice_q, right=True)
    answer(world.bilal, world.choice_q, right=True)
    client.force_login(world.teacher_a)
    path = reverse("class_grid_cell", args=[world.class_a.pk, world.alice.pk, world.skills[0].pk])
    panel = client.get(path, headers={"HX-Request": "true"})
    assert panel.status_code == 200
    assert "<html" not in panel.text and "data-cell-detail" in panel.text
    assert panel.text.count("data-attempt=") == 2  # alice's, not bilal's
    assert "with a hint" in panel.text and "12 s" in panel.text
    page = client.get(path)
    assert "<html" in page.text and page.text.count("data-attempt=") == 2


def test_csv_opens_in_excel_with_arabic_names(client, world):
    world.alice.display_name = "أمينة العلوي"
    world.alice.save()
    world.bilal.display_name = "=cmd|' /C calc'!A0"
    world.bilal.save()
    answer(world.alice, world.choice_q, right=True)
    client.force_login(world.teacher_a)
    response = client.get(reverse("class_grid_csv", args=[world.class_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Student" and rows[0][1] == "Addition (%)"
    names = [r[0] for r in rows[1:]]
    assert "أمينة العلوي" in names
    assert "'=cmd|' /C calc'!A0" in names  # never a formula
    alice = next(r for r in rows[1:] if r[0] == "أمينة العلوي")
    shown = class_displayed(student_ids=[world.alice.pk], skills=world.skills)[world.alice.pk]
    assert int(alice[1]) == shown[world.skills[0].pk].percent
    assert len(rows) == 3


def test_query_counts_do_not_grow_with_class_size_or_history(client, world):
    client.force_login(world.teacher_a)
    answer(world.alice, world.choice_q, right=False)
    cell = reverse("class_grid_cell", args=[world.class_a.pk, world.alice.pk, world.skills[0].pk])
    csv_path = reverse("class_grid_csv", args=[world.class_a.pk])
    before = [count_queries(client, p) for p in (grid_url(world), cell, csv_path)]
    pupils = [make_user(f"pupil{i}") for i in range(12)]
    Enrollment.objects.bulk_create(
        Enrollment(student=p, school_class=world.class_a) for p in pupils
    )
    start = timezone.now() - timedelta(days=20)
    for day in range(20):
        for pupil in [world.alice, *pupils[:4]]:
            for q, right in ((world.choice_q, day % 2), (world.numeric_q, day % 3)):
                services.attempt_record(
                    student=pupil,
                    question=q,
                    answer=str(correct_choice(q).pk if right else wrong_choice(q).pk)
                    if q.kind == "choice"
                    else ("7" if right else "6"),
                    answered_at=start + timedelta(days=day),
                    time_spent_ms=8000,
                )
    after = [count_queries(client, p) for p in (grid_url(world), cell, csv_path)]
    assert before == after, (before, after)
    assert max(after) <= 14, after


def test_teacher_of_one_subject_in_a_shared_class(client, world):
    physics = make_user("teacher_phys", User.Role.TEACHER)
    TeachingAssignment.objects.create(
        teacher=physics, school_class=world.class_a, subject=world.physics
    )
    client.force_login(physics)
    html = client.get(grid_url(world)).text
    assert "Inertia" in html and "Addition" not in html
    html = client.get(grid_url(world), {"subject": world.math.pk}).text
    assert "data-filter-refused" in html and "Addition" not in html
