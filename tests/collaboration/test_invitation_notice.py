"""The invitee's live notice for a study-group invitation (GET /groups/invitations/<id>/),
answered in place."""

import pytest
from django.urls import reverse

from collaboration import services
from collaboration.models import GroupInvitation, GroupMembership, StudyGroup

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def invitation(world):
    group = services.group_create(
        creator=world.alice,
        school_class=world.class_a,
        subject=world.math,
        name="<i>Wizards</i>",
        is_open=False,
    )
    return services.group_invite(group_id=group.pk, inviter=world.alice, invitee=world.bilal)


def test_the_notice_names_the_group_and_offers_both_answers(client, world, invitation):
    client.force_login(world.bilal)
    response = client.get(reverse("groups:invitation", args=[invitation.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    group = "“\u2068&lt;i&gt;Wizards&lt;/i&gt;\u2069”"
    assert f"\u2068{world.alice}\u2069 invites you to the study group {group}" in html
    assert 'data-invitation-kind="group"' in html and "csrfmiddlewaretoken" in html
    for action in ("accept", "decline"):
        assert reverse("groups:respond", args=[invitation.pk, action]) in html


def test_only_the_invitee_gets_a_waiting_invitation(client, world, invitation):
    url = reverse("groups:invitation", args=[invitation.pk])
    for outsider in (world.alice, world.chloe, world.teacher_a):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(world.bilal)
    StudyGroup.objects.filter(pk=invitation.group_id).update(is_active=False)
    assert client.get(url).status_code == 404


def test_joining_in_place_opens_the_group(client, world, invitation):
    client.force_login(world.bilal)
    url = reverse("groups:respond", args=[invitation.pk, "accept"])
    response = client.post(url, **HTMX)
    assert response["HX-Redirect"] == reverse("groups:detail", args=[invitation.group_id])
    assert GroupMembership.objects.filter(
        group_id=invitation.group_id, student=world.bilal
    ).exists()
    # Answering twice is explained in place, and changes nothing.
    again = client.post(reverse("groups:respond", args=[invitation.pk, "decline"]), **HTMX)
    assert again.status_code == 409 and "data-invitation-closed" in again.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == GroupInvitation.Status.ACCEPTED


def test_not_this_time_in_place_removes_it(client, world, invitation):
    client.force_login(world.chloe)
    url = reverse("groups:respond", args=[invitation.pk, "decline"])
    assert client.post(url, **HTMX).status_code == 409  # not hers to answer
    client.force_login(world.bilal)
    response = client.post(url, **HTMX)
    assert (response.status_code, response.content) == (200, b"")
    invitation.refresh_from_db()
    assert invitation.status == GroupInvitation.Status.DECLINED
    assert not GroupMembership.objects.filter(student=world.bilal).exists()
