import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from dashboards import attention
from mastery import services
from schools.models import SchoolClass
from tests.demo_school import seed_demo_school
from tests.factories import correct_choice, wrong_choice

pytestmark = pytest.mark.django_db


def test_bands_follow_the_spec():
    assert [attention.band(m) for m in (95, 81, 80, 60, 59, 40, 39, 0)] == [
        "advanced",
        "advanced",
        "proficient",
        "proficient",
        "developing",
        "developing",
        "beginning",
        "beginning",
    ]


def test_concerns_name_a_tutor_for_a_struggling_skill():
    standing = attention.SkillStanding(7, "Fractions", 20, attempts=9)
    found = attention.concerns(
        week_change=-6, days_inactive=6, standings=[standing], tutors={7: "Sara"}
    )
    assert [c.kind for c in found] == ["declining", "inactive", "struggling"]
    assert found[2].tutor == "Sara" and found[2].skill_name == "Fractions"
    assert attention.concerns(week_change=2, days_inactive=1, standings=[], tutors={}) == []


def test_teacher_sees_growth_and_struggling_students(client, world):
    for _ in range(attention.STRUGGLING_MIN_ATTEMPTS):
        q = world.choice_q
        services.attempt_record(student=world.bilal, question=q, answer=str(wrong_choice(q).pk))
    for q, value in ((world.choice_q, correct_choice(world.choice_q).pk), (world.numeric_q, 7)):
        services.attempt_record(student=world.alice, question=q, answer=str(value))
    client.force_login(world.teacher_a)
    response = client.get(reverse("class_detail", args=[world.class_a.pk]))
    assert response.status_code == 200
    html = response.text
    assert 'data-section="distribution"' in html and 'data-section="attention"' in html
    assert "alice" in html and "bilal" in html and "chloe" not in html
    assert 'data-concern="struggling"' in html
    assert 'data-section="effort"' in html
    assert f"/reflections/encourage/{world.bilal.pk}/" in html


def test_other_teachers_and_students_are_refused(client, world):
    url = reverse("class_detail", args=[world.class_a.pk])
    client.force_login(world.teacher_b)
    assert client.get(url).status_code == 403
    client.force_login(world.alice)
    assert client.get(url).status_code == 403


def test_teacher_view_query_count_is_fixed_on_the_demo_school(client):
    seed_demo_school("2026-11-25")
    counts = {}
    for teacher in User.objects.filter(role="teacher"):
        client.force_login(teacher)
        for school_class in SchoolClass.objects.all():
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse("class_detail", args=[school_class.pk]))
            assert response.status_code == 200
            assert 'data-concern="' in response.text
            counts[(teacher.username, school_class.pk)] = len(ctx.captured_queries)
    assert len(set(counts.values())) == 1, counts
    # 16 for growth and attention, 1 for the class goals card, 6 for collaboration insights
    # (help sessions, active and all groups, helpers, who worked together), 3 for the locked
    # skills a teacher may open (prerequisites, unlocks, the class's openings), 1 for who
    # offered to help (tutor suggestions).
    assert max(counts.values()) <= 27, counts
