"""A class's room: its goals' progress and celebrations, live, for its students and teachers.

Read-only for clients (ping and resume only): goals move with the class's work, measured by
classgoals.services, never by a message from a socket.
"""

from channels.db import database_sync_to_async
from django.utils import timezone

from classgoals import selectors
from classgoals.room import class_room
from live.consumer import RoomConsumer

_role = database_sync_to_async(selectors.class_member_role)
_state = database_sync_to_async(selectors.class_room_state)


class ClassConsumer(RoomConsumer):
    class_id: int = 0

    async def authorize(self, user) -> str | None:
        self.class_id = int(self.scope["url_route"]["kwargs"]["class_id"])
        role = await _role(user=user, school_class_id=self.class_id)
        return class_room(self.class_id) if role else None

    async def snapshot(self) -> dict:
        return await _state(school_class_id=self.class_id, today=timezone.localdate())
