"""GET /healthz: is this process able to serve? A database query and a round trip through
the channel layer (Redis in production), each with a short timeout. No login, no session,
no language: load balancers and compose healthchecks call it every few seconds.

200 {"status": "ok", ...} or 503 {"status": "unavailable", ...} naming what failed.
"""

import asyncio
import contextlib
import logging
import time

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3.0


def _database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()  # back to the pool at once: a probe holds nothing


async def _channel_layer() -> None:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "healthz.ping"})
    message = await layer.receive(channel)
    if message.get("type") != "healthz.ping":
        raise RuntimeError(f"unexpected message {message!r}")
    # A receive cancelled while waiting is how a channel layer lets go of a channel.
    leftover = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)
    leftover.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await leftover


async def _check(name: str, probe) -> tuple[str, dict]:
    started = time.monotonic()
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            await probe()
    except Exception as error:  # any failure is the answer, not a crash
        logger.warning("healthz: %s failed: %r", name, error)
        return name, {"ok": False, "error": type(error).__name__}
    return name, {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


@never_cache
@login_not_required
@require_GET
async def healthz(request):
    checks = dict(
        await asyncio.gather(
            _check("database", sync_to_async(_database, thread_sensitive=False)),
            _check("channel_layer", _channel_layer),
        )
    )
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
