import json
import threading

import pytest
from django.db import connection
from django.test import Client

from hostapi.models import ApiClient, hash_token
from mastery.models import Attempt, SkillProgress
from tests.factories import build_world, correct_choice

pytestmark = pytest.mark.django_db

URL = "/api/v1/attempts"
TOKEN = "mg_test_token_0123456789"


@pytest.fixture
def platform(db):
    return ApiClient.objects.create(name="Madrasti homework", token_hash=hash_token(TOKEN))


def report(client, body, key="key-00000001", token=TOKEN):
    headers = {"Idempotency-Key": key} if key else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.post(
        URL,
        data=json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        headers=headers,
    )


def body_for(world, **overrides):
    return {
        "student_email": world.alice.email,
        "question_id": world.choice_q.pk,
        "answer": "12",
        "correct": True,
        "time_spent_seconds": 35.5,
        "hint_used": False,
        **overrides,
    }


def test_report_records_an_attempt(client, world, platform):
    response = report(client, body_for(world))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["correct"] is True and data["attempt_number"] == 1 and data["replayed"] is False
    assert data["skill_id"] == world.skills[0].pk and 0 < data["skill_mastery"] <= 100
    attempt = Attempt.objects.get()
    assert attempt.source == "host" and attempt.time_spent_ms == 35_500
    assert attempt.client == platform


def test_platform_grading_is_optional(client, world, platform):
    body = body_for(world, answer=str(correct_choice(world.choice_q).pk))
    del body["correct"]
    response = report(client, body)
    assert response.status_code == 201 and response.json()["correct"] is True


def test_same_key_twice_records_once(client, world, platform):
    first = report(client, body_for(world))
    second = report(client, body_for(world))
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"] and second.json()["replayed"] is True
    assert Attempt.objects.count() == 1
    assert SkillProgress.objects.get().attempts == 1


def test_same_key_for_another_attempt_is_a_conflict(client, world, platform):
    report(client, body_for(world))
    response = report(client, body_for(world, question_id=world.numeric_q.pk))
    assert response.status_code == 409 and response.json()["code"] == "idempotency_conflict"
    assert Attempt.objects.count() == 1


@pytest.mark.parametrize(
    ("token", "key", "status"),
    [
        (None, "key-00000001", 401),
        ("wrong-token", "key-00000001", 401),
        (TOKEN, None, 422),
        (TOKEN, "short", 422),
    ],
)
def test_auth_and_key_are_required(client, world, platform, token, key, status):
    assert report(client, body_for(world), key=key, token=token).status_code == status
    assert not Attempt.objects.exists()


def test_inactive_platform_is_refused(client, world, platform):
    platform.is_active = False
    platform.save()
    response = report(client, body_for(world))
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


MALFORMED = {
    "not json": lambda w: "not json",
    "a list": lambda w: "[]",
    "empty object": lambda w: {},
    "missing fields": lambda w: {"student_email": w.alice.email},
    "unknown field": lambda w: body_for(w, extra_field=1),
    "negative time": lambda w: body_for(w, time_spent_seconds=-1),
    "question id not a number": lambda w: body_for(w, question_id="abc"),
    "naive timestamp": lambda w: body_for(w, answered_at="2026-01-01T10:00:00"),
    "not an email": lambda w: body_for(w, student_email="not-an-email"),
    "answer too long": lambda w: body_for(w, answer="x" * 201),
    # Strict types: no string-to-number or number-to-boolean coercion.
    "question id as a numeric string": lambda w: body_for(w, question_id=str(w.choice_q.pk)),
    "question id as a float": lambda w: body_for(w, question_id=float(w.choice_q.pk)),
    "question id as a boolean": lambda w: body_for(w, question_id=True),
    "time as a string": lambda w: body_for(w, time_spent_seconds="35"),
    "hint as a string": lambda w: body_for(w, hint_used="true"),
    "hint as a number": lambda w: body_for(w, hint_used=1),
    "correct as a string": lambda w: body_for(w, correct="yes"),
    "answered_at as a number": lambda w: body_for(w, answered_at=1767225600),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_bodies_get_a_clear_error(client, world, platform, case):
    response = report(client, MALFORMED[case](world))
    assert response.status_code in (400, 422), response.content
    assert response.json()["code"] in ("invalid", "invalid_json", "invalid_answer")
    assert response.json()["message"]
    assert not Attempt.objects.exists()


def test_unknown_question_and_student(client, world, platform):
    response = report(client, body_for(world, question_id=999999))
    assert response.status_code == 404 and response.json()["code"] == "unknown_question"
    response = report(
        client, body_for(world, student_email="nobody@example.test"), key="key-2-abcdef"
    )
    assert response.status_code == 404 and response.json()["code"] == "unknown_student"
    assert not Attempt.objects.exists()


def test_exercise_the_student_cannot_see(client, world, platform):
    physics_q = world.physics_exercise.questions.first()
    response = report(client, body_for(world, question_id=physics_q.pk))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    ("answered_at", "code"),
    [
        ("2999-01-01T00:00:00+00:00", "answered_in_future"),
        ("9999-12-31T23:59:59-05:00", "answered_in_future"),
        ("0001-01-01T00:00:00+00:00", "answered_too_long_ago"),  # was a 500 (OverflowError)
        ("0001-01-01T00:00:00+01:00", "answered_too_long_ago"),
        ("1900-01-01T00:00:00+00:00", "answered_too_long_ago"),  # was accepted
    ],
)
def test_an_answer_time_outside_the_school_year_is_refused(
    client, world, platform, answered_at, code
):
    response = report(client, body_for(world, answered_at=answered_at))
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Attempt.objects.exists()


def test_an_answer_from_earlier_this_school_year_or_with_a_skewed_clock_counts(
    client, world, platform
):
    from datetime import timedelta

    from django.utils import timezone

    from schools.rules import work_time_window

    now = timezone.now()
    earliest, latest = work_time_window(now=now, today=timezone.localdate(now))
    for i, moment in enumerate((earliest + timedelta(hours=1), now + timedelta(minutes=4))):
        body = body_for(world, answered_at=moment.isoformat())
        assert report(client, body, key=f"window-key-{i}").status_code == 201


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/v1/attempts"]["post"]
    assert {p["name"] for p in operation["parameters"]} >= {"Idempotency-Key"}
    assert "201" in operation["responses"] and "409" in operation["responses"]
    assert "AttemptIn" in schema["components"]["schemas"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_with_one_key_record_one_attempt():
    world = build_world()
    ApiClient.objects.create(name="Madrasti homework", token_hash=hash_token(TOKEN))
    statuses = []
    barrier = threading.Barrier(5)

    def worker():
        try:
            barrier.wait()
            statuses.append(report(Client(), body_for(world), key="same-key-123").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 200, 200, 200, 201]
    assert Attempt.objects.count() == 1
    assert SkillProgress.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_for_different_students_with_one_key_conflict_cleanly():
    world = build_world()
    ApiClient.objects.create(name="Madrasti homework", token_hash=hash_token(TOKEN))
    statuses = []
    barrier = threading.Barrier(2)

    def worker(student):
        try:
            barrier.wait()
            body = body_for(world, student_email=student.email)
            statuses.append(report(Client(), body, key="shared-key-1").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(s,)) for s in (world.alice, world.bilal)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409]
    assert Attempt.objects.count() == 1
