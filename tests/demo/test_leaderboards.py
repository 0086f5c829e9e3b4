"""The demo school's leaderboards show: most students joined, some by name, some not at all."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from accounts.models import User
from demo import people
from demo.seeders import leaderboards as boards_seeder
from leaderboards import rules, selectors
from leaderboards.models import Participant, SkippedMetric
from tests.demo_school import seed_demo_school

pytestmark = pytest.mark.django_db

ANCHOR = "2026-11-25"


def test_demo_boards_are_open_and_name_only_who_chose_it(client):
    seed_demo_school(ANCHOR)
    total = len(people.STUDENTS)
    assert Participant.objects.count() == total - total // boards_seeder.NOT_JOINED_EVERY
    assert Participant.objects.filter(show_name=True).count() >= 5
    assert SkippedMetric.objects.filter(metric=rules.CONSISTENCY).exists()
    assert not Participant.objects.filter(student__username="student06").exists()

    viewer = User.objects.get(username="student01")
    tz = timezone.get_current_timezone()
    now = datetime.combine(datetime.fromisoformat(ANCHOR).date(), time(8), tz)
    scope = selectors.board_scopes(user=viewer)[0]
    named = set(
        Participant.objects.filter(show_name=True).values_list("student__display_name", flat=True)
    )
    for metric in ("improvement", "mastery_growth", "consistency", "peer_help"):
        for period in rules.PERIODS:
            result = selectors.board(
                viewer=viewer, scope=scope, metric=metric, period=period, now=now
            )
            assert result.is_open and result.entries, (metric, period)
            assert all(e.name is None or e.name in named for e in result.entries)
            assert result.standing is not None
