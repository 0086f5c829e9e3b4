"""The retention clean-up removes technical records past their time and nothing newer."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from hostapi.models import HandoffRedemption
from live.models import PresenceRoom, RoomEvent
from live.publish import publish
from privacy.retention import retention_cleanup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_events")]


def test_old_records_go_and_recent_ones_stay(world):
    now = timezone.now()
    for i in range(3):
        publish(room="user.1", type="t", payload={"i": i})
    RoomEvent.objects.filter(seq=1).update(created_at=now - timedelta(days=30))
    for age in (timedelta(days=-1), timedelta(days=1)):  # one expired, one still valid
        store = SessionStore()
        store.set_expiry(now - age)
        store.save()
    PresenceRoom.objects.create(room="old", user_ids=[], updated_at=now - timedelta(days=3))
    PresenceRoom.objects.create(room="busy", user_ids=[7], updated_at=now - timedelta(days=3))
    PresenceRoom.objects.create(room="fresh", user_ids=[], updated_at=now)
    for jti, expires in (("old", now - timedelta(hours=1)), ("live", now + timedelta(minutes=1))):
        HandoffRedemption.objects.create(
            jti=jti, user=world.alice, redeemed_at=now, expires_at=expires
        )
    for model in (AccessAttempt, AccessFailureLog):
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        for username in ("old", "new"):
            model.objects.create(username=username, ip_address="10.0.0.1", user_agent="x", **extra)
        model.objects.filter(username="old").update(attempt_time=now - timedelta(days=40))

    report = retention_cleanup(now=now)

    assert list(RoomEvent.objects.order_by("seq").values_list("seq", flat=True)) == [2, 3]
    assert Session.objects.count() == 1
    assert set(PresenceRoom.objects.values_list("room", flat=True)) == {"busy", "fresh"}
    assert list(HandoffRedemption.objects.values_list("jti", flat=True)) == ["live"]
    assert not AccessAttempt.objects.filter(username="old").exists()
    assert AccessFailureLog.objects.filter(username="new").exists()
    assert report.removed["room log events"] == 1 and report.removed["login records"] == 2
    out = StringIO()
    call_command("privacy_cleanup", stdout=out)
    assert "room log events: 0" in out.getvalue()
