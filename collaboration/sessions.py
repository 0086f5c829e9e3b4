"""Writes for a study group's live session: opened and closed by presence, then chat, topic,
pins, the shared question (pick, propose, submit) and the reflections after it.

Every session write locks the group's row first, then the open session's, and ends by
publishing its event to the group's room (whose cursor is locked last): one lock order for
chat, rounds and presence alike, so they never deadlock (docs/protocol.md "Lock order").
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from live.presence import room_user_ids
from mastery.content import question_content
from mastery.errors import InvalidAnswer
from mastery.errors import NotAllowed as CannotPractise
from mastery.models import Attempt, Question
from mastery.services import attempt_record
from project.signals import group_session_ended

from . import rules, selectors, writes
from .errors import AlreadySubmitted, Invalid, NotAllowed, NotAvailable, NotCurrent
from .models import (
    GroupAnswer,
    GroupAttendance,
    GroupInsight,
    GroupMessage,
    GroupProposal,
    GroupReflection,
    GroupSession,
    StudyGroup,
)
from .room import study_group_room

# --- the live session: opened and closed by presence --------------------------------------------


def _open(group: StudyGroup, now: datetime, present: set[int]) -> GroupSession:
    session = GroupSession.objects.create(group=group, topic=group.current_focus, started_at=now)
    _attend(session, present, now)
    writes.publish(
        group.pk, "session.started", {"session": selectors.session_payload(session, now)}
    )
    return session


def _attend(session: GroupSession, student_ids: set[int], now: datetime) -> None:
    GroupAttendance.objects.bulk_create(
        [GroupAttendance(session=session, student_id=pk, first_seen_at=now) for pk in student_ids],
        ignore_conflicts=True,
    )


def _close(session: GroupSession, at: datetime) -> None:
    session.ended_at = max(at, session.started_at)
    session.save(update_fields=["ended_at"])
    writes.publish(
        session.group_id,
        "session.ended",
        {
            "session": selectors.session_payload(session, at),
            "duration_seconds": session.duration_seconds,
        },
    )
    group_session_ended.send(sender=GroupSession, session=session)


def _locked_open_session(group_id: int) -> GroupSession | None:
    return GroupSession.objects.select_for_update().filter(group_id=group_id, ended_at=None).first()


@transaction.atomic
def group_presence_changed(
    *, group_id: int, user_ids: set[int], last_seen: datetime | None, now: datetime
) -> GroupSession | None:
    """The first member here opens a session; the last one gone closes it, at the moment
    they were last heard from. Observing teachers neither open nor keep a session."""
    try:
        group = writes.locked_group(group_id)
    except NotAvailable:
        return None
    here = user_ids & selectors.member_ids(group_id=group_id)
    session = _locked_open_session(group_id)
    if session is None and here:
        return _open(group, now, here)
    if session is not None and here:
        _attend(session, here, now)
    elif session is not None:
        _close(session, last_seen or now)
    return session


@transaction.atomic
def session_end(*, group_id: int, member: User, now: datetime | None = None) -> GroupSession:
    """A member ends the session for everyone (the next member action opens a new one)."""
    now = now or timezone.now()
    group = writes.locked_group(group_id)
    writes.require_member(member, group)
    session = _locked_open_session(group_id)
    if session is None:
        raise NotAvailable(_("There is no session going on."))
    _close(session, now)
    return session


def _present_members(group_id: int, now: datetime) -> set[int]:
    here = room_user_ids(room=study_group_room(group_id), now=now)
    return here & selectors.member_ids(group_id=group_id)


def _session_for_action(group_id: int, member: User, now: datetime) -> GroupSession:
    """The open session, locked; a member acting after an explicit end starts a new one."""
    group = writes.locked_group(group_id)
    writes.require_member(member, group)
    session = _locked_open_session(group_id)
    if session is None:  # nobody can open one meanwhile: the group's row is locked
        session = _open(group, now, _present_members(group_id, now) | {member.pk})
    return session


@transaction.atomic
def session_chat(*, group_id: int, author: User, text: str, now: datetime | None = None):
    now = now or timezone.now()
    text = writes.clean(text, rules.CHAT_MAX_CHARS, _("a message"))
    session = _session_for_action(group_id, author, now)
    message = GroupMessage.objects.create(session=session, author=author, text=text, created_at=now)
    writes.publish(group_id, "chat", {"message": selectors.message_payload(message)})
    return message


@transaction.atomic
def session_topic(*, group_id: int, member: User, topic: str, now: datetime | None = None):
    now = now or timezone.now()
    topic = writes.clean(topic, rules.TOPIC_MAX_CHARS, _("a topic"))
    session = _session_for_action(group_id, member, now)
    session.topic = topic
    session.save(update_fields=["topic"])
    writes.publish(group_id, "topic", {"topic": topic, "by": selectors.person(member)})
    return session


@transaction.atomic
def session_pin(
    *,
    group_id: int,
    member: User,
    text: str = "",
    message_id: int | None = None,
    now: datetime | None = None,
) -> GroupInsight:
    """Pin an insight: a chat message of this session, or words of its own."""
    now = now or timezone.now()
    session = _session_for_action(group_id, member, now)
    message = None
    if message_id is not None:
        message = GroupMessage.objects.filter(session=session, pk=message_id).first()
        if message is None:
            raise Invalid(_("That message is not part of this session."))
        text = message.text
    text = writes.clean(text[: rules.INSIGHT_MAX_CHARS], rules.INSIGHT_MAX_CHARS, _("an insight"))
    insight = GroupInsight.objects.create(
        session=session, author=member, message=message, text=text, pinned_at=now
    )
    writes.publish(group_id, "insight.pinned", {"insight": selectors.insight_payload(insight)})
    return insight


def _group_question(group_id: int, question_id: int) -> Question:
    question = (
        Question.objects.select_related("exercise__skill")
        .filter(pk=question_id, exercise__skill__subject__study_groups=group_id)
        .first()
    )
    if question is None:
        raise Invalid(_("Please choose a question of the group's subject."))
    return question


@transaction.atomic
def session_pick(
    *, group_id: int, member: User, question_id: int, now: datetime | None = None
) -> GroupSession:
    """Any member puts a question in front of the group: a new round starts."""
    now = now or timezone.now()
    question = _group_question(group_id, question_id)
    session = _session_for_action(group_id, member, now)
    session.round += 1
    session.current_question = question
    session.question_opened_at = now
    session.picked_by = member
    session.save(update_fields=["round", "current_question", "question_opened_at", "picked_by"])
    writes.publish(
        group_id,
        "question",
        {
            "round": session.round,
            "question": selectors.question_payload(
                question,
                selectors.round_variant(
                    session_id=session.pk, round=session.round, question=question
                ),
            ),
            "picked_by": selectors.person(member),
        },
    )
    return session


def _current_round(session: GroupSession, round: int) -> Question:
    if session.current_question_id is None or session.round != round:
        raise NotCurrent()
    if GroupAnswer.objects.filter(session=session, round=round).exists():
        raise AlreadySubmitted()
    return question_content(session.current_question_id).question  # read only


@transaction.atomic
def session_propose(
    *, group_id: int, member: User, round: int, answer: str, now: datetime | None = None
) -> GroupProposal:
    """A suggestion for the group to discuss; it is not graded and counts for nobody."""
    now = now or timezone.now()
    answer = writes.clean(answer, rules.ANSWER_MAX_CHARS, _("an answer"))
    session = _session_for_action(group_id, member, now)
    question = _current_round(session, round)
    proposal = GroupProposal.objects.create(
        session=session,
        round=round,
        question=question,
        author=member,
        answer=answer,
        created_at=now,
    )
    writes.publish(group_id, "proposal", {"proposal": selectors.proposal_payload(proposal)})
    return proposal


@transaction.atomic
def session_submit(
    *, group_id: int, member: User, round: int, answer: str, now: datetime | None = None
) -> GroupAnswer:
    """The group's answer: one attempt for every member present now (the server decides who
    is here, from presence), graded once by mastery, timed by the round's own clock."""
    now = now or timezone.now()
    answer = writes.clean(answer, rules.ANSWER_MAX_CHARS, _("an answer"))
    session = _session_for_action(group_id, member, now)
    question = _current_round(session, round)
    present = _present_members(group_id, now) | {member.pk}
    students = list(User.objects.filter(pk__in=present).order_by("pk"))
    spent = rules.elapsed_ms(session.question_opened_at, now)
    variant = selectors.round_variant(session_id=session.pk, round=round, question=question)
    attempts, credited, correct = [], [], None
    for student in students:
        try:
            outcome = attempt_record(
                student=student,
                question=question,
                answer=answer,
                source=Attempt.Source.GROUP,
                correct=correct,
                time_spent_ms=spent,
                hint_used=False,
                variant=variant,
                # A member who no longer takes the subject is refused before anything is
                # written; any other refusal ends this transaction: no savepoint needed.
                savepoint=False,
            )
        except CannotPractise:
            continue  # no longer taking this subject: nothing recorded for them
        except InvalidAnswer as error:
            raise Invalid(error.message) from None
        correct = outcome.attempt.correct
        attempts.append(outcome.attempt)
        credited.append(student)
    if correct is None:
        raise NotAllowed()
    group_answer = GroupAnswer.objects.create(
        session=session,
        round=round,
        question=question,
        answer=answer,
        correct=correct,
        submitted_by=member,
        submitted_at=now,
    )
    # A new answer has no attempts yet: the links are inserted without reading any back.
    GroupAnswer.attempts.through.objects.bulk_create(
        [GroupAnswer.attempts.through(groupanswer=group_answer, attempt=a) for a in attempts]
    )
    _attend(session, {s.pk for s in credited}, now)
    writes.publish(group_id, "answer.result", selectors.result_payload(group_answer, credited))
    return group_answer


@transaction.atomic
def session_reflect(
    *, session_id: int, student: User, text: str, now: datetime | None = None
) -> GroupReflection:
    """After a session each member who attended may add a short reflection (once; editable)."""
    now = now or timezone.now()
    session = GroupSession.objects.select_related("group").filter(pk=session_id).first()
    if session is None or not selectors.may_reflect(user=student, session=session):
        raise NotAllowed(_("Reflections are written by members who took part, after the session."))
    text = writes.clean(text, rules.REFLECTION_MAX_CHARS, _("a reflection"))
    reflection, _created = GroupReflection.objects.update_or_create(
        session=session,
        student=student,
        defaults={"text": text},
        create_defaults={"text": text, "created_at": now},
    )
    writes.publish(
        session.group_id,
        "reflection",
        {"session_id": session.pk, "student": selectors.person(student), "text": text},
    )
    return reflection
