"""The live rooms' periodic jobs (django.tasks), run by the worker's scheduler; each is also
a management command and safe to run on two workers at once."""

from django.tasks import task

from .history import room_log_prune
from .presence import presence_sweep


@task
def prune_room_log() -> int:
    """Delete room-log events below each room's history floor (live/history.py)."""
    return room_log_prune()


@task
def sweep_presence() -> int:
    """Announce sockets that dropped without a goodbye; study groups close their sessions."""
    return presence_sweep()
