"""A friendly 1v1 challenge: two players and any observing teacher of the class.

Thin on purpose: validate, check the role, call a service, reply. Every rule (the clock,
scoring, who wins) lives in challenges.services and challenges.rules.
"""

from channels.db import database_sync_to_async
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges import selectors, services
from challenges.errors import ChallengeError
from challenges.room import challenge_room
from live.consumer import ClientError, RoomConsumer

from .schemas import Answer, Ready, Tick, challenge_message_adapter

REFUSALS = {
    "too_late": gettext_lazy("Time was up for that question."),
    "already_answered": gettext_lazy("You already answered that question."),
    "not_current": gettext_lazy("That question is not being played now."),
}


_role = database_sync_to_async(selectors.challenge_role_by_id)


class ChallengeConsumer(RoomConsumer):
    message_adapter = challenge_message_adapter
    challenge_id: int = 0
    role: str | None = None

    async def authorize(self, user) -> str | None:
        self.challenge_id = int(self.scope["url_route"]["kwargs"]["challenge_id"])
        self.role = await _role(user=user, challenge_id=self.challenge_id)
        return challenge_room(self.challenge_id) if self.role else None

    async def snapshot(self) -> dict:
        state = await database_sync_to_async(selectors.challenge_state)(
            challenge_id=self.challenge_id
        )
        return {**state, "role": self.role}

    async def handle(self, message) -> None:
        if not isinstance(message, Ready | Tick | Answer):
            await super().handle(message)
            return
        if self.role != selectors.PLAYER:
            raise ClientError("read_only", _("Teachers watch challenges without playing."))
        user = self.scope["user"]
        try:
            if isinstance(message, Ready):
                await self.call(
                    services.challenge_ready, challenge_id=self.challenge_id, player=user
                )
            elif isinstance(message, Tick):
                await self.call(services.challenge_tick, challenge_id=self.challenge_id, user=user)
            else:
                # Timed on arrival: under load the answer may wait seconds for the database
                # thread, and a pupil who answered in time is on time.
                refused = await self.call(
                    services.challenge_answer,
                    challenge_id=self.challenge_id,
                    player=user,
                    question_id=message.question_id,
                    answer=message.answer,
                    received_at=timezone.now(),
                )
                if refused:
                    raise ClientError(refused, str(REFUSALS[refused]))
        except ChallengeError as error:
            raise ClientError(error.code, str(error.message)) from None
