"""Writes for study groups: create, join, leave, invite, goals.

Each write locks the group row and ends by publishing its event (to the group's room, or to
an invitee's own room). The live session's writes are in `sessions.py`.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from live.publish import publish
from live.rooms import user_room
from mastery.models import Skill
from project.i18n import all_languages
from schools.models import SchoolClass, Subject, TeachingAssignment

from . import rules, selectors, writes
from .errors import Invalid, NotAllowed, NotAvailable
from .models import (
    GroupGoal,
    GroupInvitation,
    GroupMembership,
    StudyGroup,
)

# --- groups -----------------------------------------------------------------------------------


@transaction.atomic
def group_create(
    *,
    creator: User,
    school_class: SchoolClass,
    subject: Subject,
    name: str,
    description: str = "",
    current_focus: str = "",
    focus_skill: Skill | None = None,
    max_members: int = rules.DEFAULT_MAX_MEMBERS,
    is_open: bool = True,
    now: datetime | None = None,
) -> StudyGroup:
    """A student starts a group in their own class, for a subject taught there."""
    now = now or timezone.now()
    if not (creator.is_student and creator.is_active):
        raise NotAllowed(_("Only students start study groups."))
    if not selectors.in_class(student=creator, class_id=school_class.pk):
        raise NotAllowed(_("You can only start a group in your own class."))
    if not TeachingAssignment.objects.filter(school_class=school_class, subject=subject).exists():
        raise Invalid(_("Please choose a subject of your class."))
    if focus_skill is not None and focus_skill.subject_id != subject.pk:
        raise Invalid(_("The focus skill must belong to the group's subject."))
    if not rules.MIN_MAX_MEMBERS <= max_members <= rules.MAX_MAX_MEMBERS:
        raise Invalid(
            _("A group has between %(min)d and %(max)d members.")
            % {"min": rules.MIN_MAX_MEMBERS, "max": rules.MAX_MAX_MEMBERS}
        )
    group = StudyGroup.objects.create(
        school_class=school_class,
        subject=subject,
        name=writes.clean(name, 100, _("a name")),
        description=(description or "").strip()[:1000],
        current_focus=(current_focus or "").strip()[:200],
        focus_skill=focus_skill,
        max_members=max_members,
        is_open=is_open,
        created_by=creator,
        created_at=now,
    )
    GroupMembership.objects.create(group=group, student=creator, joined_at=now)
    return group


def _add_member(group: StudyGroup, student: User, now: datetime, *, invited: bool) -> None:
    if not (student.is_student and student.is_active):
        raise NotAllowed()
    if not selectors.in_class(student=student, class_id=group.school_class_id):
        raise NotAllowed(_("Study groups are for classmates."))
    if selectors.is_member(user=student, group_id=group.pk):
        return
    count = GroupMembership.objects.filter(group=group).count()
    if rules.is_full(members=count, max_members=group.max_members):
        raise NotAvailable(_("This group is full."))
    if not rules.may_join(
        is_open=group.is_open, invited=invited, members=count, max_members=group.max_members
    ):
        raise NotAllowed(_("This group takes members by invitation."))
    GroupMembership.objects.create(group=group, student=student, joined_at=now)
    writes.publish(group.pk, "member.joined", {"member": selectors.person(student)})
    _publish_goals_if_any(group)


@transaction.atomic
def group_join(*, group_id: int, student: User, now: datetime | None = None) -> StudyGroup:
    now = now or timezone.now()
    group = writes.locked_group(group_id)
    invitation = (
        GroupInvitation.objects.select_for_update()
        .filter(group=group, invitee=student, status=GroupInvitation.Status.PENDING)
        .first()
    )
    _add_member(group, student, now, invited=invitation is not None)
    if invitation is not None:
        invitation.status = GroupInvitation.Status.ACCEPTED
        invitation.responded_at = now
        invitation.save(update_fields=["status", "responded_at"])
        _publish_answered(invitation, accepted=True)
    return group


@transaction.atomic
def group_leave(*, group_id: int, student: User) -> None:
    group = writes.locked_group(group_id)
    deleted, _ = GroupMembership.objects.filter(group=group, student=student).delete()
    if not deleted:
        raise NotAllowed()
    writes.publish(group.pk, "member.left", {"member": selectors.person(student)})
    _publish_goals_if_any(group)


@transaction.atomic
def group_invite(
    *, group_id: int, inviter: User, invitee: User, now: datetime | None = None
) -> GroupInvitation:
    """A member invites a classmate; the invitee is told live on their own channel."""
    now = now or timezone.now()
    group = writes.locked_group(group_id)
    writes.require_member(inviter, group)
    if not selectors.invitable(group=group).filter(pk=invitee.pk).exists():
        raise Invalid(_("Please choose a classmate who is not in the group yet."))
    if rules.is_full(
        members=GroupMembership.objects.filter(group=group).count(), max_members=group.max_members
    ):
        raise NotAvailable(_("This group is full."))
    invitation = GroupInvitation.objects.create(
        group=group, invitee=invitee, invited_by=inviter, created_at=now
    )
    publish(
        room=user_room(invitee.pk),
        type="group.invited",
        payload={
            "invitation": invitation.pk,
            "group": _invited_group(group),
            "invited_by": selectors.person(inviter),
        },
    )
    return invitation


def _invited_group(group: StudyGroup) -> dict:
    return {"id": group.pk, "name": group.name, "subject": all_languages(group.subject, "name")}


def _publish_answered(invitation: GroupInvitation, *, accepted: bool) -> None:
    """The invitee's other pages stop offering the invitation (sent on commit)."""
    publish(
        room=user_room(invitation.invitee_id),
        type="group.invitation_answered",
        payload={
            "invitation": invitation.pk,
            "group": _invited_group(invitation.group),
            "accepted": accepted,
        },
    )


@transaction.atomic
def invitation_respond(
    *, invitation_id: int, student: User, accept: bool, now: datetime | None = None
) -> GroupInvitation:
    now = now or timezone.now()
    pending = GroupInvitation.objects.filter(
        pk=invitation_id, invitee=student, status=GroupInvitation.Status.PENDING
    )
    group = None
    if accept:
        # The group's row before the invitation's, as `group_join` takes them (one lock
        # order, docs/protocol.md): a join and an acceptance at once never deadlock.
        group_id = pending.values_list("group_id", flat=True).first()
        if group_id is None:
            raise NotAvailable()
        group = writes.locked_group(group_id)
    invitation = pending.select_for_update().first()
    if invitation is None:
        raise NotAvailable()
    if group is not None:
        _add_member(group, student, now, invited=True)
    invitation.status = (
        GroupInvitation.Status.ACCEPTED if accept else GroupInvitation.Status.DECLINED
    )
    invitation.responded_at = now
    invitation.save(update_fields=["status", "responded_at"])
    _publish_answered(invitation, accepted=accept)
    return invitation


@transaction.atomic
def group_goal_add(
    *,
    group_id: int,
    member: User,
    skill: Skill,
    target_mastery: int = rules.DEFAULT_GOAL_MASTERY,
    now: datetime | None = None,
) -> GroupGoal:
    now = now or timezone.now()
    group = writes.locked_group(group_id)
    writes.require_member(member, group)
    if skill.subject_id != group.subject_id:
        raise Invalid(_("Please choose a skill of the group's subject."))
    if not rules.MIN_GOAL_MASTERY <= target_mastery <= 100:
        raise Invalid(
            _("Please choose a target between %(min)d%% and 100%%.")
            % {"min": rules.MIN_GOAL_MASTERY}
        )
    if GroupGoal.objects.filter(group=group).count() >= rules.MAX_GOALS:
        raise Invalid(
            ngettext(
                "A group keeps at most %(n)d goal.",
                "A group keeps at most %(n)d goals.",
                rules.MAX_GOALS,
            )
            % {"n": rules.MAX_GOALS}
        )
    goal, created = GroupGoal.objects.update_or_create(
        group=group,
        skill=skill,
        defaults={"target_mastery": target_mastery},
        create_defaults={"target_mastery": target_mastery, "created_at": now},
    )
    writes.publish(group.pk, "goals", {"goals": _goals(group)})
    return goal


@transaction.atomic
def group_goal_remove(*, group_id: int, member: User, goal_id: int) -> None:
    group = writes.locked_group(group_id)
    writes.require_member(member, group)
    GroupGoal.objects.filter(group=group, pk=goal_id).delete()
    writes.publish(group.pk, "goals", {"goals": _goals(group)})


def _goals(group: StudyGroup) -> list[dict]:
    return selectors.goals_payload(group=group, member_list=selectors.members(group=group))


def _publish_goals_if_any(group: StudyGroup) -> None:
    """A member who comes or goes changes each goal's count (and who reached it)."""
    goals = _goals(group)
    if goals:
        writes.publish(group.pk, "goals", {"goals": goals})
