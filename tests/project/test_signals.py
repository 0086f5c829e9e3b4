"""Domain signals fire once per real event, inside the sender's transaction. (A new
attempt is followed up by a task instead: tests/mastery/test_followups.py.)"""

import pytest

from project import signals
from reflections.services import reflection_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    received = []

    def receiver(sender, signal, **kwargs):
        received.append(kwargs)

    signals.reflection_saved.connect(receiver, dispatch_uid="test-reflection")
    yield received
    signals.reflection_saved.disconnect(dispatch_uid="test-reflection")


def test_a_saved_reflection_is_announced(world, heard):
    reflection = reflection_create(
        student=world.alice, exercise=world.exercise, what_i_learned="Carrying the ten."
    )
    assert heard == [{"reflection": reflection, "created": True}]
