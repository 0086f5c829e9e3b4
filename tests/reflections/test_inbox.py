"""The teacher's inbox at scale: filters (unanswered, new, subject, class) with their counts,
the class on every item, a fixed number of queries; and feedback that pairs a suggested
encouragement with the teacher's own words."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reflections import services
from reflections.models import Encouragement, Reflection
from schools.models import Enrollment, SchoolClass

from .conftest import make_reflection

pytestmark = pytest.mark.django_db


def items(html):
    return [int(pk) for pk in re.findall(r'data-inbox-item="(\d+)"', html)]


def inbox(client, teacher, **params):
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reflections:inbox"), params)
    assert response.status_code == 200
    return response.text, len(ctx.captured_queries)


def test_filters_and_counts_for_a_teacher_of_two_subjects(client, world):
    # teacher_b teaches maths and physics in class B (chloe); a second class B2 too.
    b2 = SchoolClass.objects.create(school=world.school, name="TC-B2", grade="TC")
    world.teacher_b.teaching_assignments.create(school_class=b2, subject=world.math)
    Enrollment.objects.create(student=world.bilal, school_class=b2)
    maths = make_reflection(world.chloe, world.exercise)
    physics = make_reflection(world.chloe, world.physics_exercise)
    answered = make_reflection(world.chloe, world.exercise, what_i_learned="Second try")
    services.reflection_give_feedback(
        teacher=world.teacher_b, reflection=answered, feedback="Well reasoned."
    )
    other_class = make_reflection(world.bilal, world.exercise)

    html, queries = inbox(client, world.teacher_b)
    assert set(items(html)) == {maths.pk, physics.pk, answered.pk, other_class.pk}
    assert 'data-count="all">4<' in html and 'data-count="unanswered">3<' in html
    # Every item says its class.
    assert html.count("data-inbox-class>TC-B<") == 3 and "data-inbox-class>TC-B2<" in html

    html, more_queries = inbox(client, world.teacher_b, show="unanswered")
    assert set(items(html)) == {maths.pk, physics.pk, other_class.pk}
    assert more_queries == queries

    html, _ = inbox(client, world.teacher_b, subject=world.physics.pk)
    assert items(html) == [physics.pk]
    assert 'data-count="all">1<' in html

    html, _ = inbox(
        client, world.teacher_b, subject=world.math.pk, show="unanswered", **{"class": b2.pk}
    )
    assert items(html) == [other_class.pk]

    # Filters keep each other: the "unanswered" link carries the subject.
    html, _ = inbox(client, world.teacher_b, subject=world.math.pk)
    assert f"?subject={world.math.pk}&amp;show=unanswered" in html


def test_the_query_count_does_not_grow_with_the_inbox(client, world):
    make_reflection(world.alice, world.exercise)
    _, few = inbox(client, world.teacher_a)
    for _ in range(15):
        make_reflection(world.bilal, world.exercise)
    html, many = inbox(client, world.teacher_a)
    assert len(items(html)) == 16 and many == few


def test_bad_filters_are_not_found(client, world):
    client.force_login(world.teacher_a)
    url = reverse("reflections:inbox")
    assert client.get(url, {"subject": world.physics.pk}).status_code == 404  # not taught
    assert client.get(url, {"subject": "x"}).status_code == 404
    assert client.get(url, {"show": "everything"}).status_code == 404


def test_a_preset_and_own_words_together(client, world, reflection):
    client.force_login(world.teacher_a)
    response = client.post(
        reverse("reflections:feedback", args=[reflection.pk]),
        {"encouragement_preset": "effort", "encouragement_text": "I saw how you checked."},
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get(pk=reflection.pk)
    assert reflection.encouragement_preset == "effort"
    assert reflection.encouragement_text == "I saw how you checked."
    assert reflection.encouragement.endswith(" I saw how you checked.")
    assert reflection.encouragement != "I saw how you checked."  # the preset's words first
    client.force_login(world.alice)
    page = client.get(reverse("reflections:detail", args=[reflection.pk])).text
    assert "I saw how you checked." in page

    client.force_login(world.teacher_a)
    response = client.post(
        reverse("reflections:encourage_student", args=[world.bilal.pk]),
        {"preset": "effort", "text": "Keep it up, Bilal."},
    )
    assert response.status_code == 302
    sent = Encouragement.objects.get()
    assert (sent.preset, sent.text) == ("effort", "Keep it up, Bilal.")
    assert sent.message.endswith(" Keep it up, Bilal.") and len(sent.message) > 20
