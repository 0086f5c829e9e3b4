"""Locked means locked, kindly: a locked skill's practice shows what opens it; answers and
hints to it are refused and change nothing; a teacher opens a skill for a student or the
class (recorded, shown on the tree, honoured by every lock check)."""

import pytest
from django.urls import reverse

from mastery import selectors, services
from mastery.errors import OpeningNotAllowed
from mastery.models import (
    Attempt,
    ClassSkillOpening,
    QuestionServe,
    SkillProgress,
    SkillUnlock,
)
from tests.factories import correct_choice, make_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(world):
    """Multiplication (needs Addition at 70%) with its own exercise; Alice has not started."""
    exercise, choice_q, numeric_q = make_exercise(world.skills[1], "Times tables")
    return exercise, choice_q


def test_opening_a_locked_exercise_shows_what_opens_it(client, world, locked):
    exercise, _ = locked
    client.force_login(world.alice)
    response = client.get(reverse("practice", args=[exercise.pk]))
    assert response.status_code == 200
    html = response.text
    assert '<h1 id="locked-title">\u2068Multiplication\u2069 opens soon</h1>' in html
    assert f'data-skill-locked="{world.skills[1].pk}"' in html
    step = html.split('data-unlock-step="', 1)[1]
    assert step.startswith("answers") and f'data-prerequisite="{world.skills[0].pk}"' in step
    assert "0% now, 70% needed" in step and "more right answers in \u2068Addition\u2069" in step
    assert f'href="{reverse("skill_practice", args=[world.skills[0].pk])}"' in step
    assert not QuestionServe.objects.exists()  # nothing served, no clock started


def test_answering_or_asking_a_hint_on_a_locked_skill_changes_nothing(client, world, locked):
    _, question = locked
    client.force_login(world.alice)
    value = str(correct_choice(question).pk)
    response = client.post(reverse("answer", args=[question.pk]), {"answer": value})
    assert response.status_code == 403
    assert "\u2068Multiplication\u2069 opens soon" in response.text
    assert "data-unlock-step" in response.text
    htmx = client.post(
        reverse("answer", args=[question.pk]), {"answer": value}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 403 and "<html" not in htmx.text
    assert "\u2068Multiplication\u2069 opens soon" in htmx.text
    hint = client.post(reverse("hint", args=[question.pk]))
    assert hint.status_code == 403 and "\u2068Multiplication\u2069 opens soon" in hint.text
    assert not Attempt.objects.exists() and not SkillProgress.objects.exists()
    assert not QuestionServe.objects.exists()


def test_a_teacher_opens_a_skill_for_one_student(client, world, locked):
    exercise, question = locked
    multiplication = world.skills[1]
    client.force_login(world.teacher_a)
    page = client.get(reverse("class_detail", args=[world.class_a.pk])).text
    assert f'data-open-for-student="{world.alice.pk}"' in page
    response = client.post(
        reverse("open_skill_for_student", args=[world.class_a.pk, world.alice.pk]),
        {"skill": multiplication.pk},
    )
    assert response.status_code == 302
    unlock = SkillUnlock.objects.get(student=world.alice, skill=multiplication)
    assert unlock.opened_by == world.teacher_a and unlock.unlocked_at is not None
    assert "Multiplication is now open for alice." in client.get(response.url).text
    client.force_login(world.alice)
    assert client.get(reverse("practice", args=[exercise.pk])).status_code == 200
    assert "opens soon" not in client.get(reverse("practice", args=[exercise.pk])).text
    subject = client.get(reverse("subject", args=[world.math.pk])).text
    card = subject.split(f'id="skill-{multiplication.pk}"', 1)[1].split('class="tree-node', 1)[0]
    assert "data-opened-by-teacher" in card and 'data-skill-state="ready"' in card
    value = str(correct_choice(question).pk)
    response = client.post(reverse("answer", args=[question.pk]), {"answer": value})
    assert response.status_code == 200
    assert Attempt.objects.filter(student=world.alice, skill=multiplication).count() == 1
    # Bilal, in the same class, still has it locked.
    assert selectors.skill_locked(student=world.bilal, skill=multiplication)


def test_a_teacher_opens_a_skill_for_the_whole_class(client, world, locked):
    multiplication = world.skills[1]
    client.force_login(world.teacher_a)
    page = client.get(reverse("class_detail", args=[world.class_a.pk])).text
    assert "\u2068Multiplication\u2069 (locked for 2 students)" in page
    client.post(
        reverse("open_skill_for_class", args=[world.class_a.pk]), {"skill": multiplication.pk}
    )
    opening = ClassSkillOpening.objects.get()
    assert (opening.school_class, opening.skill, opening.opened_by) == (
        world.class_a,
        multiplication,
        world.teacher_a,
    )
    page = client.get(reverse("class_detail", args=[world.class_a.pk])).text
    assert f'data-class-opening="{multiplication.pk}"' in page
    for student in (world.alice, world.bilal):
        assert not selectors.skill_locked(student=student, skill=multiplication)
    assert selectors.skill_locked(student=world.chloe, skill=multiplication)  # class B
    view = selectors.student_subject(student=world.bilal, subject=world.math)
    node = next(n for n in view.nodes if n.id == multiplication.pk)
    assert node.status == "ready" and node.opened_by_teacher


def test_only_that_classs_teachers_of_that_subject_may_open(client, world, locked):
    multiplication = world.skills[1]
    with pytest.raises(OpeningNotAllowed):  # teaches maths, but in class B
        services.skill_open_for_class(
            teacher=world.teacher_b, school_class=world.class_a, skill=multiplication
        )
    with pytest.raises(OpeningNotAllowed):  # not in the teacher's class
        services.skill_open_for_student(
            teacher=world.teacher_a,
            school_class=world.class_a,
            student=world.chloe,
            skill=multiplication,
        )
    physics = world.physics_exercise.skill
    with pytest.raises(OpeningNotAllowed):  # physics is not taught in class A
        services.skill_open_for_class(
            teacher=world.teacher_a, school_class=world.class_a, skill=physics
        )
    client.force_login(world.teacher_b)
    url = reverse("open_skill_for_class", args=[world.class_a.pk])
    assert client.post(url, {"skill": multiplication.pk}).status_code == 403
    client.force_login(world.alice)
    assert client.post(url, {"skill": multiplication.pk}).status_code == 403
    assert client.get(url).status_code == 405
    client.force_login(world.teacher_a)
    response = client.post(url, {"skill": "nope"}, follow=True)
    assert "Please choose a skill to open." in response.text
    assert not ClassSkillOpening.objects.exists() and not SkillUnlock.objects.exists()


def test_the_opening_forms_need_the_csrf_token(world, locked):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.teacher_a)
    url = reverse("open_skill_for_class", args=[world.class_a.pk])
    assert client.post(url, {"skill": world.skills[1].pk}).status_code == 403
    assert not ClassSkillOpening.objects.exists()
