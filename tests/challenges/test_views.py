import pytest
from django.urls import reverse

from challenges.models import Challenge
from live.models import RoomEvent
from live.rooms import user_room

from .helpers import invite

pytestmark = pytest.mark.django_db


def test_invite_form_lists_classmates_and_class_exercises_only(client, world):
    client.force_login(world.alice)
    page = client.get(reverse("challenges:new"))
    assert page.status_code == 200
    html = page.content.decode()
    assert str(world.bilal) in html and str(world.chloe) not in html
    assert world.exercise.title in html and world.physics_exercise.title not in html
    assert "teacher may watch" in html
    response = client.post(
        reverse("challenges:new"),
        {
            "opponent": world.bilal.pk,
            "exercise": world.exercise.pk,
            "kind": "speed",
            "message": "Bonne chance !",
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert (challenge.opponent, challenge.kind, challenge.message) == (
        world.bilal,
        "speed",
        "Bonne chance !",
    )
    refused = client.post(
        reverse("challenges:new"),
        {"opponent": world.chloe.pk, "exercise": world.exercise.pk, "kind": "speed"},
    )
    assert refused.status_code == 400
    assert Challenge.objects.count() == 1


def test_list_accept_decline_and_play_page(client, world):
    first, second = invite(world), invite(world, "accuracy")
    client.force_login(world.bilal)
    listing = client.get(reverse("challenges:list")).content.decode()
    assert f'data-challenge="{first.pk}"' in listing and "Good luck!" in listing
    declined = client.post(reverse("challenges:respond", args=[second.pk, "decline"]))
    assert declined.status_code == 302
    accepted = client.post(reverse("challenges:respond", args=[first.pk, "accept"]))
    assert accepted.url == reverse("challenges:play", args=[first.pk])
    play = client.get(accepted.url).content.decode()
    assert f'data-challenge-url="/ws/challenges/{first.pk}/"' in play
    assert 'data-role="player"' in play and "data-rematch" in play
    # The challenger sees "not this time", never a reason.
    client.force_login(world.alice)
    listing = client.get(reverse("challenges:list")).content.decode()
    assert "Not this time" in listing
    assert RoomEvent.objects.filter(
        room=user_room(world.alice.pk), type="challenge.declined"
    ).exists()


def test_observers_and_outsiders(client, world):
    challenge = invite(world)
    client.force_login(world.teacher_a)
    assert (
        'data-role="observer"'
        in client.get(reverse("challenges:play", args=[challenge.pk])).content.decode()
    )
    for outsider in (world.chloe, world.teacher_b):
        client.force_login(outsider)
        assert client.get(reverse("challenges:play", args=[challenge.pk])).status_code == 404
    client.force_login(world.chloe)
    response = client.post(reverse("challenges:respond", args=[challenge.pk, "accept"]))
    assert response.status_code == 403
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PENDING


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_pages_render_in_every_language(client, world, language):
    challenge = invite(world)
    client.force_login(world.alice)
    client.cookies["django_language"] = language
    for url in (
        reverse("challenges:list"),
        reverse("challenges:new"),
        reverse("challenges:play", args=[challenge.pk]),
    ):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200


def test_teachers_see_the_live_challenges_of_their_classes(client, world):
    from challenges import services

    challenge = invite(world)
    services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)
    client.force_login(world.teacher_a)
    listing = client.get(reverse("challenges:list")).content.decode()
    assert f'data-observe="{challenge.pk}"' in listing
    client.force_login(world.teacher_b)
    assert "data-observe=" not in client.get(reverse("challenges:list")).content.decode()
    assert client.get(reverse("challenges:new")).status_code == 403
