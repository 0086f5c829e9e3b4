"""What presence tells other apps (study groups start and end their sessions from it).

Sent inside the presence transaction, with the room's presence row locked, so receivers see
changes in the order they happened. kwargs: room (str), user_ids (set[int], here now),
joined (set[int]), left (set[int]), last_seen (datetime | None: the last moment anyone who
just left was heard from), now (datetime).
"""

from django.dispatch import Signal

presence_changed = Signal()
