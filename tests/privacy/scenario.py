"""A student who did everything the app lets a student do, with a marker string in every
place a student can write. The erasure test proves the marker is gone; the export test that
every kind of data reaches the archive."""

from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from accounts.models import ParentLink, User
from challenges import services as challenges
from collaboration import services as groups
from collaboration import sessions
from collaboration.models import GroupSession, StudyGroup
from dashboards import metrics
from dashboards import metrics_rules as mr
from dashboards.scope import teacher_scope
from growth.models import PersonalBest, Recognition, RushingFlag
from hostapi.models import HandoffRedemption
from jobs.testing import drain
from leaderboards import services as leaderboards
from mastery import services as mastery
from mastery.models import Attempt, ExerciseRun, SkillUnlock
from peerhelp import services as peerhelp
from peerhelp.models import HelpRequest
from personal_challenges import services as goals
from reflections import services as reflections
from reflections.models import ReflectionInvitationDismissal
from schools.models import Enrollment
from tests.collaboration.helpers import arrive
from tests.factories import correct_choice, make_user
from tests.peerhelp.helpers import master, willing

MARKER = "zq-MARKER-7731"


@dataclass
class Scenario:
    student: User  # alice
    classmate: User  # bilal: chatted, grouped, challenged with her
    other: User  # dina: she helped her
    parent: User
    asked: HelpRequest  # alice asked, bilal helped
    helped: HelpRequest  # dina asked, alice helped
    group: StudyGroup
    challenge_id: int

    def rooms(self) -> list[str]:
        from challenges.room import challenge_room
        from collaboration.room import study_group_room
        from live.rooms import user_room
        from peerhelp.room import peer_help_room

        return [
            peer_help_room(self.asked.pk),
            peer_help_room(self.helped.pk),
            study_group_room(self.group.pk),
            challenge_room(self.challenge_id),
            *(user_room(u.pk) for u in (self.classmate, self.other)),
        ]


def words(label: str) -> str:
    return f"{label} {MARKER}"


def _learning(world, alice) -> None:
    # Practice: a serve, then answers (a fixed question and a host report with free text).
    mastery.question_serve(student=alice, question=world.choice_q)
    mastery.attempt_record(
        student=alice, question=world.choice_q, answer=str(correct_choice(world.choice_q).pk)
    )
    mastery.attempt_record(
        student=alice,
        question=world.numeric_q,
        answer=words("host answer"),
        source=Attempt.Source.HOST,
        correct=False,
        time_spent_ms=20000,
    )
    drain()  # the answers' follow-ups (growth state, records), as the worker runs them
    run = ExerciseRun.objects.filter(student=alice).first() or ExerciseRun.objects.create(
        student=alice,
        exercise=world.exercise,
        started_at=timezone.now(),
        questions_total=2,
    )
    ReflectionInvitationDismissal.objects.create(student=alice, run=run)
    SkillUnlock.objects.get_or_create(
        student=alice, skill=world.skills[1], defaults={"unlocked_at": timezone.now()}
    )
    now = timezone.now()
    if not PersonalBest.objects.filter(student=alice).exists():
        PersonalBest.objects.create(
            student=alice,
            metric="accuracy_rate",
            period="2026-W49",
            value=50,
            achieved_at=now,
            updated_at=now,
        )
    Recognition.objects.create(
        student=alice,
        kind="persistence",
        exercise=world.exercise,
        skill=world.skills[0],
        params={"tries": 3},
        achieved_at=now,
    )
    RushingFlag.objects.create(
        student=alice, day=now.date(), answers=5, wrong=4, first_at=now, last_at=now
    )


def _reflection(world, alice) -> None:
    reflection = reflections.reflection_create(
        student=alice,
        exercise=world.exercise,
        what_i_learned=words("learned"),
        what_was_challenging=words("challenging"),
        how_i_overcame_it=words("overcame"),
        what_next=words("next"),
    )
    reflections.reflection_share_with_family(student=alice, reflection=reflection, shared=True)
    reflections.reflection_give_feedback(
        teacher=world.teacher_a, reflection=reflection, feedback="Well done, keep going."
    )
    reflections.encouragement_send(teacher=world.teacher_a, student=alice, preset="effort")


def _peer_help(world, alice, dina):
    willing(world.bilal, world.skills[0])
    asked = peerhelp.help_request_create(
        requester=alice, skill=world.skills[0], topic=words("topic"), question=words("question")
    )
    peerhelp.help_request_accept(request_id=asked.pk, helper=world.bilal)
    peerhelp.help_message_send(request_id=asked.pk, author=alice, text=words("help chat"))
    peerhelp.help_message_send(request_id=asked.pk, author=world.bilal, text="Carry the ten.")
    peerhelp.help_session_complete(request_id=asked.pk, user=alice)
    peerhelp.help_session_wrap_up(
        request_id=asked.pk,
        user=alice,
        rating=5,
        thank_you=words("thanks"),
        learned=words("requester learned"),
    )
    # Alice helps Dina.
    willing(alice, world.skills[0])
    master(alice, world.skills[0])
    helped = peerhelp.help_request_create(
        requester=dina,
        skill=world.skills[0],
        topic="Tens",
        question="How do tens carry?",
        helper=alice,
    )
    peerhelp.help_request_accept(request_id=helped.pk, helper=alice)
    peerhelp.help_message_send(request_id=helped.pk, author=alice, text=words("helper chat"))
    peerhelp.help_session_complete(request_id=helped.pk, user=dina)
    peerhelp.help_session_wrap_up(request_id=helped.pk, user=alice, learned=words("helper learned"))
    return HelpRequest.objects.get(pk=asked.pk), HelpRequest.objects.get(pk=helped.pk)


def _study_group(world, alice, dina) -> StudyGroup:
    group = groups.group_create(
        creator=alice,
        school_class=world.class_a,
        subject=world.math,
        name=words("group"),
        description=words("description"),
        current_focus=words("focus"),
    )
    groups.group_join(group_id=group.pk, student=world.bilal)
    groups.group_invite(group_id=group.pk, inviter=alice, invitee=dina)
    arrive(group, alice)
    arrive(group, world.bilal)
    message = sessions.session_chat(group_id=group.pk, author=alice, text=words("group chat"))
    sessions.session_chat(group_id=group.pk, author=world.bilal, text="Nice idea!")
    sessions.session_topic(group_id=group.pk, member=alice, topic=words("live topic"))
    sessions.session_pin(group_id=group.pk, member=alice, text=words("insight"))
    sessions.session_pin(group_id=group.pk, member=world.bilal, message_id=message.pk)
    session = sessions.session_pick(group_id=group.pk, member=alice, question_id=world.choice_q.pk)
    sessions.session_propose(
        group_id=group.pk, member=alice, round=session.round, answer=words("p")
    )
    sessions.session_submit(
        group_id=group.pk,
        member=alice,
        round=session.round,
        answer=str(correct_choice(world.choice_q).pk),
    )
    sessions.session_end(group_id=group.pk, member=alice)
    ended = GroupSession.objects.filter(group=group).order_by("-started_at").first()
    sessions.session_reflect(session_id=ended.pk, student=alice, text=words("group reflection"))
    # Bilal's own group invites Alice.
    other = groups.group_create(
        creator=world.bilal, school_class=world.class_a, subject=world.math, name="Bilal's"
    )
    groups.group_invite(group_id=other.pk, inviter=world.bilal, invitee=alice)
    return StudyGroup.objects.get(pk=group.pk)


def _traces(world, alice) -> None:
    """Sign-ins, the login throttle's records, the admin's history, a teacher's charts."""
    store = SessionStore()
    store["_auth_user_id"] = str(alice.pk)
    store.save()
    now = timezone.now()
    HandoffRedemption.objects.create(
        jti="jti-alice", user=alice, redeemed_at=now, expires_at=now + timedelta(minutes=5)
    )
    for model in (AccessAttempt, AccessFailureLog):
        fields = {"username": alice.username, "ip_address": "10.0.0.7", "user_agent": "test"}
        if model is AccessAttempt:
            fields |= {"failures_since_start": 1, "get_data": "", "post_data": ""}
        model.objects.create(**fields)
    LogEntry.objects.create(
        user=world.teacher_a,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(alice.pk),
        object_repr=str(alice),
        action_flag=CHANGE,
        change_message="[]",
    )
    # The class's metrics, as its teacher reads them: the kept mastery at each past midnight.
    metrics.class_metrics(
        scope=teacher_scope(teacher=world.teacher_a, class_id=world.class_a.pk),
        school_class=world.class_a,
        period=mr.period_for(mr.FOUR_WEEKS, today=timezone.localdate()),
    )


def _play(world, challenge_id: int) -> None:
    """Bilal accepts Alice's challenge; both answer the first question."""
    from challenges.models import Challenge
    from tests.challenges.helpers import right

    challenges.challenge_respond(challenge_id=challenge_id, player=world.bilal, accept=True)
    for player in (world.alice, world.bilal):
        challenges.challenge_ready(challenge_id=challenge_id, player=player)
    Challenge.objects.filter(pk=challenge_id).update(
        starts_at=timezone.now() - timedelta(milliseconds=10)
    )
    challenge = challenges.challenge_tick(challenge_id=challenge_id, user=world.alice)
    question_id = challenge.current_question_id
    for player in (world.alice, world.bilal):
        challenges.challenge_answer(
            challenge_id=challenge_id,
            player=player,
            question_id=question_id,
            answer=right(world, question_id),
        )


def everything(world) -> Scenario:
    alice = world.alice
    alice.display_name = words("Alice")
    alice.save()
    dina = make_user("dina")
    Enrollment.objects.create(student=dina, school_class=world.class_a)
    parent = make_user("fatima", User.Role.PARENT)
    ParentLink.objects.create(parent=parent, child=alice)
    _learning(world, alice)
    _reflection(world, alice)
    asked, helped = _peer_help(world, alice, dina)
    group = _study_group(world, alice, dina)
    sent = challenges.challenge_invite(
        challenger=alice,
        opponent=world.bilal,
        exercise=world.exercise,
        kind="speed",
        message=words("challenge"),
    )
    _play(world, sent.pk)
    challenges.challenge_invite(
        challenger=world.bilal, opponent=alice, exercise=world.exercise, kind="accuracy"
    )
    goals.personal_challenge_create(
        student=alice,
        kind="learning_streak",
        target=3,
        why=words("why"),
        strategy=words("strategy"),
        shared_with_teachers=True,
    )
    leaderboards.participant_join(student=alice, show_name=True)
    _traces(world, alice)
    return Scenario(alice, world.bilal, dina, parent, asked, helped, group, sent.pk)
