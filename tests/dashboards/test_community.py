"""The student's community impact: help given and received this week, study-group sessions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.community import community_impact
from peerhelp.models import HelpRequest
from tests.collaboration.helpers import arrive, make_group
from tests.peerhelp.helpers import completed

pytestmark = pytest.mark.django_db


def test_a_new_student_is_invited_to_learn_together(client, world):
    impact = community_impact(student=world.alice, now=timezone.now())
    assert impact.is_empty
    client.force_login(world.alice)
    html = client.get(reverse("home")).text
    assert 'data-section="community"' in html
    assert "Learning together counts too" in html


def test_help_and_group_sessions_of_this_week_are_counted(client, world):
    # Bilal helps Alice twice this week: one classmate helped, one peer who helped her.
    completed(world, rating=5, thank_you="Thanks!")
    completed(world, rating=4)
    old = completed(world, rating=5)
    HelpRequest.objects.filter(pk=old.pk).update(completed_at=timezone.now() - timedelta(days=8))
    group = make_group(world)
    arrive(group.group, world.bilal)

    bilal = community_impact(student=world.bilal, now=timezone.now())
    assert (bilal.helped, bilal.was_helped, bilal.group_sessions) == (1, 0, 1)
    assert bilal.level == "helpful_peer"  # 3 sessions in all, average 4.7
    alice = community_impact(student=world.alice, now=timezone.now())
    assert (alice.helped, alice.was_helped, alice.group_sessions) == (0, 1, 0)
    assert alice.level is None
    # Another class sees none of it.
    assert community_impact(student=world.chloe, now=timezone.now()).is_empty

    client.force_login(world.bilal)
    html = client.get(reverse("home")).text
    assert "Helped 1 classmate this week" in html
    assert "1 study-group session" in html
    assert "Helper recognition: Helpful peer" in html
