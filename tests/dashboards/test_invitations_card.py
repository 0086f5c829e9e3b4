"""The dashboard's invitations card (GET /invitations/), fetched after the page."""

import pytest
from django.urls import reverse

from challenges import services as challenges
from collaboration import services as groups

pytestmark = pytest.mark.django_db


def test_the_card_lists_what_waits_for_the_students_answer(client, world):
    challenge = challenges.challenge_invite(
        challenger=world.alice, opponent=world.bilal, exercise=world.exercise, kind="speed"
    )
    group = groups.group_create(
        creator=world.alice, school_class=world.class_a, subject=world.math, name="Wizards"
    )
    invitation = groups.group_invite(group_id=group.pk, inviter=world.alice, invitee=world.bilal)
    client.force_login(world.bilal)
    html = client.get(reverse("student_invitations")).content.decode()
    assert 'id="dashboard-invitations"' in html and " hidden" not in html
    assert f'data-invitation="{challenge.pk}" data-kind="speed"' in html
    assert "invites you to a speed challenge" in html
    assert reverse("groups:respond", args=[invitation.pk, "accept"]) in html
    # The dashboard itself only leaves room for it (its own queries stay fixed).
    home = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("student_invitations")}"' in home
    # The challenger has nothing to answer: the card stays hidden.
    client.force_login(world.alice)
    html = client.get(reverse("student_invitations")).content.decode()
    assert " hidden>" in html and "data-invitation=" not in html


def test_only_students_have_one(client, world):
    client.force_login(world.teacher_a)
    assert client.get(reverse("student_invitations")).status_code == 403
