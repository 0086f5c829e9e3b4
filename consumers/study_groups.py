"""A study group's live session: its members, and any teacher of the class observing.

Thin on purpose: validate, check the role, call a service, reply. Presence (who is here)
is the room protocol's own (`track_presence`); sessions open and close from it in
collaboration.sessions.
"""

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from collaboration import selectors, sessions
from collaboration.errors import GroupError
from collaboration.room import study_group_room
from live.consumer import ClientError, RoomConsumer

from .schemas import Chat, End, Pick, Pin, Propose, Submit, Topic, study_group_message_adapter

_role = database_sync_to_async(selectors.group_role_by_id)


def _act(message, group_id: int, user) -> None:
    if isinstance(message, Chat):
        sessions.session_chat(group_id=group_id, author=user, text=message.text)
    elif isinstance(message, Topic):
        sessions.session_topic(group_id=group_id, member=user, topic=message.text)
    elif isinstance(message, Pick):
        sessions.session_pick(group_id=group_id, member=user, question_id=message.question_id)
    elif isinstance(message, Propose):
        sessions.session_propose(
            group_id=group_id, member=user, round=message.round, answer=message.answer
        )
    elif isinstance(message, Submit):
        sessions.session_submit(
            group_id=group_id, member=user, round=message.round, answer=message.answer
        )
    elif isinstance(message, Pin):
        sessions.session_pin(
            group_id=group_id, member=user, text=message.text or "", message_id=message.message_id
        )
    elif isinstance(message, End):
        sessions.session_end(group_id=group_id, member=user)


class StudyGroupConsumer(RoomConsumer):
    message_adapter = study_group_message_adapter
    track_presence = True
    group_id: int = 0
    role: str | None = None

    async def authorize(self, user) -> str | None:
        self.group_id = int(self.scope["url_route"]["kwargs"]["group_id"])
        self.role = await _role(user=user, group_id=self.group_id)
        return study_group_room(self.group_id) if self.role else None

    async def snapshot(self) -> dict:
        state = await database_sync_to_async(selectors.session_state)(group_id=self.group_id)
        return {**state, "role": self.role}

    async def handle(self, message) -> None:
        if not isinstance(message, Chat | Topic | Pick | Propose | Submit | Pin | End):
            await super().handle(message)
            return
        if self.role != selectors.MEMBER:
            raise ClientError("read_only", _("Teachers follow study groups without taking part."))
        # Re-checked on every message: a student who left the group stops acting at once.
        self.role = await _role(user=self.scope["user"], group_id=self.group_id)
        if self.role != selectors.MEMBER:
            raise ClientError("forbidden", _("Only members of this group can do that."))
        try:
            await self.call(_act, message=message, group_id=self.group_id, user=self.scope["user"])
        except GroupError as error:
            raise ClientError(error.code, str(error.message)) from None
