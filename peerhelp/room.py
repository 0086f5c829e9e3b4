"""A peer-help chat's live room (`/ws/peer-help/<id>/`): the two students and observers."""

from . import rules

# What a student may write in one line (a client's longer line is refused unread).
MESSAGE_MAX_CHARS = rules.MESSAGE_MAX_CHARS


def peer_help_room(request_id: int) -> str:
    return f"peerhelp.{request_id}"
