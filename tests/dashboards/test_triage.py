"""Triage on the class view: the most urgent first by a stated rule, small groups where one
lesson serves several, and tutor suggestions spread over classmates who offered to help."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards import attention
from dashboards.attention import Concern, SkillStanding, TutorCandidate
from mastery.models import SkillProgress
from schools.models import Enrollment
from tests.factories import make_user
from tests.peerhelp.helpers import master, willing

pytestmark = pytest.mark.django_db


# --- the rules ------------------------------------------------------------------------------


def test_urgency_weighs_long_breaks_and_stubborn_skills_most():
    long_break = [Concern("inactive", 12)]
    short_break = [Concern("inactive", 5)]
    stubborn = [Concern("struggling", 10, "Fractions", None, 1, attempts=15)]
    rushing = [Concern("rushing", 4)]
    assert attention.urgency(long_break) == 3 and attention.urgency(short_break) == 2
    assert attention.urgency(stubborn) == 3 and attention.urgency(rushing) == 1
    rows = {
        "Zineb": short_break + rushing,  # 3, two concerns
        "Adam": rushing,  # 1
        "Omar": stubborn,  # 3, one concern
        "Sara": long_break,  # 3, one concern, mastery 50
    }
    mastery = {"Zineb": 70, "Adam": 20, "Omar": 30, "Sara": 50}
    order = sorted(
        rows,
        key=lambda n: attention.triage_key(concerns_found=rows[n], mastery=mastery[n], name=n),
    )
    # Same urgency: more concerns first, then the lower mastery.
    assert order == ["Zineb", "Omar", "Sara", "Adam"]


def test_groups_start_at_three_students_on_one_skill():
    stuck = {sid: [SkillStanding(1, "Calculus", 20, 9)] for sid in (10, 11, 12, 13, 14)} | {
        20: [SkillStanding(2, "Vectors", 30, 9)],
        21: [SkillStanding(2, "Vectors", 5, 9)],
    }
    groups = attention.skill_groups(stuck, order=[14, 12, 10, 11, 13, 20, 21])
    assert [(g.skill_name, g.student_ids) for g in groups] == [("Calculus", [14, 12, 10, 11, 13])]


def test_tutors_are_spread_opted_in_and_never_stuck_in_that_subject():
    c = [
        TutorCandidate(1, 100, True),  # best, opted in
        TutorCandidate(2, 95, True),  # opted in
        TutorCandidate(3, 99, True),  # not opted in
        TutorCandidate(4, 98, True),  # opted in, stuck in subject 7 himself
        TutorCandidate(5, 97, False),  # opted in, inactive
    ]
    needs = [(100 + i, 9, 7) for i in range(6)]
    found = attention.assign_tutors(
        needs=needs,
        candidates={9: c},
        opted_in={1, 2, 4, 5},
        flagged_subjects={4: {7}},
    )
    assert list(found.values()) == [1, 2, 1, 2]  # least suggested first, then mastery
    assert all(list(found.values()).count(t) <= attention.TUTOR_MAX_SUGGESTIONS for t in (1, 2))
    # A student is never their own tutor, and stuck in another subject does not matter.
    found = attention.assign_tutors(
        needs=[(1, 9, 7)], candidates={9: c}, opted_in={1, 4}, flagged_subjects={4: {8}}
    )
    assert found == {(1, 9): 4}


# --- the page -------------------------------------------------------------------------------


def stuck(student, skill, p_known=0.1, attempts=8):
    now = timezone.now()
    SkillProgress.objects.update_or_create(
        student=student,
        skill=skill,
        defaults={
            "p_known": p_known,
            "attempts": attempts,
            "correct": 1,
            "questions_seen": attempts,
            "first_practiced_at": now - timedelta(days=2),
            "last_practiced_at": now,
        },
    )


def students(world, prefix, n):
    made = []
    for i in range(n):
        s = make_user(f"{prefix}{i}", display_name=f"{prefix.title()} {i}")
        Enrollment.objects.create(student=s, school_class=world.class_a)
        made.append(s)
    return made


def page(client, world, **params):
    client.force_login(world.teacher_a)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("class_detail", args=[world.class_a.pk]), params)
    assert response.status_code == 200
    return response.text, len(ctx.captured_queries)


def test_the_class_view_groups_orders_and_spreads_tutors(client, world):
    _, queries_before = page(client, world)
    addition, multiplication = world.skills[0], world.skills[1]
    group = students(world, "calc", 4)
    for s in group:
        stuck(s, addition)
    division = world.skills[2]
    for prefix, skill in (("mult", multiplication), ("div", division)):
        for s in students(world, prefix, 2):  # two each: below a group, one by one
            stuck(s, skill)
    both, div_only = students(world, "tutor", 2)
    willing(both, multiplication)
    master(both, division)
    willing(div_only, division)
    shy = students(world, "shy", 1)[0]
    master(shy, multiplication)  # mastered it, never offered to help
    flagged = group[0]
    willing(flagged, None)
    master(flagged, multiplication)  # offered, but stuck on addition (maths) himself
    SkillProgress.objects.filter(student=flagged, skill=addition).update(p_known=0.05)

    html, queries = page(client, world)
    assert queries == queries_before  # a fixed number of queries, whatever the class holds
    assert f'data-attention-group="{addition.pk}"' in html
    assert "4 students are finding \u2068Addition\u2069 hard" in html
    assert "re-teach \u2068Addition\u2069 to them in a small group" in html
    suggested = [int(t) for t in _tutors(html)]
    # "Div 0" gets `both` (same mastery, lower id), "Div 1" `div_only`, "Mult 0" `both`
    # again; "Mult 1" none: `both` was suggested twice already.
    assert suggested.count(both.pk) == 2 and suggested.count(div_only.pk) == 1
    assert shy.pk not in suggested and flagged.pk not in suggested
    # The most urgent first: a student away for two weeks tops the list.
    away = students(world, "away", 1)[0]
    stuck(away, multiplication)
    SkillProgress.objects.filter(student=away).update(
        last_practiced_at=timezone.now() - timedelta(days=14)
    )
    html, _ = page(client, world)
    listed = html.split('data-section="attention"')[1]
    first = listed.split("<li data-student=")[1]
    assert first.startswith(f'"{away.pk}"')


def _tutors(html):
    return [part.split('"')[0] for part in html.split('data-tutor="')[1:]]


def test_a_teacher_of_several_subjects_filters_by_subject(client, world):
    # teacher_b teaches maths and physics in class B.
    chloe = world.chloe
    physics_skill = world.physics_exercise.skill
    stuck(chloe, physics_skill)
    client.force_login(world.teacher_b)
    url = reverse("class_detail", args=[world.class_b.pk])
    both = client.get(url).text
    assert "data-subject-filter" in both and "Finding \u2068Inertia\u2069 hard" in both
    with CaptureQueriesContext(connection) as all_queries:
        client.get(url)
    with CaptureQueriesContext(connection) as maths_queries:
        maths = client.get(url, {"subject": world.math.pk}).text
    assert len(maths_queries.captured_queries) == len(all_queries.captured_queries)
    assert "Finding \u2068Inertia\u2069 hard" not in maths
    assert '<th scope="col">Physics</th>' not in maths
    physics = client.get(url, {"subject": world.physics.pk}).text
    assert "Finding \u2068Inertia\u2069 hard" in physics
    # A subject the teacher does not teach there, or nonsense, is not found.
    client.force_login(world.teacher_a)
    url_a = reverse("class_detail", args=[world.class_a.pk])
    assert client.get(url_a, {"subject": world.physics.pk}).status_code == 404
    assert client.get(url_a, {"subject": "x"}).status_code == 404
    assert "data-subject-filter" not in client.get(url_a).text  # one subject: no filter
