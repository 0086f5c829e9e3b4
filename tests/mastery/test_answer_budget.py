"""What a practice answer costs: attempt_record's own statements (the student waits for
them) and the whole htmx request that records it and renders the feedback. The answer's
follow-ups (growth, personal challenges, class goals) run later, from its task."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.testing import pending
from mastery import content, services
from mastery.models import Attempt
from tests.factories import correct_choice

# Measured 2026-12-05 (counted here inside the test's transaction, so with attempt_record's
# SAVEPOINT and RELEASE: 11 statements in production). On top of a challenge answer's: the
# access check, the question's serve (the clock: locked, closed) and the pass it counts in
# (found, its tries at this question, saved). It may only go down.
PRACTICE_RECORD_QUERIES = 13
# The whole htmx request: session and user, the lock check, the answer, the feedback's page
# context. It may only go down.
PRACTICE_REQUEST_QUERIES = 30


def test_a_practice_answer_stays_within_its_budget(client, world):
    client.force_login(world.alice)
    client.get(reverse("practice", args=[world.exercise.pk]))  # shown: the server's clock
    content.question_content(world.choice_q.pk)
    right = correct_choice(world.choice_q).pk
    with CaptureQueriesContext(connection) as record:
        services.attempt_record(student=world.alice, question=world.choice_q, answer=str(right))
    services.question_serve(student=world.alice, question=world.choice_q)
    with CaptureQueriesContext(connection) as request:
        response = client.post(
            reverse("answer", args=[world.choice_q.pk]), {"answer": right}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert Attempt.objects.filter(student=world.alice).count() == 2
    assert pending() == 2
    record_sql = [q["sql"][:160] for q in record.captured_queries]
    request_sql = [q["sql"][:160] for q in request.captured_queries]
    assert len(record_sql) <= PRACTICE_RECORD_QUERIES, "\n".join(record_sql)
    assert len(request_sql) <= PRACTICE_REQUEST_QUERIES, "\n".join(request_sql)
