from project import events

from .rooms import RoomConsumer


class NotificationConsumer(RoomConsumer):
    """A user's own channel: attempt results, celebrations, messages meant for them."""

    async def authorize(self, user) -> str | None:
        return events.user_room(user.pk)
