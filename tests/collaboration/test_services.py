"""Study groups: who may create, join and invite; sessions opened and closed by presence;
the shared exercise counting for every member present and nobody else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collaboration import errors, selectors, services, sessions
from collaboration.models import (
    GroupAnswer,
    GroupAttendance,
    GroupInvitation,
    GroupMembership,
    GroupSession,
)
from collaboration.room import study_group_room
from live import presence
from live.models import RoomEvent
from live.rooms import user_room
from mastery.models import Attempt
from project.signals import group_session_ended
from tests.factories import correct_choice, make_user, wrong_choice

from .helpers import arrive, depart, make_group, sweep_after

pytestmark = pytest.mark.django_db


def room_events(room, type_=None):
    rows = RoomEvent.objects.filter(room=room).order_by("seq")
    if type_:
        rows = rows.filter(type=type_)
    return [r.as_message() for r in rows]


# --- groups ---------------------------------------------------------------------------------


def test_a_student_creates_a_group_in_their_class_and_subject_and_is_its_first_member(world):
    group = services.group_create(
        creator=world.alice, school_class=world.class_a, subject=world.math, name="  Wizards "
    )
    assert group.name == "Wizards" and group.max_members == 6 and group.is_open
    assert list(GroupMembership.objects.filter(group=group).values_list("student", flat=True)) == [
        world.alice.pk
    ]


@pytest.mark.parametrize(
    "case",
    ["other_class", "subject_not_taught", "teacher", "foreign_focus", "too_big", "blank_name"],
)
def test_group_creation_is_refused_outside_ones_class_and_subject(world, case):
    kwargs = {
        "creator": world.alice,
        "school_class": world.class_a,
        "subject": world.math,
        "name": "G",
    }
    if case == "other_class":
        kwargs["school_class"] = world.class_b
    elif case == "subject_not_taught":
        kwargs["subject"] = world.physics
    elif case == "teacher":
        kwargs["creator"] = world.teacher_a
    elif case == "foreign_focus":
        kwargs["focus_skill"] = world.physics_exercise.skill
    elif case == "too_big":
        kwargs["max_members"] = 40
    else:
        kwargs["name"] = "   "
    with pytest.raises(errors.GroupError):
        services.group_create(**kwargs)
    assert not GroupMembership.objects.exists()


def test_join_leave_and_the_limits_of_an_open_group(world):
    group = services.group_create(
        creator=world.alice,
        school_class=world.class_a,
        subject=world.math,
        name="Pair",
        max_members=2,
    )
    with pytest.raises(errors.NotAllowed):
        services.group_join(group_id=group.pk, student=world.chloe)  # another class
    services.group_join(group_id=group.pk, student=world.bilal)
    services.group_join(group_id=group.pk, student=world.bilal)  # twice is once
    assert GroupMembership.objects.filter(group=group).count() == 2
    dina = make_user("dina")
    dina.enrollments.create(school_class=world.class_a)
    with pytest.raises(errors.NotAvailable):
        services.group_join(group_id=group.pk, student=dina)  # full
    services.group_leave(group_id=group.pk, student=world.bilal)
    services.group_join(group_id=group.pk, student=dina)
    assert selectors.member_ids(group_id=group.pk) == {world.alice.pk, dina.pk}
    with pytest.raises(errors.NotAllowed):
        services.group_leave(group_id=group.pk, student=world.bilal)  # not a member any more


def test_an_invite_only_group_takes_the_invited_who_hear_it_live(world):
    group = services.group_create(
        creator=world.alice,
        school_class=world.class_a,
        subject=world.math,
        name="Closed",
        is_open=False,
    )
    with pytest.raises(errors.NotAllowed):
        services.group_join(group_id=group.pk, student=world.bilal)
    with pytest.raises(errors.Invalid):
        services.group_invite(group_id=group.pk, inviter=world.alice, invitee=world.chloe)
    with pytest.raises(errors.NotAllowed):
        services.group_invite(group_id=group.pk, inviter=world.bilal, invitee=world.alice)
    invitation = services.group_invite(group_id=group.pk, inviter=world.alice, invitee=world.bilal)
    with pytest.raises(errors.Invalid):  # one pending invitation at a time
        services.group_invite(group_id=group.pk, inviter=world.alice, invitee=world.bilal)
    told = room_events(user_room(world.bilal.pk), "group.invited")
    assert told[0]["group"] == {
        "id": group.pk,
        "name": "Closed",
        "subject": {"ar": "Mathematics", "fr": "Mathematics", "en": "Mathematics"},
    }
    assert told[0]["invited_by"]["name"] == "alice"
    services.invitation_respond(invitation_id=invitation.pk, student=world.bilal, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == GroupInvitation.Status.ACCEPTED
    assert selectors.is_member(user=world.bilal, group_id=group.pk)
    with pytest.raises(errors.NotAvailable):  # answered already
        services.invitation_respond(invitation_id=invitation.pk, student=world.bilal, accept=True)


# --- sessions from presence -------------------------------------------------------------------


def test_the_first_member_opens_a_session_and_the_last_to_leave_closes_it(world):
    g = make_group(world)
    ended = []

    def on_end(sender, session, **kwargs):
        ended.append(session.pk)

    group_session_ended.connect(on_end)
    t0 = timezone.now()
    arrive(g.group, world.teacher_a, now=t0)  # an observer opens nothing
    assert not GroupSession.objects.exists()
    arrive(g.group, world.alice, now=t0 + timedelta(seconds=1))
    arrive(g.group, world.alice, tab="alice-2", now=t0 + timedelta(seconds=2))
    arrive(g.group, world.bilal, now=t0 + timedelta(seconds=3))
    session = GroupSession.objects.get()
    assert session.ended_at is None and session.topic == "Master addition together"
    attendees = set(GroupAttendance.objects.values_list("student", flat=True))
    assert attendees == {world.alice.pk, world.bilal.pk}
    for who, tab in ((world.alice, ""), (world.alice, "alice-2"), (world.bilal, "")):
        depart(g.group, who, tab=tab, now=t0 + timedelta(seconds=10))
    # The teacher still watching keeps nothing open: after the linger the session ends when
    # the last member was last heard from.
    presence.presence_sweep(now=t0 + timedelta(seconds=20))
    group_session_ended.disconnect(on_end)
    session.refresh_from_db()
    assert session.ended_at == t0 + timedelta(seconds=10)
    assert session.duration_seconds == 9
    assert ended == [session.pk]
    kinds = [e["type"] for e in room_events(study_group_room(g.group.pk))]
    assert kinds.count("session.started") == 1 and kinds.count("session.ended") == 1


def test_a_dropped_member_ends_the_session_after_the_grace_even_with_nobody_watching(world):
    g = make_group(world)
    arrive(g.group, world.alice)
    # Her socket drops: no leave ever arrives. Reads stop counting her after the grace...
    later = timezone.now() + timedelta(seconds=presence.grace_seconds() + 1)
    assert selectors.open_session_groups(group_ids=[g.group.pk], now=later) == set()
    # ...and the sweep closes the session.
    sweep_after(presence.grace_seconds() + 1)
    assert GroupSession.objects.get().ended_at is not None


# --- working one exercise together -------------------------------------------------------------


def test_a_submitted_answer_counts_for_every_member_present_and_nobody_else(world):
    g = make_group(world)
    arrive(g.group, world.alice)
    arrive(g.group, world.bilal)
    arrive(g.group, world.teacher_a)  # observing: never credited
    # Dina is a member but not here.
    session = sessions.session_pick(
        group_id=g.group.pk, member=world.bilal, question_id=world.choice_q.pk
    )
    sessions.session_propose(
        group_id=g.group.pk, member=world.alice, round=session.round, answer="11"
    )
    right = str(correct_choice(world.choice_q).pk)
    answer = sessions.session_submit(
        group_id=g.group.pk, member=world.alice, round=session.round, answer=right
    )
    assert answer.correct
    attempts = Attempt.objects.filter(source=Attempt.Source.GROUP)
    assert sorted(attempts.values_list("student__username", flat=True)) == ["alice", "bilal"]
    assert set(answer.attempts.all()) == set(attempts)
    result = room_events(study_group_room(g.group.pk), "answer.result")[-1]
    assert result["correct"] and result["label"] == {"ar": "12", "fr": "12", "en": "12"}
    assert [c["name"] for c in result["credited"]] == ["alice", "bilal"]
    assert result["explanation"]["en"] == "7 + 5 = 12"
    # Both members' own channels got their attempt, as from practice.
    for who in (world.alice, world.bilal):
        assert room_events(user_room(who.pk), "attempt.recorded")
    assert not room_events(user_room(g.dina.pk), "attempt.recorded")


def test_a_round_is_submitted_once_and_a_stale_round_is_refused(world):
    g = make_group(world)
    arrive(g.group, world.alice)
    session = sessions.session_pick(
        group_id=g.group.pk, member=world.alice, question_id=world.choice_q.pk
    )
    wrong = str(wrong_choice(world.choice_q).pk)
    answer = sessions.session_submit(group_id=g.group.pk, member=world.alice, round=1, answer=wrong)
    assert not answer.correct
    result = room_events(study_group_room(g.group.pk), "answer.result")[-1]
    # A wrong answer is discussed and tried again: no explanation yet.
    assert result["explanation"] == {"en": "", "fr": "", "ar": ""}
    with pytest.raises(errors.AlreadySubmitted):
        sessions.session_submit(group_id=g.group.pk, member=world.alice, round=1, answer=wrong)
    with pytest.raises(errors.NotCurrent):
        sessions.session_propose(group_id=g.group.pk, member=world.alice, round=7, answer="3")
    # Trying again opens a new round on the same question.
    session = sessions.session_pick(
        group_id=g.group.pk, member=world.alice, question_id=world.choice_q.pk
    )
    assert session.round == 2
    assert GroupAnswer.objects.count() == 1
    assert Attempt.objects.filter(source=Attempt.Source.GROUP).count() == 1


@pytest.mark.parametrize("answer", ["abc", "999999"])
def test_an_unreadable_answer_changes_nothing(world, answer):
    g = make_group(world)
    arrive(g.group, world.alice)
    sessions.session_pick(group_id=g.group.pk, member=world.alice, question_id=world.choice_q.pk)
    with pytest.raises(errors.Invalid):
        sessions.session_submit(group_id=g.group.pk, member=world.alice, round=1, answer=answer)
    assert not Attempt.objects.exists() and not GroupAnswer.objects.exists()


def test_only_members_act_and_only_on_their_subject(world):
    g = make_group(world)
    with pytest.raises(errors.Invalid):
        sessions.session_pick(
            group_id=g.group.pk,
            member=world.alice,
            question_id=world.physics_exercise.questions.first().pk,
        )
    for outsider in (world.chloe, world.teacher_a):
        with pytest.raises(errors.NotAllowed):
            sessions.session_chat(group_id=g.group.pk, author=outsider, text="hi")
    services.group_leave(group_id=g.group.pk, student=world.bilal)
    with pytest.raises(errors.NotAllowed):
        sessions.session_chat(group_id=g.group.pk, author=world.bilal, text="still here?")


def test_chat_pins_topic_and_reflections_make_the_session_record(world):
    g = make_group(world)
    arrive(g.group, world.alice)
    arrive(g.group, world.bilal)
    message = sessions.session_chat(
        group_id=g.group.pk, author=world.bilal, text="<b>Count on</b> from the bigger one"
    )
    sessions.session_pin(group_id=g.group.pk, member=world.alice, message_id=message.pk)
    sessions.session_pin(group_id=g.group.pk, member=world.alice, text="Three ways, all valid")
    sessions.session_topic(group_id=g.group.pk, member=world.alice, topic="Addition facts")
    sessions.session_pick(group_id=g.group.pk, member=world.alice, question_id=world.numeric_q.pk)
    sessions.session_submit(group_id=g.group.pk, member=world.bilal, round=1, answer="7")
    session = GroupSession.objects.get()
    with pytest.raises(errors.NotAllowed):  # not before it ends
        sessions.session_reflect(session_id=session.pk, student=world.alice, text="Fun")
    sessions.session_end(group_id=g.group.pk, member=world.alice)
    sessions.session_reflect(session_id=session.pk, student=world.alice, text="I count on now")
    sessions.session_reflect(session_id=session.pk, student=world.alice, text="I count on!")
    with pytest.raises(errors.NotAllowed):  # Dina never came
        sessions.session_reflect(session_id=session.pk, student=g.dina, text="?")
    session.refresh_from_db()
    record = selectors.session_record(session=session)
    assert session.topic == "Addition facts"
    assert {u.username for u in record["attendees"]} == {"alice", "bilal"}
    assert [e["exercise"].pk for e in record["exercises"]] == [world.exercise.pk]
    assert record["exercises"][0]["correct"] == 1
    assert [i.text for i in record["insights"]] == [
        "<b>Count on</b> from the bigger one",
        "Three ways, all valid",
    ]
    assert [r.text for r in record["reflections"]] == ["I count on!"]
    # A member acting after the end starts a fresh session.
    sessions.session_chat(group_id=g.group.pk, author=world.bilal, text="one more?")
    assert GroupSession.objects.filter(ended_at=None).count() == 1


def test_contract_selectors_for_dashboards(world):
    g = make_group(world)
    since = timezone.now() - timedelta(days=7)
    assert selectors.active_group_ids(school_class=world.class_a, since=since) == set()
    arrive(g.group, world.alice)
    arrive(g.group, world.bilal)
    assert selectors.active_group_ids(school_class=world.class_a, since=since) == {g.group.pk}
    assert selectors.active_group_ids(school_class=world.class_b, since=since) == set()
    assert selectors.collaborating_student_ids(school_class=world.class_a, since=since) == {
        world.alice.pk,
        world.bilal.pk,
    }
    later = timezone.now() + timedelta(minutes=1)
    assert selectors.collaborating_student_ids(school_class=world.class_a, since=later) == set()


def test_group_progress_comes_from_real_mastery(world):
    g = make_group(world)
    services.group_goal_add(
        group_id=g.group.pk, member=world.bilal, skill=world.skills[0], target_mastery=40
    )
    with pytest.raises(errors.Invalid):
        services.group_goal_add(
            group_id=g.group.pk, member=world.bilal, skill=world.physics_exercise.skill
        )
    from mastery.services import attempt_record

    for _ in range(3):
        for q, answer in (
            (world.choice_q, str(correct_choice(world.choice_q).pk)),
            (world.numeric_q, "7"),
        ):
            attempt_record(student=world.alice, question=q, answer=answer)
    rows = selectors.goals_progress(group=g.group)
    assert len(rows) == 1
    reached = {m["student"].username: m["reached"] for m in rows[0]["members"]}
    assert reached == {"alice": True, "bilal": False, "dina": False}
    assert (rows[0]["reached"], rows[0]["total"], rows[0]["all"]) == (1, 3, False)
