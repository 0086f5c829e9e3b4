from live.consumer import RoomConsumer
from live.rooms import user_room


class NotificationConsumer(RoomConsumer):
    """A user's own channel: attempt results, celebrations, messages meant for them.

    Every page holds one, so its presence is what `live.presence.online_user_ids` reads
    ("online now"); nobody else is in the room, so changes are not announced.
    """

    track_presence = True
    announce_presence = False

    async def authorize(self, user) -> str | None:
        return user_room(user.pk)
