"""The durable side of every live room: a numbered event log per room.

The channel layer is at-most-once, so each event is written here first and broadcast after
commit; a client that missed any resumes from its last sequence number.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoomCursor(models.Model):
    """The last sequence number handed out in a room; its row lock orders the room's events."""

    room = models.CharField(_("room"), max_length=90, primary_key=True)
    last_seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("room cursor")
        verbose_name_plural = _("room cursors")

    def __str__(self) -> str:
        return f"{self.room} @ {self.last_seq}"


class RoomEvent(models.Model):
    room = models.CharField(_("room"), max_length=90)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    type = models.CharField(_("type"), max_length=60)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("room event")
        verbose_name_plural = _("room events")
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="room_event_seq_unique"),
        ]
        # The age-based pruning (live/history.py) finds old events without reading the log.
        indexes = [models.Index(fields=["created_at"], name="room_event_created_idx")]

    def __str__(self) -> str:
        return f"{self.room}#{self.seq} {self.type}"

    def as_message(self) -> dict:
        return {"type": self.type, "seq": self.seq, **self.payload}


class PresenceRoom(models.Model):
    """Who a room was last told is here; its row lock orders the room's presence changes.

    Written only when a room's set of users changes (never by a heartbeat): the sockets
    themselves live in the presence store (Redis), see live/presence.py.
    """

    room = models.CharField(_("room"), max_length=90, primary_key=True)
    user_ids = models.JSONField(_("users announced"), default=list)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("room presence")
        verbose_name_plural = _("room presences")

    def __str__(self) -> str:
        return f"{self.room}: {len(self.user_ids)}"
