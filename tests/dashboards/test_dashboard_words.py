"""The dashboard speaks to the student ("You fixed your own mistake"), while the teacher's
class view keeps speaking about them; mastery and next steps lead, the rest is folded."""

import pytest
from django.urls import reverse
from django.utils import timezone

from growth import rules
from growth.models import Recognition

pytestmark = pytest.mark.django_db


def test_learning_moments_on_the_dashboard_are_in_the_second_person(client, world):
    Recognition.objects.create(
        student=world.alice,
        kind=rules.SELF_CORRECTION,
        exercise=world.exercise,
        skill=world.exercise.skill,
        params={},
        achieved_at=timezone.now(),
        shared_with_teacher=True,
    )
    client.force_login(world.alice)
    html = client.get(reverse("home")).text
    assert f"You fixed your own mistake on “{world.exercise.title}”, without a hint." in html
    assert "Fixed their own mistake" not in html
    client.force_login(world.teacher_a)
    html = client.get(reverse("growth:class_effort", args=[world.class_a.pk])).text
    assert f"Fixed their own mistake on “{world.exercise.title}”" in html


def test_mastery_and_next_steps_lead_and_the_rest_is_folded(client, world):
    client.force_login(world.alice)
    html = client.get(reverse("home")).text
    main = html.split('<main id="main"', 1)[1]
    assert main.index('id="mastery-title"') < main.index('data-section="next-steps"')
    assert main.index('data-section="next-steps"') < main.index("<details")
    for section in ("week", "moments", "community", "last-reflection", "chart"):
        assert f'<details class="card fold" data-section="{section}">' in main
    assert "<details open" not in main
