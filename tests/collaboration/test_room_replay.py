"""A study group's snapshot plus the events after it is the next snapshot
(tests/live/verify_room.py): presence, the session, chat, rounds, pins, goals, members."""

import pytest

from collaboration import rules, selectors, services, sessions
from collaboration.room import study_group_room
from live import presence
from schools.models import Enrollment
from tests.factories import correct_choice, make_user
from tests.live.verify_room import verify_action

from .helpers import arrive, make_group

pytestmark = pytest.mark.django_db


def _by_name(users: list[dict]) -> list[dict]:
    return sorted(users, key=lambda u: u["name"])


def apply(state: dict, event: dict) -> dict:
    """What the study-group page does with an event."""
    kind, state = event["type"], dict(state)
    if kind == "presence":
        users = [u for u in state["presence"]["users"] if u["id"] not in event["left"]]
        state["presence"] = {**state["presence"], "users": _by_name(users + event["joined"])}
    elif kind in ("session.started", "session.ended"):
        # The snapshot shows the open session only, and its chat, pins and round.
        opened = event["session"] if kind == "session.started" else None
        state.update(session=opened, chat=[], insights=[], current=None)
    elif kind == "chat":
        state["chat"] = [*state["chat"], event["message"]][-rules.SNAPSHOT_CHAT :]
    elif kind == "topic":
        state["session"] = {**state["session"], "topic": event["topic"]}
    elif kind == "question":
        state["current"] = {
            "round": event["round"],
            "question": event["question"],
            "picked_by": event["picked_by"],
            "proposals": [],
            "result": None,
        }
    elif kind == "proposal":
        current = state["current"]
        state["current"] = {**current, "proposals": [*current["proposals"], event["proposal"]]}
    elif kind == "answer.result":
        result = {k: v for k, v in event.items() if k not in ("type", "seq")}
        state["current"] = {**state["current"], "result": result}
    elif kind == "insight.pinned":
        state["insights"] = [*state["insights"], event["insight"]]
    elif kind == "goals":
        state["goals"] = event["goals"]
    elif kind == "member.joined":
        state["members"] = [*state["members"], event["member"]]
    elif kind == "member.left":
        state["members"] = [m for m in state["members"] if m["id"] != event["member"]["id"]]
    elif kind != "reflection":  # written after the session: not part of the live state
        raise AssertionError(kind)
    return state


def _snapshot(group_id: int):
    room = study_group_room(group_id)
    return lambda: {
        **selectors.session_state(group_id=group_id),
        "role": "member",
        "presence": presence.room_state(room=room),
    }


def test_a_session_replays_to_the_next_snapshot(world):
    made = make_group(world)
    group = made.group
    services.group_goal_add(group_id=group.pk, member=world.alice, skill=world.skills[0])
    right = str(correct_choice(world.choice_q).pk)

    def session():
        arrive(group, world.alice)
        arrive(group, world.bilal)
        sessions.session_chat(group_id=group.pk, author=world.alice, text="Shall we?")
        sessions.session_topic(group_id=group.pk, member=world.bilal, topic="Carrying")
        sessions.session_pick(group_id=group.pk, member=world.bilal, question_id=world.choice_q.pk)
        sessions.session_propose(group_id=group.pk, member=world.alice, round=1, answer="11")
        sessions.session_submit(group_id=group.pk, member=world.bilal, round=1, answer=right)
        message = sessions.session_chat(group_id=group.pk, author=world.bilal, text="Tens!")
        sessions.session_pin(group_id=group.pk, member=world.alice, message_id=message.pk)

    events = verify_action(
        room=study_group_room(group.pk), snapshot=_snapshot(group.pk), action=session, apply=apply
    )
    assert {"presence", "session.started", "answer.result", "insight.pinned"} <= {
        e["type"] for e in events
    }


def test_members_and_goals_replay_to_the_next_snapshot(world):
    """A member who joins or leaves changes each goal's count: the room hears `goals` too."""
    made = make_group(world)
    group = made.group
    services.group_goal_add(group_id=group.pk, member=world.alice, skill=world.skills[0])
    newcomer = make_user("emma")
    Enrollment.objects.create(student=newcomer, school_class=world.class_a)

    room, snapshot = study_group_room(group.pk), _snapshot(group.pk)
    join = lambda: services.group_join(group_id=group.pk, student=newcomer)  # noqa: E731
    verify_action(room=room, snapshot=snapshot, action=join, apply=apply)
    leave = lambda: services.group_leave(group_id=group.pk, student=made.dina)  # noqa: E731
    verify_action(room=room, snapshot=snapshot, action=leave, apply=apply)


def test_an_ended_session_replays_to_the_next_snapshot(world):
    group = make_group(world).group
    arrive(group, world.alice)
    sessions.session_chat(group_id=group.pk, author=world.alice, text="Bye for now")
    verify_action(
        room=study_group_room(group.pk),
        snapshot=_snapshot(group.pk),
        action=lambda: sessions.session_end(group_id=group.pk, member=world.alice),
        apply=apply,
    )
