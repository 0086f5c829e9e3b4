"""A peer-help chat: the two students, and any teacher of the class reading along.

Thin on purpose: validate, check the role, call a service, reply. Every rule lives in
peerhelp.services and peerhelp.rules; each line is stored before it is broadcast.
"""

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from live.consumer import ClientError, RoomConsumer
from peerhelp import selectors, services
from peerhelp.errors import PeerHelpError
from peerhelp.room import peer_help_room

from .schemas import Done, Say, peer_help_message_adapter

_role = database_sync_to_async(selectors.request_role_by_id)


class PeerHelpConsumer(RoomConsumer):
    message_adapter = peer_help_message_adapter
    request_id: int = 0
    role: str | None = None

    async def authorize(self, user) -> str | None:
        self.request_id = int(self.scope["url_route"]["kwargs"]["request_id"])
        self.role = await _role(user=user, request_id=self.request_id)
        return peer_help_room(self.request_id) if self.role else None

    async def snapshot(self) -> dict:
        state = await database_sync_to_async(selectors.chat_state)(request_id=self.request_id)
        return {**state, "role": self.role}

    async def handle(self, message) -> None:
        if not isinstance(message, Say | Done):
            await super().handle(message)
            return
        if self.role not in selectors.PARTICIPANTS:
            raise ClientError("read_only", _("Teachers read peer-help chats without writing."))
        user = self.scope["user"]
        try:
            if isinstance(message, Say):
                await self.call(
                    services.help_message_send,
                    request_id=self.request_id,
                    author=user,
                    text=message.text,
                )
            else:
                await self.call(
                    services.help_session_complete, request_id=self.request_id, user=user
                )
        except PeerHelpError as error:
            raise ClientError(error.code, str(error.message)) from None
