"""The teacher's collaboration insights and the "Live now" page, from real rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges import services as challenge_services
from collaboration import services as group_services
from collaboration.models import GroupAttendance, GroupSession
from peerhelp.services import help_session_complete
from tests.peerhelp.helpers import classmate, session

pytestmark = pytest.mark.django_db


def class_page(client, world):
    client.force_login(world.teacher_a)
    response = client.get(reverse("class_detail", args=[world.class_a.pk]))
    assert response.status_code == 200
    return response.text


def test_insights_count_help_groups_and_who_works_alone(client, world):
    dina = classmate(world)
    group = group_services.group_create(
        creator=world.alice, school_class=world.class_a, subject=world.math, name="Les curieux"
    )
    html = class_page(client, world)
    assert '<span class="stat" data-help-sessions>0</span>' in html
    assert '<span class="stat" data-active-groups>0/1</span>' in html
    assert 'data-not-collaborating="3"' in html

    request = session(world)  # alice asks, bilal helps
    help_session_complete(request_id=request.pk, user=world.alice)
    html = class_page(client, world)
    assert '<span class="stat" data-help-sessions>1</span>' in html
    assert '<span class="stat" data-helpers>1</span>' in html and "bilal" in html
    assert 'data-not-collaborating="1"' in html and f'data-student="{dina.pk}"' in html

    now = timezone.now()
    meeting = GroupSession.objects.create(group=group, started_at=now)
    GroupAttendance.objects.create(session=meeting, student=dina, first_seen_at=now)
    html = class_page(client, world)
    assert '<span class="stat" data-active-groups>1/1</span>' in html
    assert "data-not-collaborating" not in html
    assert "Everyone worked with classmates in the last 4 weeks." in html


def test_live_now_lists_what_is_live_in_the_teachers_classes_only(client, world):
    request = session(world)
    challenge = challenge_services.challenge_invite(
        challenger=world.alice, opponent=world.bilal, exercise=world.exercise, kind="speed"
    )
    challenge_services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)
    group = group_services.group_create(
        creator=world.alice, school_class=world.class_a, subject=world.math, name="Les curieux"
    )
    GroupSession.objects.create(group=group, started_at=timezone.now())  # nobody is in it

    client.force_login(world.teacher_a)
    html = client.get(reverse("live_now")).text
    assert f'data-live-help="{request.pk}"' in html
    assert reverse("peerhelp:chat", args=[request.pk]) in html
    assert f'data-live-challenge="{challenge.pk}"' in html
    assert 'data-live-group="' not in html  # an open session with nobody present is not live
    assert 'data-live-count="2"' in html and "data-nav-live-now" in html
    partial = client.get(reverse("live_now"), headers={"HX-Request": "true"}).text
    assert partial.lstrip().startswith('<div id="live-now"') and "<html" not in partial

    client.force_login(world.teacher_b)
    html = client.get(reverse("live_now")).text
    assert 'data-live-count="0"' in html
    client.force_login(world.alice)
    assert client.get(reverse("live_now")).status_code == 403
