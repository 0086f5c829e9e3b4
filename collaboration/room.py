"""A study group's live room (`/ws/study-groups/<id>/`): its session, chat and presence."""

from . import rules

PREFIX = "study_group."
# What a member may write in one chat line (a client's longer line is refused unread).
CHAT_MAX_CHARS = rules.CHAT_MAX_CHARS


def study_group_room(group_id: int) -> str:
    return f"{PREFIX}{group_id}"


def study_group_of_room(room: str) -> int | None:
    """The study group a room belongs to, or None (presence tells rooms by name)."""
    if not room.startswith(PREFIX):
        return None
    tail = room.removeprefix(PREFIX)
    return int(tail) if tail.isdigit() else None
