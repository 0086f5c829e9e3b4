"""The retention clean-up (docs/privacy.md, "For how long"): technical records past their time.

Run by `manage.py privacy_cleanup` (daily from cron). The room log's pruning belongs to the
live rooms: when `live.history.room_log_prune` exists (the worker's periodic job) it is the
one that runs, else the simple age-based pruning here does.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module
from importlib.util import find_spec

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from hostapi.models import HandoffRedemption
from live.models import PresenceRoom, RoomEvent

from . import rules


@dataclass
class CleanupReport:
    removed: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"{what}: {n}" for what, n in self.removed.items()]


def _room_log_prune(now: datetime) -> int:
    if find_spec("live.history") is not None:
        return import_module("live.history").room_log_prune(now=now)
    return RoomEvent.objects.filter(created_at__lt=now - rules.ROOM_LOG).delete()[0]


def _sessions(now: datetime) -> int:
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        return 0
    return Session.objects.filter(expire_date__lt=now).delete()[0]


def retention_cleanup(*, now: datetime | None = None) -> CleanupReport:
    """Remove what is kept no longer (each step its own short statement: pages keep going)."""
    now = now or timezone.now()
    report = CleanupReport()
    report.removed["room log events"] = _room_log_prune(now)
    report.removed["expired sessions"] = _sessions(now)
    idle = now - rules.EMPTY_PRESENCE_ROOM
    report.removed["empty presence rooms"] = (
        PresenceRoom.objects.filter(user_ids=[])
        .filter(Q(updated_at__lt=idle) | Q(updated_at__isnull=True))
        .delete()[0]
    )
    leeway = timedelta(seconds=settings.HOST_JWT_LEEWAY_SECONDS)
    report.removed["used hand-off tokens"] = HandoffRedemption.objects.filter(
        expires_at__lt=now - leeway
    ).delete()[0]
    old_logins = now - max(rules.LOGIN_RECORDS, settings.AXES_COOLOFF_TIME)
    report.removed["login records"] = sum(
        model.objects.filter(attempt_time__lt=old_logins).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    return report
