"""The durable side of every live room: a numbered event log per room.

The channel layer is at-most-once, so each event is written here first and broadcast after
commit; a client that missed any resumes from its last sequence number.
"""

from django.conf import settings
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

    def __str__(self) -> str:
        return f"{self.room}#{self.seq} {self.type}"

    def as_message(self) -> dict:
        return {"type": self.type, "seq": self.seq, **self.payload}


class Presence(models.Model):
    """One live socket of one user in one room (a row per socket: tabs and processes add up).

    `expires_at` is the single test of liveness: pushed forward by each heartbeat, pulled in
    to a short linger by a clean close, never touched by a socket that silently dropped.
    """

    room = models.CharField(_("room"), max_length=90)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presences"
    )
    channel_name = models.CharField(_("channel"), max_length=200, unique=True)
    connected_at = models.DateTimeField(_("connected at"))
    last_seen = models.DateTimeField(_("last seen"))
    expires_at = models.DateTimeField(_("counts until"))

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        ordering = ["room", "connected_at"]
        indexes = [
            models.Index(fields=["room", "expires_at"], name="presence_room_live"),
            models.Index(fields=["user", "expires_at"], name="presence_user_live"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.room}"


class PresenceRoom(models.Model):
    """Who a room was last told is here; its row lock orders the room's presence changes."""

    room = models.CharField(_("room"), max_length=90, primary_key=True)
    user_ids = models.JSONField(_("users announced"), default=list)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("room presence")
        verbose_name_plural = _("room presences")

    def __str__(self) -> str:
        return f"{self.room}: {len(self.user_ids)}"
