"""The retention clean-up (docs/privacy.md, "For how long"): technical records past their time.

Run daily by the worker (`privacy.tasks.privacy_cleanup`) or by `manage.py privacy_cleanup`.
The room log's pruning belongs to the live rooms (`live.history.room_log_prune`, which the
worker also runs every hour): its history floor never keeps an event past the privacy
ceiling, `LIVE_ROOM_LOG_KEEP_HOURS`.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from hostapi.models import HandoffRedemption
from live.history import room_log_prune
from live.models import PresenceRoom
from project.batches import delete_in_batches

from . import rules


@dataclass
class CleanupReport:
    removed: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"{what}: {n}" for what, n in self.removed.items()]


def _sessions(now: datetime) -> int:
    """Django's `clearsessions`, counted: expired sessions go."""
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        return 0
    return delete_in_batches(Session.objects.filter(expire_date__lt=now))


def retention_cleanup(*, now: datetime | None = None) -> CleanupReport:
    """Remove what is kept no longer. Each step deletes in short batches under SKIP LOCKED
    (`project.batches`): pages keep going, and two workers at once share the work."""
    now = now or timezone.now()
    report = CleanupReport()
    report.removed["room log events"] = room_log_prune(now=now)
    report.removed["expired sessions"] = _sessions(now)
    idle = now - rules.EMPTY_PRESENCE_ROOM
    report.removed["empty presence rooms"] = delete_in_batches(
        PresenceRoom.objects.filter(user_ids=[]).filter(
            Q(updated_at__lt=idle) | Q(updated_at__isnull=True)
        )
    )
    leeway = timedelta(seconds=settings.HOST_JWT_LEEWAY_SECONDS)
    report.removed["used hand-off tokens"] = delete_in_batches(
        HandoffRedemption.objects.filter(expires_at__lt=now - leeway)
    )
    old_logins = now - max(rules.LOGIN_RECORDS, settings.AXES_COOLOFF_TIME)
    report.removed["login records"] = sum(
        delete_in_batches(model.objects.filter(attempt_time__lt=old_logins))
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    return report
