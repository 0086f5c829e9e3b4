"""The invitee's own channel hears their answer to a study-group invitation
(`group.invitation_answered`), so their other pages stop offering it; a refused answer
sends nothing."""

import pytest
from django.utils import timezone

from collaboration import errors, services
from collaboration.models import GroupMembership, StudyGroup
from live.models import RoomEvent
from live.rooms import user_room
from schools.models import Enrollment
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ANSWERED = "group.invitation_answered"


@pytest.fixture
def invitation(world):
    group = services.group_create(
        creator=world.alice,
        school_class=world.class_a,
        subject=world.math,
        name="Fractions club",
        is_open=False,
    )
    return services.group_invite(group_id=group.pk, inviter=world.alice, invitee=world.bilal)


def answered():
    return list(RoomEvent.objects.filter(type=ANSWERED).values_list("room", "payload"))


def expected(invitation, accepted):
    group = {
        "id": invitation.group_id,
        "name": "Fractions club",
        "subject": {"ar": "Mathematics", "fr": "Mathematics", "en": "Mathematics"},
    }
    payload = {"invitation": invitation.pk, "group": group, "accepted": accepted}
    return [(user_room(invitation.invitee_id), payload)]


@pytest.mark.parametrize("accept", [True, False])
def test_the_answer_goes_to_the_invitees_own_channel_on_commit(
    world, invitation, accept, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sent:
        services.invitation_respond(invitation_id=invitation.pk, student=world.bilal, accept=accept)
    assert answered() == expected(invitation, accept)
    assert sent, "nothing waits for the commit"


def test_joining_the_group_directly_answers_the_invitation_too(world, invitation):
    services.group_join(group_id=invitation.group_id, student=world.bilal)
    assert answered() == expected(invitation, True)


def test_a_refused_answer_sends_nothing(world, invitation):
    with pytest.raises(errors.NotAvailable):  # not theirs
        services.invitation_respond(invitation_id=invitation.pk, student=world.alice, accept=False)
    with pytest.raises(errors.NotAvailable):  # no such invitation
        services.invitation_respond(
            invitation_id=invitation.pk + 99, student=world.bilal, accept=True
        )
    # The group filled up meanwhile: joining is refused and the whole write rolls back.
    dina = make_user("dina")
    Enrollment.objects.create(student=dina, school_class=world.class_a)
    StudyGroup.objects.filter(pk=invitation.group_id).update(max_members=2)
    GroupMembership.objects.create(
        group_id=invitation.group_id, student=dina, joined_at=timezone.now()
    )
    with pytest.raises(errors.GroupError):
        services.invitation_respond(invitation_id=invitation.pk, student=world.bilal, accept=True)
    assert answered() == []
    # Answered once; a second answer is refused and says nothing more.
    services.invitation_respond(invitation_id=invitation.pk, student=world.bilal, accept=False)
    with pytest.raises(errors.NotAvailable):
        services.invitation_respond(invitation_id=invitation.pk, student=world.bilal, accept=False)
    assert answered() == expected(invitation, False)
