"""A parametrised question in a study-group round: every member meets the same variant."""

import pytest

from collaboration import selectors, sessions
from collaboration.room import study_group_room
from live.models import RoomEvent
from mastery import variants
from mastery.models import Attempt
from tests.factories import make_template
from tests.payload_text import shows_number

from .helpers import arrive, make_group

pytestmark = pytest.mark.django_db


def test_a_round_shows_one_variant_to_all_and_is_graded_against_it(world):
    template = make_template(world.exercise)
    g = make_group(world)
    arrive(g.group, world.alice)
    arrive(g.group, world.bilal)
    session = sessions.session_pick(
        group_id=g.group.pk, member=world.bilal, question_id=template.pk
    )
    seed = selectors.round_variant(session_id=session.pk, round=session.round, question=template)
    shown = variants.draw(template, seed)
    room = study_group_room(g.group.pk)
    picked = RoomEvent.objects.get(room=room, type="question").payload["question"]
    assert picked["prompt"] == variants.text_all(template, "prompt", shown)
    assert "{a}" not in str(picked)
    assert not shows_number(picked, variants.format_number(shown.answer))
    # A fresh client reads the same numbers from the snapshot.
    state = selectors.session_state(group_id=g.group.pk)
    assert state["current"]["question"]["prompt"] == picked["prompt"]

    answer = sessions.session_submit(
        group_id=g.group.pk,
        member=world.alice,
        round=session.round,
        answer=variants.format_number(shown.answer, "fr"),
    )
    assert answer.correct
    attempts = Attempt.objects.filter(source=Attempt.Source.GROUP)
    assert sorted(attempts.values_list("student__username", flat=True)) == ["alice", "bilal"]
    assert set(attempts.values_list("variant", flat=True)) == {seed}
    result = RoomEvent.objects.get(room=room, type="answer.result").payload
    assert result["explanation"]["fr"].endswith("= " + variants.format_number(shown.answer, "fr"))

    # The next round of the same question draws other numbers, graded against those.
    again = sessions.session_pick(group_id=g.group.pk, member=world.bilal, question_id=template.pk)
    other = variants.draw(
        template,
        selectors.round_variant(session_id=again.pk, round=again.round, question=template),
    )
    wrong = sessions.session_submit(
        group_id=g.group.pk, member=world.bilal, round=again.round, answer=str(shown.answer)
    )
    assert wrong.correct is (shown.answer == other.answer)
