"""Shared by the teacher-page tests: an answer as the live path records it, and a page's
query count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mastery import services
from tests.factories import correct_choice, wrong_choice


def answer(student, question, right: bool, **extra):
    value = correct_choice(question).pk if right else wrong_choice(question).pk
    return services.attempt_record(student=student, question=question, answer=str(value), **extra)


def count_queries(client, path: str) -> int:
    """The queries one GET runs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)
