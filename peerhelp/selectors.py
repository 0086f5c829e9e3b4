"""Reads for peer help: who may help whom, who may see a session, lists, and the live state."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from live.presence import online_user_ids
from mastery.models import Skill, SkillProgress
from mastery.selectors import progress_displayed
from project.i18n import all_languages
from schools.models import Enrollment, SchoolClass, TeachingAssignment
from schools.selectors import teacher_may_read, teacher_reads_class_items

from . import rules
from .models import HelperAvailability, HelpMessage, HelpRequest

REQUESTER, HELPER, OBSERVER = "requester", "helper", "observer"
PARTICIPANTS = (REQUESTER, HELPER)

_TAKEN = (HelpRequest.Status.ACCEPTED, HelpRequest.Status.COMPLETED)


# --- the contract other apps read -------------------------------------------------------------


def _completed(
    *, since: datetime | None, until: datetime | None, subject_ids: Iterable[int] | None = None
) -> QuerySet[HelpRequest]:
    rows = HelpRequest.objects.filter(status=HelpRequest.Status.COMPLETED)
    if subject_ids is not None:
        rows = rows.filter(skill__subject_id__in=list(subject_ids))
    if since is not None:
        rows = rows.filter(completed_at__gte=since)
    if until is not None:
        rows = rows.filter(completed_at__lt=until)
    return rows


def help_given_counts(
    *,
    student_ids: Iterable[int],
    since: datetime | None = None,
    until: datetime | None = None,
    subject_ids: Iterable[int] | None = None,
) -> dict[int, int]:
    """Completed help sessions given by each of `student_ids` (every id present, 0 if none),
    completed in [since, until), on skills of `subject_ids` if given."""
    ids = list(student_ids)
    counts = dict.fromkeys(ids, 0)
    rows = (
        _completed(since=since, until=until, subject_ids=subject_ids)
        .filter(helper_id__in=ids)
        .values("helper_id")
        .annotate(n=Count("pk"))
        .values_list("helper_id", "n")
    )
    counts.update(rows)
    return counts


def help_sessions_count(
    *,
    school_class: SchoolClass,
    since: datetime | None = None,
    until: datetime | None = None,
    subject_ids: Iterable[int] | None = None,
) -> int:
    """Completed help sessions in the class, completed in [since, until), on skills of
    `subject_ids` if given."""
    rows = _completed(since=since, until=until, subject_ids=subject_ids)
    return rows.filter(school_class=school_class).count()


# --- who may ask, help and see -----------------------------------------------------------------


def askable_skills(*, student: User) -> QuerySet[Skill]:
    """Skills of the subjects taught to the student's classes."""
    classes = Enrollment.objects.filter(student=student, is_active=True).values("school_class")
    subjects = TeachingAssignment.objects.filter(school_class__in=classes).values("subject")
    return (
        Skill.objects.filter(subject__in=subjects)
        .select_related("subject")
        .order_by("subject__code", "tier", "position", "pk")
    )


def class_for_skill(*, student: User, skill: Skill) -> SchoolClass | None:
    """The student's class in which the skill's subject is taught."""
    return (
        SchoolClass.objects.filter(
            enrollments__student=student,
            enrollments__is_active=True,
            teaching_assignments__subject_id=skill.subject_id,
        )
        .order_by("pk")
        .first()
    )


def is_available(*, student: User) -> bool:
    return HelperAvailability.objects.filter(student=student, is_available=True).exists()


def available_helper_ids(*, student_ids: Iterable[int]) -> set[int]:
    """Of `student_ids`, those who said they are happy to help (one query)."""
    return set(
        HelperAvailability.objects.filter(
            student_id__in=list(student_ids), is_available=True
        ).values_list("student_id", flat=True)
    )


def eligible_helper_ids(
    *, school_class: SchoolClass | int, skill: Skill | int, exclude: Collection[int] = ()
) -> set[int]:
    """Active classmates who said they are happy to help and have mastered the skill."""
    class_id = getattr(school_class, "pk", school_class)
    skill_id = getattr(skill, "pk", skill)
    members = Enrollment.objects.filter(
        school_class_id=class_id,
        is_active=True,
        student__is_active=True,
        student__role=User.Role.STUDENT,
    ).values("student")
    rows = (
        SkillProgress.objects.filter(
            skill_id=skill_id,
            student__in=members,
            student__helper_availability__is_available=True,
        )
        .exclude(student_id__in=list(exclude))
        .select_related("skill")
    )
    return {
        row.student_id
        for row in rows
        if rules.can_help_with(shown=progress_displayed(row, top_level=row.skill.top_level))
    }


def may_help(*, helper: User, request: HelpRequest) -> bool:
    """Is this student one of the classmates the request is offered to (whatever its status;
    the service checks the status under the row lock)."""
    if not (helper.is_active and helper.is_student) or helper.pk == request.requester_id:
        return False
    if not rules.may_answer(asked_helper_id=request.asked_helper_id, helper_id=helper.pk):
        return False
    return helper.pk in eligible_helper_ids(
        school_class=request.school_class_id, skill=request.skill_id
    )


def request_role(*, user: User, request: HelpRequest) -> str | None:
    """requester / helper for the two students, observer for a teacher of the class."""
    if not user.is_active:
        return None
    if user.is_student and user.pk == request.requester_id:
        return REQUESTER
    if user.is_student and user.pk == request.helper_id:
        return HELPER
    if user.is_teacher and teacher_may_read(
        teacher=user, school_class_id=request.school_class_id, subject_id=request.skill.subject_id
    ):
        return OBSERVER
    return None


def request_role_by_id(*, user: User, request_id: int) -> str | None:
    """The user's role in a request they name by id (a socket's URL), None if none."""
    request = HelpRequest.objects.filter(pk=request_id).select_related("skill").first()
    return request_role(user=user, request=request) if request else None


def _with_people(rows: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    return rows.select_related("requester", "helper", "asked_helper", "skill", "school_class")


def request_for(*, user: User, pk: int) -> tuple[HelpRequest, str] | None:
    request = _with_people(HelpRequest.objects.filter(pk=pk)).first()
    if request is None:
        return None
    role = request_role(user=user, request=request)
    return (request, role) if role else None


# --- suggestions and recognition ---------------------------------------------------------------


def helper_records(*, student_ids: Iterable[int]) -> dict[int, rules.HelperRecord]:
    """Each helper's completed sessions, summed up for the recognition rules (two queries)."""
    ids = list(student_ids)
    sums = (
        HelpRequest.objects.filter(status=HelpRequest.Status.COMPLETED, helper_id__in=ids)
        .values("helper_id")
        .annotate(
            sessions=Count("pk"),
            thank_yous=Count("pk", filter=~Q(thank_you="")),
            skills=Count("skill", distinct=True),
            learned=Count("pk", filter=~Q(helper_learned="")),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        )
    )
    ratings: dict[int, list[int]] = {}
    for helper_id, rating in (
        HelpRequest.objects.filter(
            status=HelpRequest.Status.COMPLETED, helper_id__in=ids, rating__isnull=False
        )
        .order_by("pk")
        .values_list("helper_id", "rating")
    ):
        ratings.setdefault(helper_id, []).append(rating)
    records = {pk: rules.HelperRecord() for pk in ids}
    for row in sums:
        records[row["helper_id"]] = rules.HelperRecord(
            sessions=row["sessions"],
            ratings=tuple(ratings.get(row["helper_id"], ())),
            thank_yous=row["thank_yous"],
            skills=row["skills"],
            learned_notes=row["learned"],
            acknowledged=row["acknowledged"],
        )
    return records


@dataclass(frozen=True)
class Suggestion:
    student: User
    online: bool
    level: str | None
    sessions: int

    @property
    def level_label(self) -> str:
        return rules.LEVEL_LABELS.get(self.level, "")


def suggested_helpers(*, requester: User, skill: Skill) -> list[Suggestion]:
    """Classmates who mastered the skill and are happy to help: online now first, then by
    recognition (an order, never shown as a rank)."""
    school_class = class_for_skill(student=requester, skill=skill)
    if school_class is None:
        return []
    ids = eligible_helper_ids(school_class=school_class, skill=skill, exclude=[requester.pk])
    if not ids:
        return []
    records = helper_records(student_ids=ids)
    online_ids = online_user_ids(user_ids=ids)
    suggestions = [
        Suggestion(
            student,
            student.pk in online_ids,
            rules.level(records[student.pk]),
            records[student.pk].sessions,
        )
        for student in User.objects.filter(pk__in=ids)
    ]
    suggestions.sort(
        key=lambda s: rules.suggestion_key(
            online=s.online, level_code=s.level, sessions=s.sessions, name=str(s.student)
        )
    )
    return suggestions[: rules.MAX_SUGGESTIONS]


@dataclass
class Recognition:
    record: rules.HelperRecord
    level: str | None
    badges: list[str]
    next_step: rules.NextStep | None
    thanks: list[HelpRequest] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return rules.LEVEL_LABELS.get(self.level, "")

    @property
    def badge_items(self) -> list[tuple[str, str, str]]:
        return [(b, rules.BADGE_LABELS[b], rules.BADGE_REASONS[b]) for b in self.badges]

    @property
    def next_level_label(self) -> str:
        return rules.LEVEL_LABELS[self.next_step.level] if self.next_step else ""


def recognition(*, student: User, thanks: int = 3) -> Recognition:
    """The helper's level, badges, what the next level asks, and the latest thank-yous."""
    record = helper_records(student_ids=[student.pk])[student.pk]
    recent = list(
        HelpRequest.objects.filter(
            status=HelpRequest.Status.COMPLETED, helper=student, rated_at__isnull=False
        )
        .exclude(thank_you="")
        .select_related("requester", "skill")
        .order_by("-rated_at")[:thanks]
    )
    return Recognition(
        record, rules.level(record), rules.badges(record), rules.next_step(record), recent
    )


# --- lists ---------------------------------------------------------------------------------------


def student_requests(*, student: User) -> dict[str, list[HelpRequest]]:
    """The student's own requests and the sessions they gave, grouped for the list page."""
    rows = _with_people(
        HelpRequest.objects.filter(Q(requester=student) | Q(helper=student))
    ).order_by("-created_at")[:100]
    groups: dict[str, list[HelpRequest]] = {"open": [], "active": [], "done": []}
    for request in rows:
        if request.status == HelpRequest.Status.OPEN:
            groups["open"].append(request)
        elif request.status == HelpRequest.Status.ACCEPTED:
            groups["active"].append(request)
        elif request.status == HelpRequest.Status.COMPLETED:
            groups["done"].append(request)
    return groups


def requests_to_help(*, student: User) -> list[HelpRequest]:
    """Open requests of the student's classmates this student may take now."""
    if not (student.is_active and student.is_student and is_available(student=student)):
        return []
    classes = Enrollment.objects.filter(student=student, is_active=True).values("school_class")
    mastered = [
        row.skill_id
        for row in SkillProgress.objects.filter(student=student).select_related("skill")
        if rules.can_help_with(shown=progress_displayed(row, top_level=row.skill.top_level))
    ]
    return list(
        _with_people(
            HelpRequest.objects.filter(
                status=HelpRequest.Status.OPEN,
                school_class__in=classes,
                skill_id__in=mastered,
            )
            .filter(Q(asked_helper__isnull=True) | Q(asked_helper=student))
            .exclude(requester=student)
        ).order_by("created_at")[:50]
    )


def teacher_sessions(*, teacher: User, limit: int = 100) -> list[HelpRequest]:
    """Every help request the teacher may read (their classes and subjects), live ones first."""
    readable = teacher_reads_class_items(
        teacher=teacher, class_field="school_class_id", subject_field="skill__subject_id"
    )
    rows = _with_people(HelpRequest.objects.filter(readable)).annotate(
        message_count=Count("messages")
    )
    order = {HelpRequest.Status.ACCEPTED: 0, HelpRequest.Status.OPEN: 1}
    found = list(rows.order_by("-created_at")[:limit])
    found.sort(key=lambda r: order.get(r.status, 2))
    return found


def messages(*, request: HelpRequest) -> list[HelpMessage]:
    return list(HelpMessage.objects.filter(request=request).select_related("author").order_by("pk"))


# --- payloads shared by the snapshot and the events --------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def person(user: User | None) -> dict | None:
    return {"id": user.pk, "name": str(user)} if user else None


def message_payload(message: HelpMessage) -> dict:
    return {
        "id": message.pk,
        "author": person(message.author),
        "text": message.text,
        "sent_at": message.sent_at.isoformat(),
    }


def request_summary(request: HelpRequest) -> dict:
    return {
        "id": request.pk,
        "status": request.status,
        "topic": request.topic,
        "skill": {"id": request.skill_id, "name": all_languages(request.skill, "name")},
        "requester": person(request.requester),
        "helper": person(request.helper),
    }


def chat_state(*, request_id: int) -> dict:
    """Everything a fresh chat client needs: the request and the latest lines."""
    request = _with_people(HelpRequest.objects.filter(pk=request_id)).get()
    lines = list(
        HelpMessage.objects.filter(request=request)
        .select_related("author")
        .order_by("-pk")[: rules.SNAPSHOT_MESSAGES]
    )
    return {
        **request_summary(request),
        "question": request.question,
        "created_at": _iso(request.created_at),
        "accepted_at": _iso(request.accepted_at),
        "completed_at": _iso(request.completed_at),
        "messages": [message_payload(m) for m in reversed(lines)],
    }
