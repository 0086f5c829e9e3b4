"""The weekly email to parents: who is due, what it says, the link that stops it.

Short on purpose: what grew, effort recognised, help given, how many reflections were
shared (their words stay on the page, behind the parent's sign-in, not in a mailbox)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import ParentLink, User

from . import selectors
from .models import FamilyPreference

# A second run within this time sends nothing (the weekly schedule may drift a little).
RESEND_AFTER = timedelta(days=6)
_SALT = "family.weekly-email.stop"


def unsubscribe_token(parent: User) -> str:
    return signing.dumps(parent.pk, salt=_SALT)


def read_unsubscribe_token(token: str) -> int:
    return signing.loads(token, salt=_SALT)


def parents_due(*, now: datetime) -> list[User]:
    """Active parents with an email and at least one child, whose email is on and not sent
    within the last RESEND_AFTER."""
    stopped_or_recent = FamilyPreference.objects.filter(parent=OuterRef("pk")).filter(
        Q(weekly_email=False) | Q(last_digest_at__gt=now - RESEND_AFTER)
    )
    has_child = ParentLink.objects.filter(
        parent=OuterRef("pk"), child__is_active=True, child__role=User.Role.STUDENT
    )
    return list(
        User.objects.filter(role=User.Role.PARENT, is_active=True)
        .exclude(email="")
        .filter(Exists(has_child))
        .exclude(Exists(stopped_or_recent))
        .order_by("pk")
    )


@dataclass
class Digest:
    parent: User
    weeks: list[selectors.ChildWeek]

    @property
    def worth_sending(self) -> bool:
        """A quiet week for every child sends nothing: no email asks why a child rested."""
        return any(not w.is_quiet or w.shared_reflections for w in self.weeks)


def digest_for(*, parent: User, now: datetime) -> Digest:
    children = selectors.children_of(parent=parent)
    return Digest(parent, [selectors.child_week(child=c, now=now) for c in children])


def _language(parent: User) -> str:
    preference = FamilyPreference.objects.filter(parent=parent).first()
    return (preference and preference.language) or settings.LANGUAGE_CODE


def digest_message(digest: Digest) -> EmailMessage:
    site = settings.SITE_URL.rstrip("/")
    with translation.override(_language(digest.parent)):
        context = {
            "digest": digest,
            "site": site,
            "page_url": site + reverse("family:home"),
            "stop_url": site
            + reverse("family:unsubscribe", args=[unsubscribe_token(digest.parent)]),
        }
        subject = render_to_string("family/digest_subject.txt", context).strip()
        body = render_to_string("family/digest.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[digest.parent.email],
        headers={"List-Unsubscribe": f"<{context['stop_url']}>"},
    )
