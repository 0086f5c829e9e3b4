"""The teacher's home: per class, what needs attention today with links, new reflections and
live sessions, in a fixed number of queries whatever the number of classes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peerhelp.models import HelpRequest
from schools.models import Enrollment, SchoolClass, TeachingAssignment
from tests.factories import make_user
from tests.reflections.conftest import make_reflection

from .test_triage import stuck

pytestmark = pytest.mark.django_db


def home(client, teacher):
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.text, len(ctx.captured_queries)


def test_each_class_says_what_needs_the_teacher_today(client, world):
    html, _ = home(client, world.teacher_a)
    assert f'data-home-class="{world.class_a.pk}"' in html and "data-home-calm" in html

    stuck(world.bilal, world.skills[0])
    stuck(world.alice, world.skills[1])
    world.alice.skill_progress.update(last_practiced_at=timezone.now() - timedelta(days=8))
    make_reflection(world.alice, world.exercise)
    make_reflection(world.chloe, world.exercise)  # class B: not teacher_a's
    now = timezone.now()
    HelpRequest.objects.create(
        requester=world.alice,
        helper=world.bilal,
        school_class=world.class_a,
        skill=world.skills[0],
        topic="t",
        question="q",
        status=HelpRequest.Status.ACCEPTED,
        created_at=now,
        accepted_at=now,
    )
    html, _ = home(client, world.teacher_a)
    a = world.class_a.pk
    assert 'data-home-stuck="2"' in html and "2 students are finding a skill hard" in html
    assert 'data-home-away="1"' in html
    assert f"/classes/{a}/#attention-title" in html
    assert 'data-home-unanswered="1"' in html and 'data-home-new="1"' in html
    assert f"/reflections/inbox/?class={a}&amp;show=unanswered" in html
    assert 'data-home-live="1"' in html
    assert "data-home-calm" not in html

    # teacher_b (class B) sees class B's reflection, nothing of class A.
    html, _ = home(client, world.teacher_b)
    assert f'data-home-class="{a}"' not in html and 'data-home-unanswered="1"' in html
    assert "data-home-live" not in html


def test_the_home_costs_the_same_for_one_class_or_many(client, world):
    stuck(world.bilal, world.skills[0])
    make_reflection(world.alice, world.exercise)
    _, one = home(client, world.teacher_a)
    for n in range(3):
        klass = SchoolClass.objects.create(school=world.school, name=f"TC-{n}", grade="TC")
        TeachingAssignment.objects.create(
            teacher=world.teacher_a, school_class=klass, subject=world.math
        )
        student = make_user(f"s{n}")
        Enrollment.objects.create(student=student, school_class=klass)
        stuck(student, world.skills[1])
        make_reflection(student, world.exercise)
    html, many = home(client, world.teacher_a)
    assert html.count("data-home-class=") == 4 and html.count('data-home-stuck="1"') == 4
    assert many == one
