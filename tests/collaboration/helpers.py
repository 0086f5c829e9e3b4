from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from collaboration import services
from collaboration.models import StudyGroup
from collaboration.room import study_group_room
from live import presence
from schools.models import Enrollment
from tests.factories import make_user


@dataclass
class Group:
    group: StudyGroup
    dina: User  # a third member, class A


def make_group(world, *, is_open=True, **extra) -> Group:
    dina = make_user("dina")
    Enrollment.objects.create(student=dina, school_class=world.class_a)
    group = services.group_create(
        creator=world.alice,
        school_class=world.class_a,
        subject=world.math,
        name="Math Wizards",
        current_focus="Master addition together",
        focus_skill=world.skills[0],
        is_open=True,
        **extra,
    )
    services.group_join(group_id=group.pk, student=world.bilal)
    services.group_join(group_id=group.pk, student=dina)
    if not is_open:
        StudyGroup.objects.filter(pk=group.pk).update(is_open=False)
        group.refresh_from_db()
    return Group(group, dina)


def arrive(group: StudyGroup, user: User, tab: str = "", now=None):
    """`user` opens the live session (a socket named after them, or `tab`)."""
    return presence.presence_join(
        room=study_group_room(group.pk),
        user=user,
        channel_name=tab or f"sock-{user.username}",
        now=now or timezone.now(),
    )


def depart(group: StudyGroup, user: User, tab: str = "", now=None):
    return presence.presence_leave(
        room=study_group_room(group.pk),
        user=user,
        channel_name=tab or f"sock-{user.username}",
        now=now or timezone.now(),
    )


def sweep_after(seconds: float):
    return presence.presence_sweep(now=timezone.now() + timedelta(seconds=seconds))
