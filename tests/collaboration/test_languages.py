"""A study group's live texts travel in every language: an ar, an fr and an en member each
read their own (issue 11: they all met English skill names and answers)."""

import pytest
from django.utils import translation

from collaboration import selectors, services, sessions
from collaboration.room import study_group_room
from live.models import RoomEvent
from live.rooms import user_room
from schools.models import Enrollment
from tests.factories import correct_choice, make_user
from tests.trilingual import CHOICES, EXERCISE, EXPLANATION, PROMPT, SKILL, SUBJECT, translate_world

from .helpers import arrive, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(world):
    translate_world(world)
    g = make_group(world)
    arrive(g.group, world.alice)
    arrive(g.group, world.bilal)
    return g


def events(group, type_):
    rows = RoomEvent.objects.filter(room=study_group_room(group.pk), type=type_).order_by("seq")
    return [row.payload for row in rows]


def test_the_snapshot_names_skills_exercises_and_subject_in_every_language(world, group):
    with translation.override("ar"):
        services.group_goal_add(group_id=group.group.pk, member=world.alice, skill=world.skills[0])
        state = selectors.session_state(group_id=group.group.pk)
    assert state["group"]["subject"] == SUBJECT
    assert state["group"]["focus_skill"] == SKILL
    assert [g["skill"] for g in state["goals"]] == [SKILL]
    first = next(e for e in state["exercises"] if e["id"] == world.exercise.pk)
    assert (first["title"], first["skill"]) == (EXERCISE, SKILL)
    assert events(group.group, "goals")[-1]["goals"][0]["skill"] == SKILL


def test_a_round_its_proposals_and_its_result_in_every_language(world, group):
    right = correct_choice(world.choice_q)
    with translation.override("fr"):
        session = sessions.session_pick(
            group_id=group.group.pk, member=world.bilal, question_id=world.choice_q.pk
        )
        sessions.session_propose(
            group_id=group.group.pk, member=world.alice, round=session.round, answer=str(right.pk)
        )
        sessions.session_submit(
            group_id=group.group.pk, member=world.alice, round=session.round, answer=str(right.pk)
        )
    question = events(group.group, "question")[-1]["question"]
    assert (question["prompt"], question["exercise"]["title"]) == (PROMPT, EXERCISE)
    assert [c["text"] for c in question["choices"]] == CHOICES
    assert events(group.group, "proposal")[-1]["proposal"]["label"] == CHOICES[1]
    result = events(group.group, "answer.result")[-1]
    assert (result["label"], result["explanation"]) == (CHOICES[1], EXPLANATION)
    current = selectors.session_state(group_id=group.group.pk)["current"]
    assert current["proposals"][0]["label"] == CHOICES[1]
    assert current["result"]["label"] == CHOICES[1]


def test_a_number_reads_the_same_in_every_language(world, group):
    session = sessions.session_pick(
        group_id=group.group.pk, member=world.bilal, question_id=world.numeric_q.pk
    )
    sessions.session_propose(
        group_id=group.group.pk, member=world.alice, round=session.round, answer="7"
    )
    assert events(group.group, "proposal")[-1]["proposal"]["label"] == {
        "ar": "7",
        "fr": "7",
        "en": "7",
    }


def test_the_invitation_names_the_subject_in_every_language(world):
    translate_world(world)
    g = make_group(world, is_open=False)
    eve = make_user("eve")
    Enrollment.objects.create(student=eve, school_class=world.class_a)
    with translation.override("fr"):
        services.group_invite(group_id=g.group.pk, inviter=world.alice, invitee=eve)
    event = RoomEvent.objects.get(room=user_room(eve.pk), type="group.invited")
    assert event.payload["group"]["subject"] == SUBJECT
