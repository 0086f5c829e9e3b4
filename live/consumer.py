"""The one live-room protocol every socket speaks.

On connect: authorize, join the room's group, then either replay the events after the
client's last sequence number (`?since=N`) or send a `state` snapshot. Afterwards every
event carries its room sequence number; a gap triggers a replay from the database, so a
message dropped by the channel layer is never lost.
"""

import asyncio
import logging
import time
from urllib.parse import parse_qs

import orjson
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import ValidationError

from project.dbfaults import TRANSIENT_DB_ERRORS

from . import presence, resync
from .events_schema import validate_frame
from .language import socket_language
from .messages import Ping, Resume, base_message_adapter
from .presence_store import PRESENCE_STORE_ERRORS
from .publish import collect_broadcasts, send_collected
from .ratelimit import TokenBucket
from .selectors import room_events_since, room_last_seq
from .socketlimit import socket_give_back, socket_take

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY = 4429  # more than LIVE_MAX_SOCKETS_PER_USER sockets open (live/socketlimit.py)
# A service call that meets a transient database fault is tried once more, after a pause.
CALL_RETRIES = 1
CALL_RETRY_DELAY = 0.2

logger = logging.getLogger(__name__)


def _failure(task: asyncio.Task | None) -> BaseException | None:
    """What a finished task raised (None: still running, cancelled, or no error)."""
    if task is None or not task.done() or task.cancelled():
        return None
    return task.exception()


# A store that stops answering fails every socket's beat at once: one warning with its
# traceback per this many seconds, the rest counted (formatting thousands of tracebacks a
# second is what would stop the process answering).
STORE_WARNING_SECONDS = 10.0
_store_warnings = {"at": float("-inf"), "quiet": 0}


def _warn_store_unavailable(room: str | None) -> None:
    now = time.monotonic()
    if now - _store_warnings["at"] < STORE_WARNING_SECONDS:
        _store_warnings["quiet"] += 1
        return
    quiet, _store_warnings["quiet"], _store_warnings["at"] = _store_warnings["quiet"], 0, now
    logger.warning(
        "room %s: presence store unavailable (%d more since the last warning)",
        room,
        quiet,
        exc_info=True,
    )


class ClientError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class RoomConsumer(AsyncJsonWebsocketConsumer):
    message_adapter = base_message_adapter
    room: str | None = None
    last_seq: int = 0
    bucket: TokenBucket | None = None
    holds_slot: bool = False  # counted against the user's socket limit
    _catching_up: bool = False  # a replay from the log is running (catch_up)
    _catch_up_to: int = 0
    # Rooms that show who is here: the socket is in the presence store (Redis), kept alive
    # by the client's `ping` (every `heartbeat_seconds`), changes announced as `presence`.
    track_presence: bool = False
    # Announce changes to the room (False: only `live.presence.online_user_ids` reads them).
    announce_presence: bool = True
    # When this socket last joined or beat in the presence store (time.monotonic()).
    _beat_at: float = float("-inf")

    _closing: bool = False  # the message loop is ending (see _events_ended)

    # --- the message loop ------------------------------------------------------------------
    async def __call__(self, scope, receive, send):
        """Serve one socket: its frames on this task, its channel-layer events (what the room
        broadcasts) on a second task, and never two handlers at once (`_turn`).

        Channels' own loop (`await_many_dispatch`) waits on both sources with
        `asyncio.wait` and starts a new task for every message received: the largest cost of
        a ping after the socket itself. Here each source is awaited directly by a task of its
        own; the lock keeps Channels' guarantee that handlers run one at a time, so a
        handler's state (`last_seq`, the rate bucket) needs no other guard. As in Channels,
        an error in an event's handler ends the socket with that error.
        """
        # Everything this socket says to its reader (errors, refusals, a service's message)
        # in the reader's language, activated once for the socket's whole life rather than
        # around each message. It stays with this socket: the server runs every connection
        # in a task of its own, and a task works in its own copy of the context, which the
        # event task and the database thread (asgiref) inherit.
        self.language = socket_language(scope)
        translation.activate(self.language)
        self.scope = scope
        self.base_send = send
        self._turn = asyncio.Lock()
        self._frames_task = asyncio.current_task()
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        events = None
        if self.channel_layer is not None:
            self.channel_name = await self.channel_layer.new_channel()
            events = asyncio.create_task(self._events())
            events.add_done_callback(self._events_ended)
        try:
            await self._frames(receive, events)
        except StopConsumer:
            pass  # the socket closed (websocket_disconnect): a clean end
        finally:
            self._closing = True
            if events is not None:
                events.cancel()
                # Its CancelledError ends it, not this task. If this task is cancelled
                # meanwhile (the server gave up waiting), that cancellation goes on up.
                await asyncio.wait([events])

    async def _frames(self, receive, events: asyncio.Task | None) -> None:
        try:
            while True:
                message = await receive()
                async with self._turn:
                    await self.dispatch(message)
        except asyncio.CancelledError:
            failure = _failure(events)
            if failure is None:
                raise  # cancelled from outside: the server closes the application
            # Cancelled by _events_ended: end with the event handler's own error instead.
            asyncio.current_task().uncancel()
            raise failure from None

    async def _events(self) -> None:
        receive, name = self.channel_layer.receive, self.channel_name
        while True:
            message = await receive(name)
            async with self._turn:
                await self.dispatch(message)

    def _events_ended(self, events: asyncio.Task) -> None:
        """The event task stopped by itself: an event's handler (or the layer) failed, or
        asked the socket to stop (StopConsumer). The frame task ends with it, as a failure
        anywhere ended Channels' loop; once the socket is closing, the error is only logged."""
        failure = _failure(events)
        if failure is None:
            return
        if not self._closing:
            self._frames_task.cancel()
        elif not isinstance(failure, StopConsumer):
            logger.error("room %s: an event failed at the close", self.room, exc_info=failure)

    # --- socket handlers -------------------------------------------------------------
    async def dispatch(self, message):
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        # Channels' own dispatch first closes old database connections on the database
        # thread, for every message: a ping, and every event relayed to every socket, queued
        # behind the answers being scored. Here nothing touches the database outside
        # database_sync_to_async, which closes them around each call already.
        await handler(message)

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # A refused host token (hostapi.websocket) is told why before the close.
            await self.refuse(CLOSE_UNAUTHENTICATED, self.scope.get("auth_error"))
            return
        room = await self.authorize(user)
        if room is None:
            await self.refuse(CLOSE_FORBIDDEN)
            return
        taken = await socket_take(user.pk, settings.LIVE_MAX_SOCKETS_PER_USER)
        if taken is False:
            message = _("You have many pages open. Close a few and this one will reconnect.")
            await self.refuse(CLOSE_TOO_MANY, {"code": "too_many_sockets", "message": message})
            return
        self.holds_slot = taken is True  # None: the store did not answer, let in uncounted
        self.room = room
        self.bucket = TokenBucket(
            capacity=settings.LIVE_RATE_BURST, rate=settings.LIVE_RATE_PER_SECOND
        )
        await self.channel_layer.group_add(room, self.channel_name)
        await self.accept(self.scope.get("accepted_subprotocol"))
        resync.register(self)
        if self.track_presence:
            await self.presence("join")
        await self.resume(self._since_from_query())

    async def disconnect(self, code):
        if self.holds_slot:
            self.holds_slot = False
            await socket_give_back(self.scope["user"].pk)
        if self.room is not None:
            resync.unregister(self)
            await self.channel_layer.group_discard(self.room, self.channel_name)
            if self.track_presence:
                await self.presence("leave")

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if not text_data:  # binary or empty frames are not part of the protocol
            await self.send_error("invalid_message", _("That message was not understood."))
            return
        if len(text_data.encode()) > settings.LIVE_MAX_MESSAGE_BYTES:
            await self.send_error("too_large", _("That message is too long."))
            return
        if self.bucket is not None and not self.bucket.allow(time.monotonic()):
            # Dropped, not queued: the client is told, and nothing it sent changes anything.
            await self.send_error(
                "rate_limited", _("You're sending messages very fast. Take a breath and try again.")
            )
            return
        await super().receive(text_data=text_data, **kwargs)

    async def receive_json(self, content, **kwargs):
        try:
            message = self.message_adapter.validate_python(content)
        except ValidationError:
            await self.send_error("invalid_message", _("That message was not understood."))
            return
        try:
            await self.handle(message)
        except ClientError as error:
            await self.send_error(error.code, error.message)
        except TRANSIENT_DB_ERRORS:
            # The database is restarting or out of connections: the socket stays open and
            # the client tries again (its next ping or resume).
            logger.warning("room %s: database unavailable", self.room, exc_info=True)
            await self.send_error(
                "unavailable", _("The service is taking a short pause. Please try again.")
            )

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return orjson.loads(text_data)
        except orjson.JSONDecodeError:
            return None

    @classmethod
    async def encode_json(cls, content):
        return orjson.dumps(content).decode()

    async def refuse(self, code: int, error: dict | None = None) -> None:
        """Accept, say why, then close with `code`: a browser never learns the status of a
        refused handshake (it sees 1006), so a client could not tell "not allowed" from
        "network down" and would retry forever."""
        await self.accept(self.scope.get("accepted_subprotocol"))
        if error:
            await self.send_json({"type": "error", **error})
        await self.close(code=code)

    # --- command helpers ---------------------------------------------------------------
    async def authorize(self, user) -> str | None:
        """Return the room this user may join here, or None to refuse."""
        raise NotImplementedError

    async def snapshot(self) -> dict:
        """The room's current state for a fresh client."""
        return {}

    async def handle(self, message) -> None:
        if isinstance(message, Ping):
            # `room_seq`: the room's last seq as this process knows it; a client whose last
            # seq is lower missed something (a lost broadcast) and resumes by itself.
            room_seq = max(resync.room_seq(self.room), self.last_seq)
            pong = {"type": "pong", "seq": self.last_seq, "room_seq": room_seq}
            if self.track_presence:
                # A ping right after the last beat skips the store's round trip: it would
                # move the expiry by next to nothing (live/rules.py, beat_skip_seconds).
                if time.monotonic() - self._beat_at >= presence.beat_skip_seconds():
                    await self.presence("beat")
                if self.announce_presence:
                    # On every pong, so a resumed client (no snapshot) learns its pace too.
                    pong["heartbeat_seconds"] = presence.heartbeat_seconds()
            await self.send_json(pong)
        elif isinstance(message, Resume):
            await self.resume(message.since)
        else:
            raise ClientError("unsupported", _("That action is not available here."))

    async def resume(self, since: int | None) -> None:
        if since is not None:
            events = await database_sync_to_async(room_events_since)(room=self.room, since=since)
            if events is not None and (events or since <= await self._room_seq()):
                self.last_seq = max(self.last_seq, since)
                resync.note_seq(self.room, since)
                for event in events:
                    await self._relay(event)
                return
        # The sequence number is read before the state, so the state is at least that new.
        seq = await self._room_seq()
        state = await self.snapshot()
        if self.track_presence and self.announce_presence:
            state["presence"] = await database_sync_to_async(presence.room_state)(room=self.room)
        self.last_seq = seq
        resync.note_seq(self.room, seq)
        await self.send_json({"type": "state", "seq": seq, "state": state})

    async def call(self, service, /, **kwargs):
        """Run a service on the database thread; send the events it committed from here.

        The database thread is shared by every socket of the process: it should not also
        wait on the channel layer, so the broadcasts leave from the event loop instead.
        """
        for attempt in range(1 + CALL_RETRIES):
            with collect_broadcasts() as pending:
                try:
                    return await database_sync_to_async(service)(**kwargs)
                except TRANSIENT_DB_ERRORS:
                    # The transaction rolled back; a dropped pooled connection is replaced
                    # on the next loan, so one more try usually lands.
                    if attempt == CALL_RETRIES:
                        raise
                finally:
                    await send_collected(pending)
            await asyncio.sleep(CALL_RETRY_DELAY)

    async def presence(self, mode: str) -> None:
        """Join, beat or leave in the presence store (no database); when the room's set of
        users changed, announce it (the database, on its thread).

        A store that does not answer (Redis restarting) costs this beat, not the socket: the
        next beat lands, and reads never count a socket past its expiry anyway.
        """
        started = time.monotonic()
        try:
            found = await presence.atouch(
                mode=mode,
                room=self.room,
                user=self.scope["user"],
                channel_name=self.channel_name,
                announce=self.announce_presence,
            )
        except PRESENCE_STORE_ERRORS:
            _warn_store_unavailable(self.room)
            return
        if mode != "leave":
            self._beat_at = started  # counted until `started` + grace at least
        if found.changed:
            await self.call(presence.presence_announce, room=self.room, last_seen=found.last_seen)

    async def send_json(self, content, close=False):
        if settings.LIVE_STRICT:  # tests and DEBUG: `state`, `pong`, `error` are typed too
            validate_frame(room=self.room or "", frame=content)
        await super().send_json(content, close=close)

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": str(message)})

    async def _room_seq(self) -> int:
        seq = await database_sync_to_async(room_last_seq)(room=self.room)
        resync.note_seq(self.room, seq)
        return seq

    def _since_from_query(self) -> int | None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        try:
            since = int(query.get("since", [""])[0])
        except ValueError:
            return None
        return since if since >= 0 else None

    async def _relay(self, event: dict) -> None:
        resync.note_seq(self.room, event["seq"])
        if event["seq"] > self.last_seq:
            self.last_seq = event["seq"]
            await self.send_json(event)

    # --- group handlers ------------------------------------------------------------------
    async def room_event(self, message):
        event = message["event"]
        resync.note_seq(self.room, event["seq"])
        if event["seq"] > self.last_seq + 1:
            # An earlier event never arrived: fetch everything missed, in order.
            await self.catch_up(event["seq"])
        else:
            await self._relay(event)

    async def room_resync(self, message):
        """A process could not broadcast to this room (the layer was down): the log has
        events up to `seq` that may never have reached this socket."""
        resync.note_seq(self.room, message["seq"])
        await self.catch_up(message["seq"])

    async def catch_up(self, seq: int) -> None:
        """The room reached `seq` and this socket is behind: replay the gap from the log.

        Also called by the resync sweep (`live/resync.py`) outside the consumer's message
        loop; replays are safe to overlap: every relay only moves forward, in order.
        """
        self._catch_up_to = max(self._catch_up_to, seq)
        if self._catching_up:
            return  # the replay running now goes on to the new target
        self._catching_up = True
        try:
            while self._catch_up_to > self.last_seq:
                before = self.last_seq
                await self.resume(self.last_seq)
                if self.last_seq == before:
                    break
        except TRANSIENT_DB_ERRORS:
            # last_seq did not move: the next event, sweep or client resume fills the gap.
            logger.warning("room %s: replay postponed, database unavailable", self.room)
        finally:
            self._catching_up = False
