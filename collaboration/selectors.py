"""Reads for study groups: who may see what, lists, group progress, the live state."""

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from live.presence import room_user_ids
from mastery import rules as mastery_rules
from mastery import variants
from mastery.models import Choice, Exercise, Question, SkillProgress
from mastery.selectors import progress_displayed
from project.i18n import all_languages
from schools.models import Enrollment, SchoolClass, TeachingAssignment
from schools.selectors import teacher_may_read, teacher_reads_class_items

from . import rules
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
from .room import study_group_room

MEMBER, OBSERVER = "member", "observer"


# --- access -------------------------------------------------------------------------------------


def is_member(*, user: User, group_id: int) -> bool:
    return GroupMembership.objects.filter(group_id=group_id, student_id=user.pk).exists()


def member_ids(*, group_id: int) -> set[int]:
    return set(
        GroupMembership.objects.filter(group_id=group_id).values_list("student_id", flat=True)
    )


def group_role(*, user: User, group: StudyGroup) -> str | None:
    """ "member" for a student in the group (still in its class), "observer" for a teacher of
    the class in the group's subject (read-only; schools.selectors: the visibility rule), else
    None: another class or subject, a classmate outside, anyone else."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_student and in_class(student=user, class_id=group.school_class_id):
        return MEMBER if is_member(user=user, group_id=group.pk) else None
    if user.is_teacher and teacher_may_read(
        teacher=user, school_class_id=group.school_class_id, subject_id=group.subject_id
    ):
        return OBSERVER
    return None


def group_role_by_id(*, user: User, group_id: int) -> str | None:
    """The user's role in an active group they name by id (a socket's URL), None if none."""
    group = StudyGroup.objects.filter(pk=group_id, is_active=True).first()
    return group_role(user=user, group=group) if group else None


def in_class(*, student: User, class_id: int) -> bool:
    return Enrollment.objects.filter(
        student=student, school_class_id=class_id, is_active=True
    ).exists()


def group_for(*, user: User, pk: int) -> tuple[StudyGroup, str] | None:
    group = StudyGroup.objects.select_related("subject", "school_class", "focus_skill")
    group = group.filter(pk=pk, is_active=True).first()
    if group is None:
        return None
    role = group_role(user=user, group=group)
    return (group, role) if role else None


def student_class_subjects(*, student: User) -> list[tuple[SchoolClass, object]]:
    """(class, subject) pairs a student may start a group in: their classes' taught subjects."""
    rows = (
        TeachingAssignment.objects.filter(
            school_class__enrollments__student=student, school_class__enrollments__is_active=True
        )
        .select_related("school_class", "subject")
        .order_by("school_class__name", "subject__code")
    )
    seen, pairs = set(), []
    for row in rows:
        key = (row.school_class_id, row.subject_id)
        if key not in seen:
            seen.add(key)
            pairs.append((row.school_class, row.subject))
    return pairs


def classmates(*, group: StudyGroup) -> QuerySet[User]:
    return User.objects.filter(
        role=User.Role.STUDENT,
        is_active=True,
        enrollments__school_class_id=group.school_class_id,
        enrollments__is_active=True,
    ).order_by("display_name", "username")


def invitable(*, group: StudyGroup) -> QuerySet[User]:
    """Classmates not in the group and without a pending invitation to it."""
    pending = GroupInvitation.objects.filter(
        group=group, status=GroupInvitation.Status.PENDING
    ).values("invitee")
    return classmates(group=group).exclude(group_memberships__group=group).exclude(pk__in=pending)


# --- lists -------------------------------------------------------------------------------------


def _with_counts(groups: QuerySet[StudyGroup]) -> QuerySet[StudyGroup]:
    return groups.select_related("subject", "school_class").annotate(
        member_count=Count("memberships", distinct=True)
    )


def invitations_waiting(*, student: User) -> list[GroupInvitation]:
    """The study-group invitations `student` has still to answer, newest first."""
    return list(
        GroupInvitation.objects.filter(
            invitee=student, status=GroupInvitation.Status.PENDING, group__is_active=True
        )
        .select_related("group", "group__subject", "invited_by")
        .order_by("-created_at")
    )


def pending_invitation(*, student: User, pk: int) -> GroupInvitation | None:
    """An invitation still waiting for `student`'s answer, to a group still going, or None."""
    return (
        GroupInvitation.objects.filter(
            pk=pk, invitee=student, status=GroupInvitation.Status.PENDING, group__is_active=True
        )
        .select_related("group", "group__subject", "invited_by")
        .first()
    )


def student_groups(*, student: User) -> dict[str, list]:
    """The student's groups, the other groups of their classes, and invitations waiting."""
    classes = Enrollment.objects.filter(student=student, is_active=True).values("school_class")
    groups = _with_counts(
        StudyGroup.objects.filter(school_class__in=classes, is_active=True)
    ).order_by("name")
    mine_ids = set(
        GroupMembership.objects.filter(student=student).values_list("group_id", flat=True)
    )
    invitations = list(
        GroupInvitation.objects.filter(
            invitee=student, status=GroupInvitation.Status.PENDING, group__is_active=True
        )
        .select_related("group", "group__subject", "invited_by")
        .order_by("-created_at")
    )
    invited_ids = {i.group_id for i in invitations}
    mine, others = [], []
    for group in groups:
        group.full = rules.is_full(members=group.member_count, max_members=group.max_members)
        group.invited = group.pk in invited_ids
        (mine if group.pk in mine_ids else others).append(group)
    live = open_session_groups(group_ids=[g.pk for g in mine])
    for group in mine:
        group.live = group.pk in live
    return {"mine": mine, "others": others, "invitations": invitations}


def teacher_groups(*, teacher: User) -> list[StudyGroup]:
    readable = teacher_reads_class_items(
        teacher=teacher, class_field="school_class_id", subject_field="subject_id"
    )
    groups = list(
        _with_counts(StudyGroup.objects.filter(readable, is_active=True)).order_by(
            "school_class__name", "name"
        )
    )
    live = open_session_groups(group_ids=[g.pk for g in groups])
    for group in groups:
        group.live = group.pk in live
    return groups


def open_session_groups(*, group_ids, now: datetime | None = None) -> set[int]:
    """Groups with a session going on now: open, and someone of the group still here."""
    now = now or timezone.now()
    open_ids = set(
        GroupSession.objects.filter(group_id__in=list(group_ids), ended_at=None).values_list(
            "group_id", flat=True
        )
    )
    return {g for g in open_ids if room_user_ids(room=study_group_room(g), now=now)}


# --- contracts for dashboards and class goals ---------------------------------------------------


def active_group_ids(*, school_class, since: datetime, subject_ids=None) -> set[int]:
    """Groups of the class (of `subject_ids` if given) that met (a session started or still
    going) since `since`."""
    sessions = GroupSession.objects.filter(group__school_class=school_class, group__is_active=True)
    if subject_ids is not None:
        sessions = sessions.filter(group__subject_id__in=list(subject_ids))
    return set(
        sessions.filter(started_at__gte=since).values_list("group_id", flat=True).distinct()
    ) | set(sessions.filter(ended_at=None).values_list("group_id", flat=True))


def collaborating_student_ids(*, school_class, since: datetime, subject_ids=None) -> set[int]:
    """Students of the class who attended a group session (of a group of `subject_ids` if
    given) since `since`."""
    rows = GroupAttendance.objects.filter(
        session__group__school_class=school_class, first_seen_at__gte=since
    )
    if subject_ids is not None:
        rows = rows.filter(session__group__subject_id__in=list(subject_ids))
    return set(rows.values_list("student_id", flat=True).distinct())


# --- group page ----------------------------------------------------------------------------------


def members(*, group: StudyGroup) -> list[User]:
    return [
        m.student
        for m in GroupMembership.objects.filter(group=group)
        .select_related("student")
        .order_by("joined_at", "pk")
    ]


def goals_progress(*, group: StudyGroup, member_list: list[User] | None = None) -> list[dict]:
    """Each goal with the members who reached it, from their real mastery (SkillProgress)."""
    member_list = member_list if member_list is not None else members(group=group)
    goals = list(GroupGoal.objects.filter(group=group).select_related("skill"))
    # What each member sees for the goal's skill (mastery.selectors: one number everywhere).
    shown = {
        (p.student_id, p.skill_id): progress_displayed(p, top_level=p.skill.top_level)
        for p in SkillProgress.objects.filter(
            student__in=[m.pk for m in member_list], skill__in=[g.skill_id for g in goals]
        ).select_related("skill")
    }
    rows = []
    for goal in goals:
        per_member = []
        for member in member_list:
            seen = shown.get((member.pk, goal.skill_id), mastery_rules.NOT_STARTED)
            mastery = seen.percent
            per_member.append(
                {
                    "student": member,
                    "mastery": mastery,
                    "level": seen.level,
                    "reached": rules.goal_reached(mastery=mastery, target=goal.target_mastery),
                }
            )
        reached = sum(1 for m in per_member if m["reached"])
        rows.append(
            {
                "goal": goal,
                "members": per_member,
                "reached": reached,
                "total": len(per_member),
                "all": bool(per_member) and reached == len(per_member),
            }
        )
    return rows


def session_history(*, group: StudyGroup, limit: int = 20) -> list[GroupSession]:
    sessions = list(
        GroupSession.objects.filter(group=group)
        .annotate(
            attendee_count=Count("attendance", distinct=True),
            answer_count=Count("answers", distinct=True),
            insight_count=Count("insights", distinct=True),
        )
        .order_by("-started_at")[:limit]
    )
    return sessions


def session_for(*, user: User, pk: int) -> tuple[GroupSession, str] | None:
    session = GroupSession.objects.select_related("group", "group__subject").filter(pk=pk).first()
    if session is None or not session.group.is_active:
        return None
    role = group_role(user=user, group=session.group)
    return (session, role) if role else None


def session_record(*, session: GroupSession) -> dict:
    """Topic, attendees, duration, exercises done together, insights, reflections."""
    answers = list(
        GroupAnswer.objects.filter(session=session)
        .select_related("question__exercise", "submitted_by")
        .order_by("round")
    )
    exercises: dict[int, dict] = {}
    for answer in answers:
        exercise = answer.question.exercise
        entry = exercises.setdefault(
            exercise.pk, {"exercise": exercise, "answers": 0, "correct": 0}
        )
        entry["answers"] += 1
        entry["correct"] += int(answer.correct)
    return {
        "session": session,
        "attendees": [
            a.student
            for a in GroupAttendance.objects.filter(session=session).select_related("student")
        ],
        "exercises": list(exercises.values()),
        "answers": answers,
        "insights": list(GroupInsight.objects.filter(session=session).select_related("author")),
        "reflections": list(
            GroupReflection.objects.filter(session=session).select_related("student")
        ),
    }


def may_reflect(*, user: User, session: GroupSession) -> bool:
    return (
        session.ended_at is not None
        and GroupAttendance.objects.filter(session=session, student_id=user.pk).exists()
        and is_member(user=user, group_id=session.group_id)
    )


# --- the live session ------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def person(user: User) -> dict:
    return {"id": user.pk, "name": str(user)}


def message_payload(message: GroupMessage) -> dict:
    return {
        "id": message.pk,
        "author": person(message.author),
        "text": message.text,
        "at": message.created_at.isoformat(),
    }


def insight_payload(insight: GroupInsight) -> dict:
    return {
        "id": insight.pk,
        "author": person(insight.author),
        "text": insight.text,
        "message_id": insight.message_id,
        "at": insight.pinned_at.isoformat(),
    }


def round_variant(*, session_id: int, round: int, question: Question) -> int:
    """Every member meets the same variant of a parametrised question: derived from the round."""
    return variants.variant_seed(question, "group", session_id, round)


def question_payload(question: Question, variant: int = variants.FIXED) -> dict:
    """A question (the round's variant) as the group sees it: never with its correct answer.
    Texts come in every language ({"en", "fr", "ar"}): each page shows its reader's."""
    choices = [
        {"id": c.pk, "text": all_languages(c, "text")}
        for c in Choice.objects.filter(question=question).order_by("position", "pk")
    ]
    return {
        "id": question.pk,
        "kind": question.kind,
        "prompt": variants.text_all(question, "prompt", variants.draw(question, variant)),
        "choices": choices,
        "exercise": {
            "id": question.exercise_id,
            "title": all_languages(question.exercise, "title"),
        },
    }


def answer_label(question: Question, answer: str) -> dict[str, str]:
    """What an answer reads as, in every language: the choice's text, or the number as each
    language writes it ("529,2" in French and Arabic, whoever typed "529.2"), else as typed."""
    if question.kind == Question.Kind.CHOICE and answer.isdigit():
        choice = Choice.objects.filter(question=question, pk=int(answer)).first()
        if choice is not None:
            return all_languages(choice, "text")
    number = mastery_rules.parse_number(answer) if question.kind == Question.Kind.NUMERIC else None
    if number is not None:
        return {code: variants.format_number(number, code) for code, _ in settings.LANGUAGES}
    return {code: answer for code, _ in settings.LANGUAGES}


def proposal_payload(proposal: GroupProposal) -> dict:
    return {
        "id": proposal.pk,
        "round": proposal.round,
        "author": person(proposal.author),
        "answer": proposal.answer,
        "label": answer_label(proposal.question, proposal.answer),
    }


def session_payload(session: GroupSession | None, now: datetime) -> dict | None:
    if session is None:
        return None
    return {
        "id": session.pk,
        "topic": session.topic,
        "started_at": session.started_at.isoformat(),
        "ended_at": _iso(session.ended_at),
        "now": now.isoformat(),
    }


def goals_payload(*, group: StudyGroup, member_list: list[User]) -> list[dict]:
    return [
        {
            "id": row["goal"].pk,
            "skill": all_languages(row["goal"].skill, "name"),
            "target": row["goal"].target_mastery,
            "reached": [m["student"].pk for m in row["members"] if m["reached"]],
            "total": row["total"],
        }
        for row in goals_progress(group=group, member_list=member_list)
    ]


def pickable_exercises(*, group: StudyGroup) -> list[dict]:
    """Exercises of the group's subject, the focus skill's first."""
    exercises = (
        Exercise.objects.filter(skill__subject=group.subject_id, questions__isnull=False)
        .select_related("skill")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .distinct()
        .order_by("skill__tier", "skill__position", "position", "pk")
    )
    ordered = sorted(exercises, key=lambda e: e.skill_id != group.focus_skill_id)
    return [
        {
            "id": e.pk,
            "title": all_languages(e, "title"),
            "skill": all_languages(e.skill, "name"),
            "questions": [q.pk for q in e.questions.all()],
        }
        for e in ordered[: rules.PICKABLE_EXERCISES]
    ]


def open_session(*, group_id: int) -> GroupSession | None:
    return GroupSession.objects.filter(group_id=group_id, ended_at=None).first()


def round_payload(session: GroupSession) -> dict | None:
    if session.current_question_id is None:
        return None
    question = Question.objects.select_related("exercise").get(pk=session.current_question_id)
    proposals = GroupProposal.objects.filter(session=session, round=session.round)
    answer = GroupAnswer.objects.filter(session=session, round=session.round).first()
    return {
        "round": session.round,
        "question": question_payload(
            question, round_variant(session_id=session.pk, round=session.round, question=question)
        ),
        "picked_by": person(session.picked_by) if session.picked_by else None,
        "proposals": [proposal_payload(p) for p in proposals.select_related("author", "question")],
        "result": answer and result_payload(answer),
    }


def result_payload(answer: GroupAnswer, credited: list[User] | None = None) -> dict:
    question = answer.question
    if credited is None:
        credited = list(User.objects.filter(attempts__group_answers=answer).order_by("username"))
    return {
        "round": answer.round,
        "question_id": question.pk,
        "answer": answer.answer,
        "label": answer_label(question, answer.answer),
        "correct": answer.correct,
        "submitted_by": person(answer.submitted_by),
        "credited": [person(u) for u in credited],
        # Shown once the group got it: a wrong answer is discussed and tried again.
        "explanation": _explanation(answer) if answer.correct else variants.blank_all(),
    }


def _explanation(answer: GroupAnswer) -> dict[str, str]:
    question = answer.question
    seed = round_variant(session_id=answer.session_id, round=answer.round, question=question)
    return variants.text_all(question, "explanation", variants.draw(question, seed))


def session_state(*, group_id: int, now: datetime | None = None) -> dict:
    """The full state a fresh client of the live session needs (members and observers)."""
    now = now or timezone.now()
    group = StudyGroup.objects.select_related("subject", "focus_skill").get(pk=group_id)
    member_list = members(group=group)
    session = open_session(group_id=group_id)
    chat, insights = [], []
    if session is not None:
        latest = GroupMessage.objects.filter(session=session).select_related("author")
        chat = [message_payload(m) for m in reversed(latest.order_by("-pk")[: rules.SNAPSHOT_CHAT])]
        insights = [
            insight_payload(i)
            for i in GroupInsight.objects.filter(session=session).select_related("author")
        ]
    return {
        "group": {
            "id": group.pk,
            "name": group.name,
            "focus": group.current_focus,
            "focus_skill": all_languages(group.focus_skill, "name") if group.focus_skill else None,
            "subject": all_languages(group.subject, "name"),
        },
        "members": [person(m) for m in member_list],
        "goals": goals_payload(group=group, member_list=member_list),
        "session": session_payload(session, now),
        "chat": chat,
        "insights": insights,
        "exercises": pickable_exercises(group=group),
        "current": round_payload(session) if session else None,
    }
