import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from mastery import services
from tests.demo_school import seed_demo_school
from tests.factories import correct_choice

pytestmark = pytest.mark.django_db


def queries_for(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_dashboard_shows_mastery_growth_focus_and_next_steps(client, world):
    for question in (world.choice_q, world.numeric_q):
        services.exercise_run_start(student=world.alice, exercise=world.exercise)
        value = correct_choice(question).pk if question.kind == "choice" else "7"
        services.attempt_record(student=world.alice, question=question, answer=str(value))
    _, response = queries_for(client, world.alice, reverse("home"))
    html = response.text
    assert "Your mastery" in html and "Mathematics" in html
    assert "data-week-change" in html and "+" in html.split("data-week-change")[1][:20]
    assert 'data-section="focus"' in html
    assert 'data-suggestion="match_level"' in html
    assert "Physics" not in html  # not taught in Alice's class
    assert 'data-section="last-reflection"' in html
    assert 'data-section="moments"' in html and "data-streak" in html


def test_dashboard_query_count_is_fixed_on_the_demo_school(client):
    seed_demo_school("2026-11-25")
    students = User.objects.filter(role="student").order_by("username")
    counts = {}
    for student in (students.first(), students[24], students.last()):
        counts[student.username], response = queries_for(client, student, reverse("home"))
        assert 'data-section="chart"' in response.text
    assert len(set(counts.values())) == 1, counts
    # 20, plus one for honest predictions (the items practice would serve, per skill).
    assert max(counts.values()) <= 21, counts
