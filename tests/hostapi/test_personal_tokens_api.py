"""The attempts API with a person's own Madrasti 2.0 token, beside the platform tokens."""

import json

import pytest

from mastery.models import Attempt
from tests.hostapi.helpers import bad_tokens, mint

pytestmark = pytest.mark.django_db

URL = "/api/v1/attempts"


def report(client, token, email, question_id, key="hw-answer-0001"):
    return client.post(
        URL,
        data=json.dumps(
            {
                "student_email": email,
                "question_id": question_id,
                "correct": True,
                "time_spent_seconds": 20,
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )


def token_for(user, role="STUDENT"):
    return mint(user_id=1000 + user.pk, email=user.email, role=role)


def test_a_student_reports_their_own_attempt(client, world, host_jwt):
    response = report(client, token_for(world.alice), world.alice.email, world.choice_q.pk)
    assert response.status_code == 201, response.content
    attempt = Attempt.objects.get()
    assert attempt.student == world.alice and attempt.source == "host"
    world.alice.refresh_from_db()
    assert world.alice.external_ref == str(1000 + world.alice.pk)


def test_a_student_cannot_report_for_a_classmate(client, world, host_jwt):
    response = report(client, token_for(world.alice), world.bilal.email, world.choice_q.pk)
    assert response.status_code == 403 and response.json()["code"] == "forbidden_student"
    # An unknown email reads the same: a personal token learns nothing about who exists.
    response = report(client, token_for(world.alice), "nobody@example.test", world.choice_q.pk)
    assert response.status_code == 403
    assert not Attempt.objects.exists()


def test_a_teacher_reports_only_for_students_they_teach(client, world, host_jwt):
    token = token_for(world.teacher_a, role="TEACHER")
    assert report(client, token, world.alice.email, world.choice_q.pk).status_code == 201
    response = report(client, token, world.chloe.email, world.choice_q.pk, key="hw-answer-0002")
    assert response.status_code == 403
    assert Attempt.objects.count() == 1


def test_personal_keys_are_per_person(client, world, host_jwt):
    first = report(client, token_for(world.alice), world.alice.email, world.choice_q.pk)
    again = report(client, token_for(world.alice), world.alice.email, world.choice_q.pk)
    bilal = report(client, token_for(world.bilal), world.bilal.email, world.choice_q.pk)
    assert (first.status_code, again.status_code, bilal.status_code) == (201, 200, 201)
    assert again.json()["replayed"] is True
    assert Attempt.objects.count() == 2


@pytest.mark.parametrize("case", sorted(bad_tokens()))
def test_bad_tokens_are_refused(client, world, host_jwt, case):
    make, code = bad_tokens()[case]
    response = report(client, make(), world.alice.email, world.choice_q.pk)
    assert response.status_code == 401 and response.json()["code"] == code
    assert response.json()["message"]
    assert not Attempt.objects.exists()


def test_a_parent_token_is_refused(client, world, host_jwt):
    token = mint(email="parent@example.test", role="PARENT")
    response = report(client, token, world.alice.email, world.choice_q.pk)
    assert response.status_code == 403 and response.json()["code"] == "role_not_supported"


def test_personal_tokens_can_be_switched_off(client, world, host_jwt):
    from hostapi.services import personal_tokens_client

    client_row = personal_tokens_client()
    client_row.is_active = False
    client_row.save()
    response = report(client, token_for(world.alice), world.alice.email, world.choice_q.pk)
    assert response.status_code == 403 and response.json()["code"] == "personal_tokens_off"
