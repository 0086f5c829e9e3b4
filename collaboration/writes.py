"""What every study-group write shares: the room it publishes to, text checks, the locks."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from live.publish import check_lock_order
from live.publish import publish as publish_event

from . import selectors
from .errors import Invalid, NotAllowed, NotAvailable
from .models import StudyGroup
from .room import study_group_room


def publish(group_id: int, type: str, payload: dict) -> None:
    publish_event(room=study_group_room(group_id), type=type, payload=payload)


def clean(text: str, limit: int, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Please write %(what)s.") % {"what": what})
    if len(text) > limit:
        raise Invalid(
            ngettext(
                "Please keep it under %(limit)d character.",
                "Please keep it under %(limit)d characters.",
                limit,
            )
            % {"limit": limit}
        )
    return text


def locked_group(group_id: int) -> StudyGroup:
    """The group's row, locked: every write to a group or its live session takes it first
    (the domain row, then the room cursor: docs/protocol.md "Lock order")."""
    check_lock_order(study_group_room(group_id))
    group = StudyGroup.objects.select_for_update().filter(pk=group_id, is_active=True).first()
    if group is None:
        raise NotAvailable()
    return group


def require_member(user: User, group: StudyGroup) -> None:
    if selectors.group_role(user=user, group=group) != selectors.MEMBER:
        raise NotAllowed()
