"""Writes for study groups and their live sessions.

Group writes lock the group row; session writes lock the open session row, so a session's
moves (a pick, proposals, the submit) apply one at a time, in commit order. Every write ends
by publishing its event (to the group's room, or to an invitee's own room).
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from live.presence import room_user_ids
from mastery.errors import InvalidAnswer
from mastery.errors import NotAllowed as CannotPractise
from mastery.models import Attempt, Question, Skill
from mastery.services import attempt_record
from project import events
from project.signals import group_session_ended
from schools.models import SchoolClass, Subject, TeachingAssignment

from . import rules, selectors
from .errors import AlreadySubmitted, Invalid, NotAllowed, NotAvailable, NotCurrent
from .models import (
    GroupAnswer,
    GroupAttendance,
    GroupGoal,
    GroupInsight,
    GroupInvitation,
    GroupMembership,
    GroupMessage,
    GroupProposal,
    GroupReflection,
    GroupSession,
    StudyGroup,
)


def _publish(group_id: int, type: str, payload: dict) -> None:
    events.publish(room=events.study_group_room(group_id), type=type, payload=payload)


def _clean(text: str, limit: int, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Please write %(what)s.") % {"what": what})
    if len(text) > limit:
        raise Invalid(_("Please keep it under %(limit)d characters.") % {"limit": limit})
    return text


def _locked_group(group_id: int) -> StudyGroup:
    group = StudyGroup.objects.select_for_update().filter(pk=group_id, is_active=True).first()
    if group is None:
        raise NotAvailable()
    return group


def _require_member(user: User, group: StudyGroup) -> None:
    if selectors.group_role(user=user, group=group) != selectors.MEMBER:
        raise NotAllowed()


# --- groups -----------------------------------------------------------------------------------


@transaction.atomic
def group_create(
    *,
    creator: User,
    school_class: SchoolClass,
    subject: Subject,
    name: str,
    description: str = "",
    current_focus: str = "",
    focus_skill: Skill | None = None,
    max_members: int = rules.DEFAULT_MAX_MEMBERS,
    is_open: bool = True,
    now: datetime | None = None,
) -> StudyGroup:
    """A student starts a group in their own class, for a subject taught there."""
    now = now or timezone.now()
    if not (creator.is_student and creator.is_active):
        raise NotAllowed(_("Only students start study groups."))
    if not selectors.in_class(student=creator, class_id=school_class.pk):
        raise NotAllowed(_("You can only start a group in your own class."))
    if not TeachingAssignment.objects.filter(school_class=school_class, subject=subject).exists():
        raise Invalid(_("Please choose a subject of your class."))
    if focus_skill is not None and focus_skill.subject_id != subject.pk:
        raise Invalid(_("The focus skill must belong to the group's subject."))
    if not rules.MIN_MAX_MEMBERS <= max_members <= rules.MAX_MAX_MEMBERS:
        raise Invalid(
            _("A group has between %(min)d and %(max)d members.")
            % {"min": rules.MIN_MAX_MEMBERS, "max": rules.MAX_MAX_MEMBERS}
        )
    group = StudyGroup.objects.create(
        school_class=school_class,
        subject=subject,
        name=_clean(name, 100, _("a name")),
        description=(description or "").strip()[:1000],
        current_focus=(current_focus or "").strip()[:200],
        focus_skill=focus_skill,
        max_members=max_members,
        is_open=is_open,
        created_by=creator,
        created_at=now,
    )
    GroupMembership.objects.create(group=group, student=creator, joined_at=now)
    return group


def _add_member(group: StudyGroup, student: User, now: datetime, *, invited: bool) -> None:
    if not (student.is_student and student.is_active):
        raise NotAllowed()
    if not selectors.in_class(student=student, class_id=group.school_class_id):
        raise NotAllowed(_("Study groups are for classmates."))
    if selectors.is_member(user=student, group_id=group.pk):
        return
    count = GroupMembership.objects.filter(group=group).count()
    if rules.is_full(members=count, max_members=group.max_members):
        raise NotAvailable(_("This group is full."))
    if not rules.may_join(
        is_open=group.is_open, invited=invited, members=count, max_members=group.max_members
    ):
        raise NotAllowed(_("This group takes members by invitation."))
    GroupMembership.objects.create(group=group, student=student, joined_at=now)
    _publish(group.pk, "member.joined", {"member": selectors.person(student)})


@transaction.atomic
def group_join(*, group_id: int, student: User, now: datetime | None = None) -> StudyGroup:
    now = now or timezone.now()
    group = _locked_group(group_id)
    invitation = (
        GroupInvitation.objects.select_for_update()
        .filter(group=group, invitee=student, status=GroupInvitation.Status.PENDING)
        .first()
    )
    _add_member(group, student, now, invited=invitation is not None)
    if invitation is not None:
        invitation.status = GroupInvitation.Status.ACCEPTED
        invitation.responded_at = now
        invitation.save(update_fields=["status", "responded_at"])
    return group


@transaction.atomic
def group_leave(*, group_id: int, student: User) -> None:
    group = _locked_group(group_id)
    deleted, _ = GroupMembership.objects.filter(group=group, student=student).delete()
    if not deleted:
        raise NotAllowed()
    _publish(group.pk, "member.left", {"member": selectors.person(student)})


@transaction.atomic
def group_invite(
    *, group_id: int, inviter: User, invitee: User, now: datetime | None = None
) -> GroupInvitation:
    """A member invites a classmate; the invitee is told live on their own channel."""
    now = now or timezone.now()
    group = _locked_group(group_id)
    _require_member(inviter, group)
    if not selectors.invitable(group=group).filter(pk=invitee.pk).exists():
        raise Invalid(_("Please choose a classmate who is not in the group yet."))
    if rules.is_full(
        members=GroupMembership.objects.filter(group=group).count(), max_members=group.max_members
    ):
        raise NotAvailable(_("This group is full."))
    invitation = GroupInvitation.objects.create(
        group=group, invitee=invitee, invited_by=inviter, created_at=now
    )
    events.publish(
        room=events.user_room(invitee.pk),
        type="group.invited",
        payload={
            "invitation": invitation.pk,
            "group": {"id": group.pk, "name": group.name, "subject": group.subject.name},
            "invited_by": selectors.person(inviter),
        },
    )
    return invitation


@transaction.atomic
def invitation_respond(
    *, invitation_id: int, student: User, accept: bool, now: datetime | None = None
) -> GroupInvitation:
    now = now or timezone.now()
    invitation = (
        GroupInvitation.objects.select_for_update()
        .filter(pk=invitation_id, invitee=student, status=GroupInvitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        raise NotAvailable()
    if accept:
        group = _locked_group(invitation.group_id)
        _add_member(group, student, now, invited=True)
    invitation.status = (
        GroupInvitation.Status.ACCEPTED if accept else GroupInvitation.Status.DECLINED
    )
    invitation.responded_at = now
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


@transaction.atomic
def group_goal_add(
    *,
    group_id: int,
    member: User,
    skill: Skill,
    target_mastery: int = rules.DEFAULT_GOAL_MASTERY,
    now: datetime | None = None,
) -> GroupGoal:
    now = now or timezone.now()
    group = _locked_group(group_id)
    _require_member(member, group)
    if skill.subject_id != group.subject_id:
        raise Invalid(_("Please choose a skill of the group's subject."))
    if not rules.MIN_GOAL_MASTERY <= target_mastery <= 100:
        raise Invalid(
            _("Please choose a target between %(min)d%% and 100%%.")
            % {"min": rules.MIN_GOAL_MASTERY}
        )
    if GroupGoal.objects.filter(group=group).count() >= rules.MAX_GOALS:
        raise Invalid(_("A group keeps at most %(n)d goals.") % {"n": rules.MAX_GOALS})
    goal, created = GroupGoal.objects.update_or_create(
        group=group,
        skill=skill,
        defaults={"target_mastery": target_mastery},
        create_defaults={"target_mastery": target_mastery, "created_at": now},
    )
    _publish(group.pk, "goals", {"goals": _goals(group)})
    return goal


@transaction.atomic
def group_goal_remove(*, group_id: int, member: User, goal_id: int) -> None:
    group = _locked_group(group_id)
    _require_member(member, group)
    GroupGoal.objects.filter(group=group, pk=goal_id).delete()
    _publish(group.pk, "goals", {"goals": _goals(group)})


def _goals(group: StudyGroup) -> list[dict]:
    return selectors.goals_payload(group=group, member_list=selectors.members(group=group))


# --- the live session: opened and closed by presence --------------------------------------------


def _open(group: StudyGroup, now: datetime, present: set[int]) -> GroupSession:
    session = GroupSession.objects.create(group=group, topic=group.current_focus, started_at=now)
    _attend(session, present, now)
    _publish(group.pk, "session.started", {"session": selectors.session_payload(session, now)})
    return session


def _attend(session: GroupSession, student_ids: set[int], now: datetime) -> None:
    GroupAttendance.objects.bulk_create(
        [GroupAttendance(session=session, student_id=pk, first_seen_at=now) for pk in student_ids],
        ignore_conflicts=True,
    )


def _close(session: GroupSession, at: datetime) -> None:
    session.ended_at = max(at, session.started_at)
    session.save(update_fields=["ended_at"])
    _publish(
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
    group = StudyGroup.objects.filter(pk=group_id, is_active=True).first()
    if group is None:
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
    group = StudyGroup.objects.filter(pk=group_id, is_active=True).first()
    if group is None:
        raise NotAvailable()
    _require_member(member, group)
    session = _locked_open_session(group_id)
    if session is None:
        raise NotAvailable(_("There is no session going on."))
    _close(session, now)
    return session


def _present_members(group_id: int, now: datetime) -> set[int]:
    here = room_user_ids(room=events.study_group_room(group_id), now=now)
    return here & selectors.member_ids(group_id=group_id)


def _session_for_action(group_id: int, member: User, now: datetime) -> GroupSession:
    """The open session, locked; a member acting after an explicit end starts a new one."""
    group = StudyGroup.objects.filter(pk=group_id, is_active=True).first()
    if group is None:
        raise NotAvailable()
    _require_member(member, group)
    session = _locked_open_session(group_id)
    if session is None:
        try:
            with transaction.atomic():
                session = _open(group, now, _present_members(group_id, now) | {member.pk})
        except IntegrityError:  # another member opened it at the same moment
            session = _locked_open_session(group_id)
            if session is None:
                raise NotAvailable() from None
    return session


@transaction.atomic
def session_chat(*, group_id: int, author: User, text: str, now: datetime | None = None):
    now = now or timezone.now()
    text = _clean(text, rules.CHAT_MAX_CHARS, _("a message"))
    session = _session_for_action(group_id, author, now)
    message = GroupMessage.objects.create(session=session, author=author, text=text, created_at=now)
    _publish(group_id, "chat", {"message": selectors.message_payload(message)})
    return message


@transaction.atomic
def session_topic(*, group_id: int, member: User, topic: str, now: datetime | None = None):
    now = now or timezone.now()
    topic = _clean(topic, rules.TOPIC_MAX_CHARS, _("a topic"))
    session = _session_for_action(group_id, member, now)
    session.topic = topic
    session.save(update_fields=["topic"])
    _publish(group_id, "topic", {"topic": topic, "by": selectors.person(member)})
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
    text = _clean(text[: rules.INSIGHT_MAX_CHARS], rules.INSIGHT_MAX_CHARS, _("an insight"))
    insight = GroupInsight.objects.create(
        session=session, author=member, message=message, text=text, pinned_at=now
    )
    _publish(group_id, "insight.pinned", {"insight": selectors.insight_payload(insight)})
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
    _publish(
        group_id,
        "question",
        {
            "round": session.round,
            "question": selectors.question_payload(question),
            "picked_by": selectors.person(member),
        },
    )
    return session


def _current_round(session: GroupSession, round: int) -> Question:
    if session.current_question_id is None or session.round != round:
        raise NotCurrent()
    if GroupAnswer.objects.filter(session=session, round=round).exists():
        raise AlreadySubmitted()
    return Question.objects.select_related("exercise").get(pk=session.current_question_id)


@transaction.atomic
def session_propose(
    *, group_id: int, member: User, round: int, answer: str, now: datetime | None = None
) -> GroupProposal:
    """A suggestion for the group to discuss; it is not graded and counts for nobody."""
    now = now or timezone.now()
    answer = _clean(answer, rules.ANSWER_MAX_CHARS, _("an answer"))
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
    _publish(group_id, "proposal", {"proposal": selectors.proposal_payload(proposal)})
    return proposal


@transaction.atomic
def session_submit(
    *, group_id: int, member: User, round: int, answer: str, now: datetime | None = None
) -> GroupAnswer:
    """The group's answer: one attempt for every member present now (the server decides who
    is here, from presence), graded once by mastery, timed by the round's own clock."""
    now = now or timezone.now()
    answer = _clean(answer, rules.ANSWER_MAX_CHARS, _("an answer"))
    session = _session_for_action(group_id, member, now)
    question = _current_round(session, round)
    present = _present_members(group_id, now) | {member.pk}
    students = list(User.objects.filter(pk__in=present).order_by("pk"))
    spent = rules.elapsed_ms(session.question_opened_at, now)
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
    group_answer.attempts.set(attempts)
    _attend(session, {s.pk for s in credited}, now)
    _publish(group_id, "answer.result", selectors.result_payload(group_answer, credited))
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
    text = _clean(text, rules.REFLECTION_MAX_CHARS, _("a reflection"))
    reflection, _created = GroupReflection.objects.update_or_create(
        session=session,
        student=student,
        defaults={"text": text},
        create_defaults={"text": text, "created_at": now},
    )
    _publish(
        session.group_id,
        "reflection",
        {"session_id": session.pk, "student": selectors.person(student), "text": text},
    )
    return reflection
