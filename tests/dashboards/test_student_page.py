"""The teacher's page for one student: who may open it, what it shows within the teacher's
subjects, and a fixed number of queries whatever the class size or history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from dashboards import attention, scope
from growth.models import Recognition
from mastery import services
from mastery.models import Attempt
from peerhelp.models import HelpRequest
from personal_challenges.models import PersonalChallenge
from reflections.services import reflection_create
from schools.models import Enrollment, TeachingAssignment
from tests.dashboards.helpers import answer, count_queries
from tests.factories import correct_choice, make_user, wrong_choice

pytestmark = pytest.mark.django_db


def url(world, student, school_class=None):
    return reverse("class_student", args=[(school_class or world.class_a).pk, student.pk])


def alice_helps_bilal(world, status: str) -> HelpRequest:
    now = timezone.now()
    done = now if status == HelpRequest.Status.COMPLETED else None
    return HelpRequest.objects.create(
        requester=world.bilal,
        helper=world.alice,
        school_class=world.class_a,
        skill=world.skills[0],
        topic="carrying",
        question="how?",
        status=status,
        created_at=now,
        accepted_at=now,
        completed_at=done,
    )


@pytest.fixture
def physics_teacher(world):
    """A second teacher of class A, for physics only: the subject-scoping cases."""
    teacher = make_user("teacher_phys", User.Role.TEACHER)
    TeachingAssignment.objects.create(
        teacher=teacher, school_class=world.class_a, subject=world.physics
    )
    return teacher


def test_a_teacher_of_the_class_reads_the_student(client, world):
    answer(world.alice, world.choice_q, right=False)
    answer(world.alice, world.choice_q, right=True)
    client.force_login(world.teacher_a)
    response = client.get(url(world, world.alice))
    assert response.status_code == 200
    html = response.text
    assert f'data-student-page="{world.alice.pk}"' in html
    for section in ("summary", "support", "skills", "growth", "attempts", "moments"):
        assert f'data-section="{section}"' in html, section
    assert f'data-skill="{world.skills[0].pk}"' in html
    # The wrong answer is shown as the choice's text, not the stored id.
    wrong = wrong_choice(world.choice_q)
    assert f"<bdi>{wrong.text}</bdi>" in html
    assert html.count("data-attempt=") == 2
    assert 'data-correct="0"' in html and 'data-correct="1"' in html
    assert "<svg" in html and "<polyline" in html


def test_the_mastery_shown_is_the_students_number(client, world):
    from mastery.selectors import displayed_mastery

    for right in (True, True, False, True):
        answer(world.alice, world.choice_q, right=right)
    shown = displayed_mastery(student=world.alice, skills=[world.skills[0]])[world.skills[0].pk]
    client.force_login(world.teacher_a)
    html = client.get(url(world, world.alice)).text
    assert f'data-skill="{world.skills[0].pk}" data-percent="{shown.percent}"' in html


def test_who_may_not_open_it(client, world):
    client.force_login(world.teacher_b)  # teaches class B only
    assert client.get(url(world, world.alice)).status_code == 403
    client.force_login(world.alice)
    assert client.get(url(world, world.alice)).status_code == 403
    client.force_login(world.teacher_a)
    assert client.get(url(world, world.chloe)).status_code == 404  # not in class A
    assert client.get(url(world, world.teacher_b)).status_code == 404  # not a student
    assert client.get(reverse("class_student", args=[999999, world.alice.pk])).status_code == 404
    Enrollment.objects.filter(student=world.bilal).update(is_active=False)
    assert client.get(url(world, world.bilal)).status_code == 404
    client.logout()
    assert client.get(url(world, world.alice)).status_code == 302


def test_a_teacher_reads_only_their_subjects(client, world, physics_teacher):
    physics_q = world.physics_exercise.questions.get(position=1)
    answer(world.alice, physics_q, right=False)
    answer(world.alice, world.choice_q, right=True)
    maths = reflection_create(
        student=world.alice, exercise=world.exercise, what_i_learned="counting on"
    )
    physics = reflection_create(
        student=world.alice, exercise=world.physics_exercise, what_i_learned="objects resist"
    )
    client.force_login(world.teacher_a)
    html = client.get(url(world, world.alice)).text
    assert f'data-reflection="{maths.pk}"' in html
    assert f'data-reflection="{physics.pk}"' not in html
    assert "Inertia" not in html and html.count("data-attempt=") == 1

    client.force_login(physics_teacher)
    html = client.get(url(world, world.alice)).text
    assert f'data-reflection="{physics.pk}"' in html
    assert f'data-reflection="{maths.pk}"' not in html
    assert "Inertia" in html and "Addition" not in html
    assert html.count("data-attempt=") == 1


def test_scope_is_the_teachers_subjects_in_the_class(world, physics_teacher):
    assert scope.teacher_scope(teacher=world.teacher_a, class_id=world.class_a.pk).subject_ids == [
        world.math.pk
    ]
    assert scope.teacher_scope(teacher=physics_teacher, class_id=world.class_a.pk).subject_ids == [
        world.physics.pk
    ]
    assert scope.teacher_scope(teacher=world.teacher_a, class_id=world.class_b.pk) is None
    assert scope.teacher_scope(teacher=world.alice, class_id=world.class_a.pk) is None
    both = scope.teacher_scope(teacher=world.teacher_b, class_id=world.class_b.pk)
    assert both.narrowed([world.physics.pk]).subject_ids == [world.physics.pk]
    assert both.narrowed([12345]).subject_ids == both.subject_ids  # never widens, never empty


def test_the_attention_reasons_come_with_a_suggestion_and_a_tutor(client, world):
    for _ in range(attention.STRUGGLING_MIN_ATTEMPTS):
        answer(world.bilal, world.choice_q, right=False)
    client.force_login(world.teacher_a)
    html = client.get(url(world, world.bilal)).text
    assert 'data-concern="struggling"' in html and "Suggestion:" in html
    assert "data-stuck" in html
    html = client.get(url(world, world.alice)).text
    assert "data-no-concerns" in html


def test_moments_help_and_shared_goals(client, world):
    now = timezone.now()
    answer(world.alice, world.choice_q, right=True)
    Recognition.objects.create(
        student=world.alice,
        kind=Recognition.Kind.PERSISTENCE,
        exercise=world.exercise,
        skill=world.skills[0],
        params={"tries": 3},
        achieved_at=now,
    )
    Recognition.objects.create(
        student=world.alice,
        kind=Recognition.Kind.SELF_CORRECTION,
        exercise=world.physics_exercise,
        skill=world.physics_exercise.skill,
        achieved_at=now,
        shared_with_teacher=True,
    )
    alice_helps_bilal(world, HelpRequest.Status.COMPLETED)
    shared = PersonalChallenge.objects.create(
        student=world.alice,
        kind=PersonalChallenge.Kind.MASTER_SKILL,
        target=90,
        skill=world.skills[0],
        shared_with_teachers=True,
        created_at=now,
    )
    private = PersonalChallenge.objects.create(
        student=world.alice,
        kind=PersonalChallenge.Kind.LEARNING_STREAK,
        target=5,
        created_at=now,
    )
    client.force_login(world.teacher_a)
    html = client.get(url(world, world.alice)).text
    assert 'data-moment="persistence"' in html
    assert 'data-moment="self_correction"' not in html  # physics: not teacher A's subject
    assert "data-help-given>1<" in html and "data-help-received>0<" in html
    assert f'data-personal-challenge="{shared.pk}"' in html
    assert f'data-personal-challenge="{private.pk}"' not in html
    html = client.get(url(world, world.bilal)).text
    assert "data-help-given>0<" in html and "data-help-received>1<" in html


def _history(students, questions, days: int, per_day: int):
    """Answers spread over `days` days, folded as the live path folds them."""
    start = timezone.now() - timedelta(days=days)
    for d in range(days):
        for k in range(per_day):
            for student in students:
                q = questions[(d + k) % len(questions)]
                value = correct_choice(q).pk if (d + k) % 3 else wrong_choice(q).pk
                services.attempt_record(
                    student=student,
                    question=q,
                    answer=str(value),
                    answered_at=start + timedelta(days=d, minutes=k),
                    time_spent_ms=9000,
                )


def test_query_count_does_not_grow_with_history_or_class_size(client, world):
    client.force_login(world.teacher_a)
    answer(world.alice, world.choice_q, right=True)
    small = count_queries(client, url(world, world.alice))
    extra = [make_user(f"pupil{i}") for i in range(6)]
    for pupil in extra:
        Enrollment.objects.create(student=pupil, school_class=world.class_a)
    _history([world.alice, *extra], [world.choice_q], days=30, per_day=2)
    assert Attempt.objects.filter(student=world.alice).count() > 50
    large = count_queries(client, url(world, world.alice))
    assert small == large, (small, large)
    assert large <= 24


def test_the_chart_reads_only_the_snapshots_it_draws_and_draws_the_same(world):
    """The windowed read (snapshots of the last 8 weeks and the last one before) gives the
    same weekly numbers as replaying every snapshot of the history."""
    from dashboards.student_page import _timeline
    from mastery import history
    from mastery.models import MasterySnapshot

    _history([world.alice], [world.choice_q], days=90, per_day=1)
    skills = list(world.skills)
    now = timezone.now()
    every = history.Timeline(
        (
            history.Point(s.skill_id, s.last_practiced_at, s.state)
            for s in MasterySnapshot.objects.filter(student=world.alice)
        ),
        {s.pk: s.top_level for s in skills},
    )
    windowed = _timeline(world.alice, skills, now - timedelta(weeks=8))
    ids = [s.pk for s in skills]
    assert windowed.weekly(ids, now, 8) == every.weekly(ids, now, 8)
    assert windowed.weekly(ids, now, 8)[0][1] > 0  # history older than the chart counts


def test_names_on_teacher_pages_open_the_student_page(client, world):
    for _ in range(attention.STRUGGLING_MIN_ATTEMPTS):
        answer(world.bilal, world.choice_q, right=False)
    alice_helps_bilal(world, HelpRequest.Status.ACCEPTED)
    client.force_login(world.teacher_a)
    alice, bilal = url(world, world.alice), url(world, world.bilal)
    pages = {
        "class view": reverse("class_detail", args=[world.class_a.pk]),
        "live now": reverse("live_now"),
        "peer help": reverse("peerhelp:home"),
        "grid": reverse("class_grid", args=[world.class_a.pk]),
    }
    for name, path in pages.items():
        html = client.get(path).text
        assert f'href="{bilal}"' in html, name
    assert f'href="{alice}"' in client.get(pages["live now"]).text
    assert f'href="{alice}"' in client.get(pages["class view"]).text  # the students table


def _mastered_by(student, skill, now):
    """A classmate shown as mastering `skill` (the evidence included), practised now."""
    from mastery.models import SkillProgress

    SkillProgress.objects.create(
        student=student,
        skill=skill,
        p_known=0.97,
        attempts=10,
        correct=10,
        questions_seen=4,
        sessions=2,
        level_correct=[4, 0, 0, 0],
        first_practiced_at=now - timedelta(days=3),
        last_practiced_at=now,
    )


def test_the_tutor_is_chosen_by_the_triage_rule(client, world):
    """The student page's tutor follows attention.assign_tutors: opted in to help, active,
    not stuck in that subject themselves (the class view's rule)."""
    from peerhelp.models import HelperAvailability

    now = timezone.now()
    for _ in range(attention.STRUGGLING_MIN_ATTEMPTS):
        answer(world.bilal, world.choice_q, right=False)
    skill, other = world.skills[0], world.skills[1]
    dina, emma = make_user("dina"), make_user("emma")
    for pupil in (dina, emma):
        Enrollment.objects.create(student=pupil, school_class=world.class_a)
    for pupil in (world.alice, dina, emma):
        _mastered_by(pupil, skill, now)
    # Dina would be the best (highest mastery) but is stuck on another maths skill herself.
    from mastery.models import SkillProgress

    SkillProgress.objects.filter(student=dina, skill=skill).update(p_known=0.99)
    SkillProgress.objects.create(
        student=dina, skill=other, p_known=0.1, attempts=8, last_practiced_at=now
    )
    for pupil in (dina, emma):
        HelperAvailability.objects.create(student=pupil, is_available=True, changed_at=now)
    # Alice mastered it too, but did not offer to help.
    client.force_login(world.teacher_a)
    html = client.get(url(world, world.bilal)).text
    assert f'data-tutor="{emma.pk}"' in html
    assert f'data-tutor="{dina.pk}"' not in html and f'data-tutor="{world.alice.pk}"' not in html
    HelperAvailability.objects.filter(student=emma).update(is_available=False)
    html = client.get(url(world, world.bilal)).text
    assert "data-tutor=" not in html
    assert "work through a beginner exercise together" in html
