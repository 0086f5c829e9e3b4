"""Reads for leaderboards: which boards a person may open, and one board, in fixed queries.

Who may see a board: a student actively enrolled in its class, and a teacher who teaches that
class (for a subject board: that subject there). Both see the same thing: the top places under
aliases (or names, for those who chose to show theirs). Nothing on a board identifies anyone
who chose an alias: the entries carry no user, no id, and ties are ordered by alias digest.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from schools.models import SchoolClass, Subject, TeachingAssignment

from . import metrics, rules
from .models import Participant, SkippedMetric


@dataclass(frozen=True)
class Scope:
    """A class, or one subject taught in it."""

    school_class: SchoolClass
    subject: Subject | None
    subject_ids: tuple[int, ...]

    @property
    def value(self) -> str:
        """How the scope travels in a URL: "<class>" or "<class>-<subject>"."""
        cid = self.school_class.pk
        return f"{cid}-{self.subject.pk}" if self.subject else str(cid)


def board_scopes(*, user: User) -> list[Scope]:
    """Every board scope `user` may open, class by class, in one query. A class board covers
    every subject taught in the class, for students and teachers alike (one board, one truth);
    a teacher opens the subject boards of the subjects they teach there."""
    assignments = TeachingAssignment.objects.select_related("school_class", "subject")
    if user.is_active and user.is_student:
        assignments = assignments.filter(
            school_class__enrollments__student=user, school_class__enrollments__is_active=True
        )
    elif user.is_active and user.is_teacher:
        assignments = assignments.filter(school_class__teaching_assignments__teacher=user)
    else:
        return []
    classes: dict[int, SchoolClass] = {}
    taught: dict[int, dict[int, Subject]] = {}
    openable: dict[int, set[int]] = {}
    for a in assignments.order_by("school_class__name", "school_class_id", "subject__code"):
        classes.setdefault(a.school_class_id, a.school_class)
        taught.setdefault(a.school_class_id, {}).setdefault(a.subject_id, a.subject)
        if user.is_student or a.teacher_id == user.pk:
            openable.setdefault(a.school_class_id, set()).add(a.subject_id)
    scopes = []
    for cid, school_class in classes.items():
        subjects = taught[cid]
        scopes.append(Scope(school_class, None, tuple(subjects)))
        scopes.extend(
            Scope(school_class, s, (s.pk,)) for s in subjects.values() if s.pk in openable[cid]
        )
    return scopes


@dataclass(frozen=True)
class Entry:
    """One shown place. `name` is set only for a participant who chose to show it."""

    rank: int
    alias: str
    name: str | None
    score: int
    is_viewer: bool


# What the viewer is on this board.
TEACHER, OUT, SKIPPED, IN = "teacher", "out", "skipped", "in"


@dataclass
class Board:
    scope: Scope
    metric: str
    period: str
    since: datetime
    now: datetime
    participants: int
    viewer_status: str
    entries: list[Entry] = field(default_factory=list)
    more_tied: int = 0
    standing: rules.Standing | None = None
    viewer_alias: str | None = None
    viewer_shows_name: bool = False

    @property
    def is_open(self) -> bool:
        return self.participants >= rules.MIN_PARTICIPANTS

    @property
    def min_participants(self) -> int:
        return rules.MIN_PARTICIPANTS


def _viewer_status(viewer: User, metric: str) -> tuple[str, Participant | None]:
    if not viewer.is_student:
        return TEACHER, None
    mine = (
        Participant.objects.filter(student=viewer)
        .annotate(
            skipped=Exists(SkippedMetric.objects.filter(participant=OuterRef("pk"), metric=metric))
        )
        .first()
    )
    if mine is None:
        return OUT, None
    return (SKIPPED if mine.skipped else IN), mine


def board(
    *, viewer: User, scope: Scope, metric: str, period: str, now: datetime | None = None
) -> Board:
    """One board as `viewer` sees it. The caller has checked that `scope` is one of the
    viewer's (board_scopes) and that metric and period are known."""
    now = now or timezone.now()
    since = rules.period_start(now, period)
    status, mine = _viewer_status(viewer, metric)
    participants = list(
        Participant.objects.filter(
            student__is_active=True,
            student__role=User.Role.STUDENT,
            student__enrollments__school_class=scope.school_class,
            student__enrollments__is_active=True,
        )
        .exclude(skipped_metrics__metric=metric)
        .select_related("student")
    )
    result = Board(scope, metric, period, since, now, len(participants), status)
    if mine is not None:
        result.viewer_shows_name = mine.show_name
    if not result.is_open:
        return result

    key = rules.board_key(
        class_id=scope.school_class.pk,
        subject_id=scope.subject.pk if scope.subject else None,
        metric=metric,
        period=period,
    )
    secret = rules.alias_key(settings.SECRET_KEY)
    by_student = {p.student_id: p for p in participants}
    digests = {sid: rules.alias_digest(secret, key, sid) for sid in by_student}
    names = rules.aliases(digests)
    window = metrics.Window(
        tuple(by_student), scope.subject_ids, since, now, whole_class=scope.subject is None
    )
    scores = metrics.scores(metric, window)
    shown, result.more_tied = rules.top(rules.ranking(scores, digests))
    viewer_id = viewer.pk if status == IN and viewer.pk in by_student else None
    result.entries = [
        Entry(
            rank=place.rank,
            alias=names[place.key],
            name=str(by_student[place.key].student) if by_student[place.key].show_name else None,
            score=place.score,
            is_viewer=place.key == viewer_id,
        )
        for place in shown
    ]
    if viewer_id is not None:
        result.viewer_alias = names[viewer_id]
        others = [s for sid, s in scores.items() if sid != viewer_id]
        result.standing = rules.standing(scores[viewer_id], others)
    return result


@dataclass(frozen=True)
class PrivacySettings:
    participating: bool
    show_name: bool
    metrics: list[tuple[str, bool]]  # (metric, included)


def privacy_settings(*, student: User) -> PrivacySettings:
    participant = (
        Participant.objects.filter(student=student).prefetch_related("skipped_metrics").first()
    )
    if participant is None:
        return PrivacySettings(False, False, [(m, False) for m in rules.METRICS])
    skipped = {s.metric for s in participant.skipped_metrics.all()}
    return PrivacySettings(
        True, participant.show_name, [(m, m not in skipped) for m in rules.METRICS]
    )
