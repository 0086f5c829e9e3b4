from .room import study_group_of_room

"""Presence in a group's room opens and closes its live session."""


def on_presence_changed(sender, *, room, user_ids, last_seen, now, **kwargs):
    group_id = study_group_of_room(room)
    if group_id is None:
        return
    from . import sessions

    sessions.group_presence_changed(
        group_id=group_id, user_ids=set(user_ids), last_seen=last_seen, now=now
    )
