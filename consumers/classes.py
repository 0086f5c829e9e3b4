"""A class's room: its goals' progress and celebrations, live, for its students and teachers.

Read-only for clients (ping and resume only): goals move with the class's work, measured by
classgoals.services, never by a message from a socket.
"""

from channels.db import database_sync_to_async
from django.utils import timezone

from classgoals import selectors
from project import events

from .rooms import RoomConsumer


@database_sync_to_async
def _role(user, class_id: int) -> str | None:
    return selectors.class_member_role(user=user, school_class_id=class_id)


@database_sync_to_async
def _goals(class_id: int) -> list[dict]:
    goals = selectors.class_goals(school_class_id=class_id, today=timezone.localdate())
    return [{"id": g.pk, **g.progress.as_dict()} for g in goals]


class ClassConsumer(RoomConsumer):
    class_id: int = 0

    async def authorize(self, user) -> str | None:
        self.class_id = int(self.scope["url_route"]["kwargs"]["class_id"])
        role = await _role(user, self.class_id)
        return events.class_room(self.class_id) if role else None

    async def snapshot(self) -> dict:
        return {"goals": await _goals(self.class_id)}
