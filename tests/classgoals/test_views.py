"""Class goal pages: who may see and set goals, and clear answers to bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from classgoals.models import ClassGoal

from .helpers import counting_from_the_first_day, finish_exercise, make_goal

pytestmark = pytest.mark.django_db


def form_data(world, **overrides):
    today = timezone.localdate()
    return {
        "title_en": "Fraction friends <b>",
        "kind": "exercises",
        "target": "12",
        "subject": "",
        "skill": "",
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=10)).isoformat(),
        "unlocks_en": "The class chooses the next project topic",
        "description": "",
        **overrides,
    }


def test_a_teacher_sets_a_goal_and_the_class_sees_it(client, world):
    client.force_login(world.teacher_a)
    url = reverse("classgoals:new", args=[world.class_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(world))
    assert response.status_code == 302
    goal = ClassGoal.objects.get()
    assert (goal.title, goal.target, goal.created_by) == (
        "Fraction friends <b>",
        12,
        world.teacher_a,
    )
    client.force_login(world.alice)
    html = client.get(reverse("classgoals:list", args=[world.class_a.pk])).text
    assert "Fraction friends &lt;b&gt;" in html and "<b>" not in html.split("Fraction")[1][:10]
    assert "12 more exercises to go." in html


def test_bad_input_is_explained_and_saves_nothing(client, world):
    client.force_login(world.teacher_a)
    url = reverse("classgoals:new", args=[world.class_a.pk])
    today = timezone.localdate()
    cases = [
        ({"end_date": (today - timedelta(days=1)).isoformat()}, "on or after the start date"),
        ({"kind": "participation", "target": "140"}, "at most 100"),
        ({"kind": "mastery_average", "target": "80"}, "needs a subject or a skill"),
        ({"kind": "mastery_average", "subject": str(world.physics.pk)}, "Select a valid choice"),
        ({"target": "many"}, "Enter a whole number"),
        ({"kind": "fastest"}, "Select a valid choice"),
    ]
    for overrides, message in cases:
        response = client.post(url, form_data(world, **overrides))
        assert response.status_code == 400, overrides
        assert message in response.text, (overrides, response.text[:200])
    assert not ClassGoal.objects.exists()


def test_only_teachers_of_the_class_set_goals(client, world):
    goal = make_goal(world)
    new = reverse("classgoals:new", args=[world.class_a.pk])
    edit = reverse("classgoals:edit", args=[world.class_a.pk, goal.pk])
    for user in (world.teacher_b, world.alice, world.chloe):
        client.force_login(user)
        for url in (new, edit):
            assert client.get(url).status_code == 403
            assert client.post(url, form_data(world)).status_code == 403
    assert ClassGoal.objects.count() == 1
    client.logout()
    assert client.get(new).status_code == 302  # to the login page


def test_outsiders_do_not_see_a_class_goals(client, world):
    make_goal(world)
    for name in ("list", "card"):
        url = reverse(f"classgoals:{name}", args=[world.class_a.pk])
        for user in (world.teacher_b, world.chloe):
            client.force_login(user)
            assert client.get(url).status_code == 403
        client.force_login(world.bilal)
        assert client.get(url).status_code == 200
    client.force_login(world.teacher_a)
    assert client.get(reverse("classgoals:list", args=[999999])).status_code == 404


def test_a_goal_is_edited_only_through_its_own_class(client, world):
    goal = make_goal(world)
    client.force_login(world.teacher_b)
    # teacher_b teaches class B, but the goal belongs to class A
    url = reverse("classgoals:edit", args=[world.class_b.pk, goal.pk])
    assert client.get(url).status_code == 404


def test_editing_moves_the_goal_and_a_reached_goal_stays_as_it_was(client, world):
    finish_exercise(world, world.alice)
    goal = counting_from_the_first_day(make_goal(world, target=3))
    client.force_login(world.teacher_a)
    url = reverse("classgoals:edit", args=[world.class_a.pk, goal.pk])
    assert client.post(url, form_data(world, target="1")).status_code == 302
    goal.refresh_from_db()
    assert goal.reached_at is not None
    response = client.post(url, form_data(world, target="9"))
    assert response.status_code == 400 and "already reached this goal" in response.text
    goal.refresh_from_db()
    assert goal.target == 1


def test_dashboards_show_the_class_goals_card(client, world):
    make_goal(world, kind="mastered_share", skill=world.skills[0], subject=world.math, target=100)
    client.force_login(world.alice)
    html = client.get(reverse("home")).text
    assert 'data-section="class-goals"' in html
    assert "We need 2 more students to reach mastery." in html
    assert f'data-class-url="/ws/classes/{world.class_a.pk}/"' in html
    client.force_login(world.chloe)
    assert 'data-section="class-goals"' not in client.get(reverse("home")).text
    client.force_login(world.teacher_a)
    html = client.get(reverse("class_detail", args=[world.class_a.pk])).text
    assert 'data-section="class-goals"' in html and "Edit this goal" in html
