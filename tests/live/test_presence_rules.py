from datetime import timedelta

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from live import rules


@given(st.floats(min_value=0.5, max_value=3600))
def test_three_heartbeats_fit_in_the_grace_period(grace):
    assert rules.heartbeat_seconds(grace) * 3 <= max(grace, 1.5) + 1e-9


@given(st.floats(min_value=0.5, max_value=3600), st.floats(min_value=0, max_value=3600))
def test_a_leave_never_extends_a_socket(grace, left_after):
    now = timezone.now()
    expires = rules.expiry_after_beat(now=now, grace=grace)
    leave_at = now + timedelta(seconds=left_after)
    after = rules.expiry_after_leave(now=leave_at, expires_at=expires, grace=grace)
    assert after <= expires
    assert after <= leave_at + timedelta(seconds=rules.LEAVE_LINGER_SECONDS)


def test_liveness_is_strict():
    now = timezone.now()
    assert rules.is_live(expires_at=now + timedelta(microseconds=1), now=now)
    assert not rules.is_live(expires_at=now, now=now)


@given(st.floats(min_value=0.5, max_value=3600))
def test_a_skipped_beat_costs_a_socket_at_most_a_tenth_of_its_grace(grace):
    skip = rules.beat_skip_seconds(grace)
    assert 0 < skip <= rules.BEAT_SKIP_MAX_SECONDS
    assert skip <= grace / 10
    # Clients ping every heartbeat: far apart enough that none of their pings is skipped.
    assert skip < rules.heartbeat_seconds(grace)
