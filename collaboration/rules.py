"""Study-group rules, pure (no ORM): sizes, limits, and what "reached a goal" means."""

from datetime import datetime

DEFAULT_MAX_MEMBERS = 6
MIN_MAX_MEMBERS = 2
MAX_MAX_MEMBERS = 12
DEFAULT_GOAL_MASTERY = 80
MIN_GOAL_MASTERY = 40
MAX_GOALS = 8

CHAT_MAX_CHARS = 500
INSIGHT_MAX_CHARS = 300
REFLECTION_MAX_CHARS = 500
TOPIC_MAX_CHARS = 200
ANSWER_MAX_CHARS = 50
# A fresh client sees this many of the session's latest chat messages.
SNAPSHOT_CHAT = 50
# Exercises offered to pick from in a live session.
PICKABLE_EXERCISES = 30


def is_full(*, members: int, max_members: int) -> bool:
    return members >= max_members


def may_join(*, is_open: bool, invited: bool, members: int, max_members: int) -> bool:
    """Open groups take anyone of the class; invite-only groups take the invited."""
    return (is_open or invited) and not is_full(members=members, max_members=max_members)


def goal_reached(*, mastery: int, target: int) -> bool:
    return mastery >= target


def duration_seconds(started_at: datetime, ended_at: datetime | None) -> int | None:
    if ended_at is None:
        return None
    return max(0, int((ended_at - started_at).total_seconds()))


def elapsed_ms(start: datetime | None, end: datetime) -> int:
    if start is None:
        return 0
    return max(0, int((end - start).total_seconds() * 1000))
