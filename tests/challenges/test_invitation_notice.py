"""The invitee's live notice (GET /challenges/<id>/invitation/) and answering it in place."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from live.models import RoomEvent
from live.rooms import user_room

from .helpers import invite

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("speed", "invites you to a speed challenge"),
        ("accuracy", "invites you to an accuracy challenge"),
        ("improvement", "invites you to an improvement challenge"),
    ],
)
def test_the_notice_names_the_kind_and_offers_both_answers(client, world, kind, words):
    challenge = invite(world, kind, message="<b>Let's practise together!</b>")
    client.force_login(world.bilal)
    response = client.get(reverse("challenges:invitation", args=[challenge.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"\u2068{world.alice}\u2069 {words} on “{world.exercise.title}”" in html
    assert f'data-kind="{kind}"' in html
    assert "&lt;b&gt;Let&#x27;s practise together!&lt;/b&gt;" in html  # escaped, as written
    assert "csrfmiddlewaretoken" in html
    assert reverse("challenges:respond", args=[challenge.pk, "accept"]) in html
    assert reverse("challenges:respond", args=[challenge.pk, "decline"]) in html


def test_only_the_invitee_gets_a_waiting_invitation(client, world):
    challenge = invite(world)
    url = reverse("challenges:invitation", args=[challenge.pk])
    for outsider in (world.alice, world.chloe, world.teacher_a):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(world.bilal)
    Challenge.objects.filter(pk=challenge.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(url).status_code == 404  # expired, though no job closed it yet
    assert client.get(reverse("challenges:invitation", args=[challenge.pk + 99])).status_code == 404


def test_accepting_in_place_goes_to_the_match_and_tells_both_players(client, world):
    challenge = invite(world)
    client.force_login(world.bilal)
    response = client.post(reverse("challenges:respond", args=[challenge.pk, "accept"]), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("challenges:play", args=[challenge.pk])
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.ACCEPTED
    told = RoomEvent.objects.filter(type__startswith="challenge.").values_list("room", "type")
    assert set(told) >= {
        (user_room(world.alice.pk), "challenge.accepted"),
        (user_room(world.bilal.pk), "challenge.answered"),
    }
    answered = RoomEvent.objects.get(type="challenge.answered")
    assert answered.payload["accepted"] is True


def test_not_this_time_in_place_removes_the_invitation(client, world):
    challenge = invite(world)
    client.force_login(world.bilal)
    response = client.post(reverse("challenges:respond", args=[challenge.pk, "decline"]), **HTMX)
    assert (response.status_code, response.content) == (200, b"")
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.DECLINED
    assert RoomEvent.objects.get(type="challenge.answered").payload["accepted"] is False


def test_an_answer_that_comes_too_late_is_explained_in_place(client, world):
    challenge = invite(world)
    client.force_login(world.bilal)
    client.post(reverse("challenges:respond", args=[challenge.pk, "decline"]))
    again = client.post(reverse("challenges:respond", args=[challenge.pk, "accept"]), **HTMX)
    assert again.status_code == 409
    html = again.content.decode()
    assert f'data-invitation="{challenge.pk}"' in html and "data-invitation-closed" in html
    assert "not open for that right now" in html
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.DECLINED
    # Someone else's invitation is refused the same way, and nothing changes.
    other = invite(world)
    client.force_login(world.chloe)
    refused = client.post(reverse("challenges:respond", args=[other.pk, "accept"]), **HTMX)
    assert refused.status_code == 409
    other.refresh_from_db()
    assert other.status == Challenge.Status.PENDING
