"""Cross-process delivery: two daphne processes share one Redis channel layer.

The student's socket is on daphne A; the answer is posted to daphne B, whose request
publishes the event after commit. Only Redis can carry it to the socket on A.
"""

import pytest

from .servers import open_socket, receive

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


async def test_an_answer_posted_to_one_server_reaches_a_socket_on_the_other(two_daphnes, practice):
    a, b = two_daphnes
    assert a.port != b.port
    async with open_socket(a, practice.cookies) as on_a, open_socket(b, practice.cookies) as on_b:
        assert (await receive(on_a))["type"] == "state"
        assert (await receive(on_b))["type"] == "state"

        await practice.answer(
            b, index=1, question_id=practice.choice_q, value=practice.choice_right
        )

        event = await receive(on_a)
        assert event["type"] == "attempt.recorded"
        assert event["seq"] == 1
        assert event["attempt"]["question_id"] == practice.choice_q
        assert event["skill"]["mastery"] > event["skill"]["mastery_before"]
        assert await receive(on_b) == event

        # And the other way round: posted to A, received on both.
        await practice.answer(
            a, index=2, question_id=practice.numeric_q, value=practice.numeric_right
        )
        event = await receive(on_b)
        assert (event["seq"], event["attempt"]["question_id"]) == (2, practice.numeric_q)
        assert await receive(on_a) == event
