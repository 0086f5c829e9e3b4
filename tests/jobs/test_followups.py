import pytest

from jobs.followups import claim, run_subscribers
from jobs.models import FollowUpDone, PeriodicRun
from tests.jobs import tasks

REMEMBER = "tests.jobs.tasks.remember"
FLAKY = "tests.jobs.tasks.fail_once_then_remember"


@pytest.mark.django_db
def test_a_claim_is_granted_once_per_event_and_subscriber():
    assert claim(key="attempt:1", subscriber="a") is True
    assert claim(key="attempt:1", subscriber="a") is False
    assert claim(key="attempt:1", subscriber="b") is True
    assert claim(key="attempt:2", subscriber="a") is True
    assert FollowUpDone.objects.count() == 3


@pytest.mark.django_db
def test_subscribers_run_in_order_and_once():
    first = run_subscribers(key="e:1", event="x", subscribers=[REMEMBER, FLAKY])
    assert first.ran == [REMEMBER]
    assert first.failed == [FLAKY]
    # The failed subscriber's writes and its mark rolled back; the other's stayed.
    assert set(PeriodicRun.objects.values_list("task_path", flat=True)) == {"remember:x"}
    second = run_subscribers(key="e:1", event="x", subscribers=[REMEMBER, FLAKY])
    assert second.skipped == [REMEMBER]
    assert second.ran == [FLAKY]
    assert tasks.CALLS == ["remember x", "failed x", "second try x"]
    third = run_subscribers(key="e:1", event="x", subscribers=[REMEMBER, FLAKY])
    assert third.skipped == [REMEMBER, FLAKY] and not third.ran and not third.failed
