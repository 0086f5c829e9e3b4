"""Domain signals fire once per real event, inside the sender's transaction."""

import pytest

from mastery import services
from project import signals
from reflections.services import reflection_create
from tests.factories import correct_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    received = []

    def receiver(sender, signal, **kwargs):
        received.append(kwargs)

    signals.attempt_recorded.connect(receiver, dispatch_uid="test-attempt")
    signals.reflection_saved.connect(receiver, dispatch_uid="test-reflection")
    yield received
    signals.attempt_recorded.disconnect(dispatch_uid="test-attempt")
    signals.reflection_saved.disconnect(dispatch_uid="test-reflection")


def test_a_new_attempt_is_announced_once_and_a_replay_not_at_all(world, heard):
    choice = str(correct_choice(world.choice_q).pk)
    outcome = services.attempt_record(
        student=world.alice, question=world.choice_q, answer=choice, idempotency_key="k-1"
    )
    again = services.attempt_record(
        student=world.alice, question=world.choice_q, answer=choice, idempotency_key="k-1"
    )
    assert again.replayed
    assert len(heard) == 1
    assert heard[0]["student"] == world.alice
    assert heard[0]["outcome"].attempt == outcome.attempt


def test_a_saved_reflection_is_announced(world, heard):
    reflection = reflection_create(
        student=world.alice, exercise=world.exercise, what_i_learned="Carrying the ten."
    )
    assert heard == [{"reflection": reflection, "created": True}]


def test_a_receivers_error_rolls_back_the_attempt(world):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver failed")

    signals.attempt_recorded.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            services.attempt_record(
                student=world.alice,
                question=world.choice_q,
                answer=str(correct_choice(world.choice_q).pk),
            )
    finally:
        signals.attempt_recorded.disconnect(dispatch_uid="test-broken")
    assert not world.alice.attempts.exists()
