"""The per-socket token bucket: a burst passes, a flood is held to the rate."""

from hypothesis import given
from hypothesis import strategies as st

from live.ratelimit import TokenBucket


def test_a_burst_up_to_capacity_passes_then_the_next_waits():
    bucket = TokenBucket(capacity=3, rate=1.0)
    assert [bucket.allow(0.0) for _ in range(4)] == [True, True, True, False]
    assert bucket.allow(0.5) is False  # half a token is not a token
    assert bucket.allow(1.0) is True


def test_idle_time_refills_but_never_beyond_capacity():
    bucket = TokenBucket(capacity=2, rate=10.0)
    assert bucket.allow(0.0) and bucket.allow(0.0)
    assert [bucket.allow(100.0) for _ in range(3)] == [True, True, False]


@given(st.lists(st.floats(min_value=0, max_value=0.5), min_size=1, max_size=200))
def test_over_any_run_no_more_than_burst_plus_rate_times_elapsed_pass(gaps):
    bucket = TokenBucket(capacity=5, rate=2.0)
    now, allowed = 0.0, 0
    for gap in gaps:
        now += gap
        allowed += bucket.allow(now)
    assert allowed <= 5 + 2.0 * now + 1e-9
