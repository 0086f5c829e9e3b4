"""Where presence lives: Redis, shared by every daphne process, or, for the embedded default
without REDIS_URL (one process), this process's memory. Nothing here touches PostgreSQL.

A room is a sorted set of its sockets (member "<user id>|<channel>") scored by the moment
each stops counting (epoch seconds); a hash keeps when each was last heard from. A user's
sockets across rooms are a second sorted set, for "online now". Every touch of a room (join,
beat, leave, sync) also drops its expired sockets and, in a room that announces, returns who
is here beside the cached copy of who the room was last told about, so the caller knows
whether anything changed without asking the database.
"""

from __future__ import annotations

import threading
import weakref
from asyncio import AbstractEventLoop, get_running_loop
from dataclasses import dataclass, field

from django.conf import settings

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency; keep the memory store usable
    RedisError = OSError

# A store that cannot answer right now (Redis restarting, the network blinking).
PRESENCE_STORE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)

# Sorted-set keys outlive their last beat by this many grace periods, then Redis drops them.
KEY_TTL_GRACES = 4
# Connections of one event loop's asyncio client, and how long a touch waits for one.
ASYNC_MAX_CONNECTIONS = 100
ASYNC_WAIT_SECONDS = 5.0
# The cached "last announced" set is only a shortcut (the database row is the truth).
ANNOUNCED_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Touch:
    """What one touch of a room found."""

    touched: bool  # the socket was (still) there: a beat or a leave found it
    here: frozenset[int] = frozenset()  # users with a live socket in the room now
    # Who the room was last told about (cached); None when unknown or the room is quiet.
    announced: frozenset[int] | None = None
    last_seen: float | None = None  # when the sockets that just expired were last heard
    announces: bool = False

    @property
    def changed(self) -> bool:
        return self.announces and self.here != self.announced


def _ids(text: str | bytes | None) -> frozenset[int] | None:
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text.decode()
    return frozenset(int(part) for part in text.split(",") if part)


def _user_of(member: str | bytes) -> int:
    if isinstance(member, bytes):
        member = member.decode()
    return int(member.split("|", 1)[0])


# One round trip per touch: update the socket, drop the expired ones, read who is here and
# the cached announcement, atomically (two processes never see half of each other's touch).
_TOUCH = """
local room_z, seen_h, user_z, ann_k, rooms_s = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local mode, member, umember = ARGV[1], ARGV[2], ARGV[3]
local now, expires, ttl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local announce, room = ARGV[7] == '1', ARGV[8]
local touched = 0
if mode == 'join' then
  touched = 1
elseif mode == 'beat' or mode == 'leave' then
  local current = redis.call('ZSCORE', room_z, member)
  if current then
    touched = 1
    if mode == 'leave' then expires = math.min(tonumber(current), expires) end
  end
end
if touched == 1 then
  redis.call('ZADD', room_z, expires, member)
  redis.call('ZADD', user_z, expires, umember)
  redis.call('HSET', seen_h, member, ARGV[4])
  redis.call('EXPIRE', room_z, ttl)
  redis.call('EXPIRE', seen_h, ttl)
  redis.call('EXPIRE', user_z, ttl)
  redis.call('ZREMRANGEBYSCORE', user_z, '-inf', now)
  if announce then redis.call('SADD', rooms_s, room) end
end
local expired = redis.call('ZRANGEBYSCORE', room_z, '-inf', now)
local last_seen = false
if #expired > 0 then
  local seen = redis.call('HMGET', seen_h, unpack(expired))
  for _, s in ipairs(seen) do
    if s and (not last_seen or tonumber(s) > tonumber(last_seen)) then last_seen = s end
  end
  redis.call('ZREMRANGEBYSCORE', room_z, '-inf', now)
  redis.call('HDEL', seen_h, unpack(expired))
end
if not announce then return {touched} end
local users, here = {}, {}
for _, m in ipairs(redis.call('ZRANGE', room_z, 0, -1)) do
  local u = string.match(m, '^(%d+)|')
  if u and not users[u] then users[u] = true; table.insert(here, u) end
end
local announced = redis.call('GET', ann_k)
if #here == 0 and announced == '' then redis.call('SREM', rooms_s, room) end
return {touched, table.concat(here, ','), announced, last_seen}
"""


@dataclass
class _Socket:
    user_id: int
    expires: float
    seen: float


@dataclass
class _Room:
    sockets: dict[str, _Socket] = field(default_factory=dict)


class MemoryPresenceStore:
    """One process's presence (the embedded default): the same rules as Redis, in a dict."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rooms: dict[str, _Room] = {}
        self._announced: dict[str, frozenset[int]] = {}
        self._announcing: set[str] = set()
        self._slots: dict[int, int] = {}

    def touch(self, *, mode, room, user_id, channel, now, expires, announce) -> Touch:
        with self._lock:
            box = self._rooms.setdefault(room, _Room())
            socket = box.sockets.get(channel)
            touched = mode == "join" or (mode in ("beat", "leave") and socket is not None)
            if touched:
                if mode == "leave" and socket is not None:
                    expires = min(socket.expires, expires)
                box.sockets[channel] = _Socket(user_id=user_id, expires=expires, seen=now)
                if announce:
                    self._announcing.add(room)
            expired = [c for c, s in box.sockets.items() if s.expires <= now]
            last_seen = max((box.sockets[c].seen for c in expired), default=None)
            for c in expired:
                del box.sockets[c]
            here = frozenset(s.user_id for s in box.sockets.values())
            if not box.sockets:
                self._rooms.pop(room, None)
            if not announce:
                return Touch(touched=touched)
            announced = self._announced.get(room)
            if not here and announced == frozenset():
                self._announcing.discard(room)
            return Touch(
                touched=touched,
                here=here,
                announced=announced,
                last_seen=last_seen,
                announces=True,
            )

    async def atouch(self, **kwargs) -> Touch:
        return self.touch(**kwargs)

    def users(self, *, room: str, now: float) -> set[int]:
        with self._lock:
            box = self._rooms.get(room)
            return {s.user_id for s in box.sockets.values() if s.expires > now} if box else set()

    def online(self, *, user_ids, now: float) -> set[int]:
        wanted = set(user_ids)
        with self._lock:
            return {
                s.user_id
                for box in self._rooms.values()
                for s in box.sockets.values()
                if s.user_id in wanted and s.expires > now
            }

    def set_announced(self, *, room: str, user_ids) -> None:
        with self._lock:
            self._announced[room] = frozenset(user_ids)

    def forget_announced(self, *, room: str) -> None:
        with self._lock:
            self._announced.pop(room, None)

    def announcing_rooms(self) -> list[str]:
        with self._lock:
            return sorted(self._announcing)

    # --- open sockets per user (live/socketlimit.py) ---------------------------------
    async def aslot_take(self, *, user_id: int, limit: int, lease: int) -> bool:
        with self._lock:
            if self._slots.get(user_id, 0) >= limit:
                return False
            self._slots[user_id] = self._slots.get(user_id, 0) + 1
            return True

    async def aslot_give_back(self, *, user_id: int) -> None:
        with self._lock:
            if self._slots.get(user_id, 0) > 1:
                self._slots[user_id] -= 1
            else:
                self._slots.pop(user_id, None)

    def slot_count(self, *, user_id: int) -> int:
        with self._lock:
            return self._slots.get(user_id, 0)

    def clear(self) -> None:
        with self._lock:
            self._rooms.clear()
            self._announced.clear()
            self._announcing.clear()
            self._slots.clear()


class RedisPresenceStore:
    """Presence shared by every process, in Redis (keys under `<prefix>:presence:`)."""

    def __init__(self, *, url: str, prefix: str) -> None:
        import redis

        self.url = url
        self.base = f"{prefix}:presence"
        self._client = redis.Redis.from_url(url)
        self._touch = self._client.register_script(_TOUCH)
        # An asyncio client belongs to the event loop that made it (one per loop: tests
        # run each in its own).
        self._async: weakref.WeakKeyDictionary[AbstractEventLoop, tuple] = (
            weakref.WeakKeyDictionary()
        )

    def _keys(self, room: str, user_id: int) -> list[str]:
        return [
            f"{self.base}:room:{room}",
            f"{self.base}:seen:{room}",
            f"{self.base}:user:{user_id}",
            f"{self.base}:announced:{room}",
            f"{self.base}:rooms",
        ]

    def _args(self, *, mode, room, user_id, channel, now, expires, announce) -> list:
        from .presence import grace_seconds

        ttl = max(1, int(grace_seconds() * KEY_TTL_GRACES))
        return [
            mode,
            f"{user_id}|{channel}",
            f"{room}|{channel}",
            repr(float(now)),
            repr(float(expires)),
            ttl,
            "1" if announce else "0",
            room,
        ]

    @staticmethod
    def _result(reply, announce: bool) -> Touch:
        if not announce:
            return Touch(touched=bool(reply[0]))
        touched, here, announced, last_seen = (list(reply) + [None] * 4)[:4]
        return Touch(
            touched=bool(touched),
            here=_ids(here) or frozenset(),
            announced=_ids(announced),
            last_seen=float(last_seen) if last_seen is not None else None,
            announces=True,
        )

    def touch(self, **touch) -> Touch:
        """One touch (keyword arguments as `MemoryPresenceStore.touch`), one round trip."""
        keys = self._keys(touch["room"], touch["user_id"])
        reply = self._touch(keys=keys, args=self._args(**touch))
        return self._result(reply, touch["announce"])

    def _async_client(self) -> _AsyncScripts:
        import redis.asyncio

        loop = get_running_loop()
        scripts = self._async.get(loop)
        if scripts is None:
            # A bounded pool that queues: with thousands of sockets beating, more beats may be
            # in flight than connections, and they should wait their turn, not fail (the
            # default pool raises "Too many connections" past 100, and each failed beat was
            # logged with its traceback: 10,000 open pages took the process down).
            pool = redis.asyncio.BlockingConnectionPool.from_url(
                self.url, max_connections=ASYNC_MAX_CONNECTIONS, timeout=ASYNC_WAIT_SECONDS
            )
            client = redis.asyncio.Redis(connection_pool=pool)
            scripts = _AsyncScripts(
                touch=client.register_script(_TOUCH),
                slot_take=client.register_script(_SLOT_TAKE),
                slot_give_back=client.register_script(_SLOT_GIVE_BACK),
            )
            self._async[loop] = scripts
        return scripts

    async def atouch(self, **touch) -> Touch:
        keys = self._keys(touch["room"], touch["user_id"])
        reply = await self._async_client().touch(keys=keys, args=self._args(**touch))
        return self._result(reply, touch["announce"])

    # --- open sockets per user (live/socketlimit.py): one round trip, on the event loop --
    def _slot_key(self, user_id: int) -> str:
        return f"{self.base}:sockets:{user_id}"

    async def aslot_take(self, *, user_id: int, limit: int, lease: int) -> bool:
        script = self._async_client().slot_take
        return bool(await script(keys=[self._slot_key(user_id)], args=[limit, lease]))

    async def aslot_give_back(self, *, user_id: int) -> None:
        await self._async_client().slot_give_back(keys=[self._slot_key(user_id)])

    def slot_count(self, *, user_id: int) -> int:
        return int(self._client.get(self._slot_key(user_id)) or 0)

    def users(self, *, room: str, now: float) -> set[int]:
        members = self._client.zrangebyscore(f"{self.base}:room:{room}", f"({now!r}", "+inf")
        return {_user_of(m) for m in members}

    def online(self, *, user_ids, now: float) -> set[int]:
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            return set()
        pipe = self._client.pipeline(transaction=False)
        for user_id in ids:
            pipe.zcount(f"{self.base}:user:{user_id}", f"({now!r}", "+inf")
        return {user_id for user_id, count in zip(ids, pipe.execute(), strict=True) if count}

    def set_announced(self, *, room: str, user_ids) -> None:
        value = ",".join(str(pk) for pk in sorted(user_ids))
        self._client.set(f"{self.base}:announced:{room}", value, ex=ANNOUNCED_TTL_SECONDS)

    def forget_announced(self, *, room: str) -> None:
        self._client.delete(f"{self.base}:announced:{room}")

    def announcing_rooms(self) -> list[str]:
        return sorted(m.decode() for m in self._client.smembers(f"{self.base}:rooms"))

    def clear(self) -> None:
        """Forget every room of this prefix (tests: each starts from an empty Redis)."""
        keys = list(self._client.scan_iter(match=f"{self.base}:*", count=500))
        for start in range(0, len(keys), 500):
            self._client.delete(*keys[start : start + 500])


@dataclass(frozen=True)
class _AsyncScripts:
    """The scripts, registered on one event loop's asyncio client."""

    touch: object
    slot_take: object
    slot_give_back: object


# A user's open sockets: counted up to the limit, the lease renewed by every new socket.
_SLOT_TAKE = """
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 0
end
return 1
"""
# Given back only while the lease runs: a counter that expired meanwhile is not recreated.
_SLOT_GIVE_BACK = """
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 1 then
  redis.call('DECR', KEYS[1])
elseif n == 1 then
  redis.call('DEL', KEYS[1])
end
return n
"""

_store = None
_store_lock = threading.Lock()


def get_store() -> MemoryPresenceStore | RedisPresenceStore:
    """The process's presence store, as the settings choose (`LIVE_PRESENCE_STORE`)."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = _build()
    return _store


def _build():
    config = settings.LIVE_PRESENCE_STORE
    if config.get("BACKEND") == "redis":
        return RedisPresenceStore(url=config["URL"], prefix=config.get("PREFIX", "mg"))
    return MemoryPresenceStore()


def reset_store() -> None:
    """Build the store again from the settings (tests that change them)."""
    global _store
    with _store_lock:
        _store = None
