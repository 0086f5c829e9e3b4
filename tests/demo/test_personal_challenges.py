"""The demo school's personal challenges: some completed, some going on, some past their
deadline, each replayed from the student's own history."""

import pytest
from django.urls import reverse

from accounts.models import User
from personal_challenges import selectors
from personal_challenges.models import PersonalChallenge
from tests.demo_school import seed_demo_school

pytestmark = pytest.mark.django_db


def test_demo_students_have_challenges_in_every_state(client):
    seed_demo_school("2026-11-25")
    rows = PersonalChallenge.objects.all()
    assert rows.filter(status="completed").exists()
    assert rows.filter(status="active").exists()
    for challenge in rows.filter(status="completed"):
        assert challenge.best_progress >= challenge.target and challenge.reflect_exercise_id
    student = User.objects.get(username="student01")
    groups = selectors.student_challenges(student=student)
    assert groups.active and (groups.completed or groups.expired)
    client.force_login(student)
    html = client.get(reverse("personal_challenges:list")).text
    assert 'data-group="active"' in html and 'role="progressbar"' in html
    shared = rows.filter(shared_with_teachers=True).select_related("student").first()
    client.force_login(User.objects.get(username="teacher1"))
    page = client.get(reverse("personal_challenges:shared")).text
    assert f'data-personal-challenge="{shared.pk}"' in page
