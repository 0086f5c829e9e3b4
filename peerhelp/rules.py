"""Every peer-help rule and threshold, as pure functions (no ORM).

Recognition is never a ranking: each helper is measured against fixed thresholds only, so
one student's level never depends on another's.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mastery import rules as mastery_rules

TOPIC_MAX_CHARS = 200
QUESTION_MAX_CHARS = 1000
MESSAGE_MAX_CHARS = 1000
THANK_YOU_MAX_CHARS = 500
LEARNED_MAX_CHARS = 1000
RATING_MIN, RATING_MAX = 1, 5
# A student waits for at most this many open requests at a time.
MAX_OPEN_REQUESTS = 3
# The ask page shows at most this many suggested helpers.
MAX_SUGGESTIONS = 8
# The chat snapshot carries at most this many lines (a session is short; a teacher's
# read-only view of a longer one still shows the latest).
SNAPSHOT_MESSAGES = 300


def can_help_with(*, shown: mastery_rules.Displayed) -> bool:
    """A classmate may be suggested for a skill they have mastered, as every view shows it
    (mastery.selectors: the displayed number and its level)."""
    return shown.mastered


# --- recognition ---------------------------------------------------------------------------

EMERGING_HELPER = "emerging_helper"
HELPFUL_PEER = "helpful_peer"
TRUSTED_TUTOR = "trusted_tutor"
MASTER_EDUCATOR = "master_educator"


@dataclass(frozen=True)
class Level:
    code: str
    sessions: int  # completed help sessions given
    rating: float | None  # lowest average helpfulness of the rated ones (None: no condition)


# Highest first. A rating condition needs at least one rating: unrated sessions still count
# as sessions, but only what the helped students said can show quality.
LEVELS: tuple[Level, ...] = (
    Level(MASTER_EDUCATOR, 15, 4.5),
    Level(TRUSTED_TUTOR, 8, 4.2),
    Level(HELPFUL_PEER, 3, 3.5),
    Level(EMERGING_HELPER, 1, None),
)

LEVEL_LABELS = {
    EMERGING_HELPER: _("Emerging helper"),
    HELPFUL_PEER: _("Helpful peer"),
    TRUSTED_TUTOR: _("Trusted tutor"),
    MASTER_EDUCATOR: _("Master educator"),
}

CLEAR_EXPLAINER = "clear_explainer"
WARMLY_THANKED = "warmly_thanked"
HELPS_ACROSS_SKILLS = "helps_across_skills"
LEARNS_BY_TEACHING = "learns_by_teaching"
NOTICED_BY_TEACHER = "noticed_by_teacher"

CLEAR_EXPLAINER_TOP_RATINGS = 3  # sessions rated 5 of 5
WARMLY_THANKED_MESSAGES = 3
HELPS_ACROSS_SKILLS_COUNT = 3
LEARNS_BY_TEACHING_NOTES = 3
NOTICED_BY_TEACHER_SESSIONS = 1

BADGE_LABELS = {
    CLEAR_EXPLAINER: _("Clear explainer"),
    WARMLY_THANKED: _("Warmly thanked"),
    HELPS_ACROSS_SKILLS: _("Helps across skills"),
    LEARNS_BY_TEACHING: _("Learns by teaching"),
    NOTICED_BY_TEACHER: _("Noticed by a teacher"),
}

BADGE_REASONS = {
    CLEAR_EXPLAINER: _("Classmates rated your explanations 5 out of 5 several times."),
    WARMLY_THANKED: _("Several classmates took the time to thank you."),
    HELPS_ACROSS_SKILLS: _("You have helped on three or more different skills."),
    LEARNS_BY_TEACHING: _("You often write down what helping taught you."),
    NOTICED_BY_TEACHER: _("A teacher acknowledged your help."),
}


@dataclass(frozen=True)
class HelperRecord:
    """What one helper's completed sessions add up to."""

    sessions: int = 0
    ratings: Sequence[int] = ()
    thank_yous: int = 0
    skills: int = 0
    learned_notes: int = 0
    acknowledged: int = 0

    @property
    def average_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 2) if self.ratings else None


def _meets(level: Level, record: HelperRecord) -> bool:
    if record.sessions < level.sessions:
        return False
    if level.rating is None:
        return True
    average = record.average_rating
    return average is not None and average >= level.rating


def level(record: HelperRecord) -> str | None:
    """The highest level whose every threshold the record meets; None before the first help."""
    for candidate in LEVELS:
        if _meets(candidate, record):
            return candidate.code
    return None


def level_rank(code: str | None) -> int:
    """0 for no level, then 1 (emerging helper) upwards."""
    codes = [lv.code for lv in reversed(LEVELS)]
    return codes.index(code) + 1 if code in codes else 0


@dataclass(frozen=True)
class NextStep:
    level: str
    sessions_needed: int  # more completed sessions
    rating: float | None  # the average helpfulness that level asks for, if not yet reached


def next_step(record: HelperRecord) -> NextStep | None:
    """What the next level asks for, kindly worded by the template; None at the top."""
    current = level_rank(level(record))
    ladder = list(reversed(LEVELS))
    if current >= len(ladder):
        return None
    target = ladder[current]
    average = record.average_rating
    rating_missing = target.rating is not None and (average is None or average < target.rating)
    return NextStep(
        target.code,
        max(0, target.sessions - record.sessions),
        target.rating if rating_missing else None,
    )


def badges(record: HelperRecord) -> list[str]:
    """Badges earned, in a fixed order."""
    earned = []
    if sum(1 for r in record.ratings if r == RATING_MAX) >= CLEAR_EXPLAINER_TOP_RATINGS:
        earned.append(CLEAR_EXPLAINER)
    if record.thank_yous >= WARMLY_THANKED_MESSAGES:
        earned.append(WARMLY_THANKED)
    if record.skills >= HELPS_ACROSS_SKILLS_COUNT:
        earned.append(HELPS_ACROSS_SKILLS)
    if record.learned_notes >= LEARNS_BY_TEACHING_NOTES:
        earned.append(LEARNS_BY_TEACHING)
    if record.acknowledged >= NOTICED_BY_TEACHER_SESSIONS:
        earned.append(NOTICED_BY_TEACHER)
    return earned


def suggestion_key(*, online: bool, level_code: str | None, sessions: int, name: str) -> tuple:
    """How suggested helpers are listed: online now first, then by recognition.

    The order is never shown as a rank; it only puts likely help first."""
    return (not online, -level_rank(level_code), -sessions, name.casefold())


# --- the session's life ----------------------------------------------------------------------


def may_answer(*, asked_helper_id: int | None, helper_id: int) -> bool:
    """A request asked of one classmate is theirs alone; an open-to-all one anyone's."""
    return asked_helper_id in (None, helper_id)
