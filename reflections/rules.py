"""Limits and small pure rules for reflections, feedback and encouragement (no database)."""

from datetime import timedelta

# Length limits (characters) for text people write.
REFLECTION_TEXT_MAX = 1000
FEEDBACK_TEXT_MAX = 1000
ENCOURAGEMENT_TEXT_MAX = 280

# Scales.
CONFIDENCE_MIN, CONFIDENCE_MAX = 1, 5
DIFFICULTY_MIN, DIFFICULTY_MAX = 1, 3

# Encouragement: a warm word should stay special, and a slip of the mouse must not flood a
# student's notifications. Limits are per rolling window, so no time zone is involved.
ENCOURAGEMENT_WINDOW_PER_STUDENT = timedelta(hours=24)
ENCOURAGEMENTS_PER_STUDENT = 3  # from one teacher to one student per window
ENCOURAGEMENT_WINDOW_PER_TEACHER = timedelta(hours=1)
ENCOURAGEMENTS_PER_TEACHER = 40  # from one teacher to all their students per window

INBOX_PAGE_SIZE = 20
PORTFOLIO_PAGE_SIZE = 20
MESSAGES_SHOWN = 20


def clean_text(value: str | None) -> str:
    """User text as stored: line endings unified, NUL characters dropped, ends trimmed."""
    if not value:
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def has_text(*values: str | None) -> bool:
    return any(clean_text(v) for v in values)


def confidence_change(before: int | None, after: int | None) -> int | None:
    """How much the student's confidence moved; None when either end was not given."""
    if before is None or after is None:
        return None
    return after - before


def encouragement_refusal(*, sent_to_student: int, sent_by_teacher: int) -> str | None:
    """Why another encouragement may not be sent now ("student" or "teacher"), or None.

    `sent_to_student`: this teacher's messages to this student within the student window;
    `sent_by_teacher`: this teacher's messages to anyone within the teacher window.
    """
    if sent_to_student >= ENCOURAGEMENTS_PER_STUDENT:
        return "student"
    if sent_by_teacher >= ENCOURAGEMENTS_PER_TEACHER:
        return "teacher"
    return None
