"""Goals keep their subject: a teacher of the class in another subject reads them and cannot
change them; the goal form's dates are ISO whatever the language; a goal counts only the
work done after it is set."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from classgoals import rules, services
from classgoals.errors import NotAllowed
from classgoals.forms import ClassGoalForm
from classgoals.models import ClassGoal
from tests.factories import make_teacher

from .helpers import finish_exercise, make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def physics_teacher(world):
    return make_teacher("teacher_p", world.class_a, world.physics)


def test_a_teacher_of_another_subject_reads_the_goal_without_an_edit_link(
    client, world, physics_teacher
):
    goal = make_goal(world, kind="mastery_average", target=60, subject=world.math)
    client.force_login(physics_teacher)
    page = client.get(reverse("classgoals:list", args=[world.class_a.pk])).content.decode()
    assert f'data-goal="{goal.pk}"' in page and "Mathematics" in page
    assert reverse("classgoals:edit", args=[world.class_a.pk, goal.pk]) not in page
    assert "data-goal-readonly" in page
    card = client.get(reverse("classgoals:card", args=[world.class_a.pk])).content.decode()
    assert "data-goal-readonly" in card and "data-goal-edit" not in card
    # The maths teacher still edits it.
    client.force_login(world.teacher_a)
    page = client.get(reverse("classgoals:list", args=[world.class_a.pk])).content.decode()
    assert reverse("classgoals:edit", args=[world.class_a.pk, goal.pk]) in page


def test_the_edit_page_refuses_and_the_goal_keeps_its_subject(client, world, physics_teacher):
    goal = make_goal(world, kind="mastery_average", target=60, subject=world.math)
    url = reverse("classgoals:edit", args=[world.class_a.pk, goal.pk])
    client.force_login(physics_teacher)
    response = client.get(url)
    assert response.status_code == 403
    assert "Back to my classes" in response.content.decode()
    today = timezone.localdate()
    posted = {
        "title_en": "Changed",
        "kind": "mastery_average",
        "target": "70",
        "subject": str(world.physics.pk),
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=5)).isoformat(),
        "unlocks_en": "x",
    }
    assert client.post(url, posted).status_code == 403
    goal.refresh_from_db()
    assert (goal.title, goal.subject_id, goal.target) == ("Practice party", world.math.pk, 60)
    with pytest.raises(NotAllowed):
        services.class_goal_update(teacher=physics_teacher, goal=goal, title="Changed")


def test_a_goal_about_no_subject_is_editable_by_every_teacher_of_the_class(
    client, world, physics_teacher
):
    goal = make_goal(world, kind="help_sessions", target=3)
    client.force_login(physics_teacher)
    url = reverse("classgoals:edit", args=[world.class_a.pk, goal.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_goal_form_dates_are_iso_in_every_language(world, language):
    day = timezone.localdate().replace(day=4)
    with translation.override(language):
        form = ClassGoalForm(
            teacher=world.teacher_a,
            school_class=world.class_a,
            initial={"start_date": day, "end_date": day + timedelta(days=14)},
        )
        html = str(form["start_date"])
    assert 'type="date"' in html
    assert f'value="{day.isoformat()}"' in html


def test_a_french_teacher_saves_the_form_as_the_browser_sends_it(client, world):
    client.force_login(world.teacher_a)
    today = timezone.localdate()
    url = reverse("classgoals:new", args=[world.class_a.pk])
    data = {
        "title_fr": "Fractions",
        "kind": "exercises",
        "target": "3",
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=7)).isoformat(),
        "unlocks_fr": "Un jeu",
    }
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302, response.content.decode()[:2000]
    goal = ClassGoal.objects.get()
    assert goal.start_date == today
    page = client.get(reverse("classgoals:edit", args=[world.class_a.pk, goal.pk]))
    assert f'value="{today.isoformat()}"' in page.content.decode()


def test_earlier_work_that_day_does_not_reach_a_new_goal(world):
    for _ in range(3):
        finish_exercise(world, world.alice)
    goal = make_goal(world, kind="exercises", target=3, start_date=timezone.localdate())
    assert goal.current_value == 0 and goal.reached_at is None
    for _ in range(3):
        finish_exercise(world, world.bilal)
    goal.refresh_from_db()
    assert goal.current_value == 3 and goal.reached_at is not None


def test_counting_starts_at_the_later_of_the_first_day_and_the_setting():
    day = datetime(2026, 12, 4, tzinfo=UTC)
    noon = day + timedelta(hours=12)
    assert rules.counting_since(period_start=day, created_at=noon) == noon
    assert rules.counting_since(period_start=noon, created_at=day) == noon
    assert rules.counting_since(period_start=day, created_at=None) == day
    assert rules.teacher_may_edit(goal_subject_id=None, teacher_subject_ids=set())
    assert rules.teacher_may_edit(goal_subject_id=1, teacher_subject_ids={1})
    assert not rules.teacher_may_edit(goal_subject_id=1, teacher_subject_ids={2})
