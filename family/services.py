"""Writes for a parent's own settings."""

from datetime import datetime

from django.conf import settings
from django.db import transaction

from accounts.models import User

from . import digest
from .errors import NotAParent
from .models import FamilyPreference


@transaction.atomic
def weekly_email_set(*, parent: User, on: bool) -> FamilyPreference:
    """The one-click switch for the weekly email (also the email's own unsubscribe link)."""
    if not parent.is_parent:
        raise NotAParent()
    preference, _created = FamilyPreference.objects.update_or_create(
        parent=parent, defaults={"weekly_email": on}
    )
    return preference


@transaction.atomic
def family_language_remember(*, parent: User, language: str) -> None:
    """The weekly email speaks the language the parent reads their page in."""
    if parent.is_parent and language in dict(settings.LANGUAGES):
        FamilyPreference.objects.update_or_create(parent=parent, defaults={"language": language})


@transaction.atomic
def digest_mark_sent(*, parent: User, at: datetime) -> None:
    FamilyPreference.objects.update_or_create(parent=parent, defaults={"last_digest_at": at})


def family_digests_send(*, now: datetime, dry_run: bool = False) -> tuple[int, int]:
    """Send each due parent their weekly email; returns (sent, quiet weeks skipped).

    One parent at a time, each marked once handled: a failure halfway leaves the others
    sent and marked, and the next run picks up the rest."""
    sent = skipped = 0
    for parent in digest.parents_due(now=now):
        weekly = digest.digest_for(parent=parent, now=now)
        if weekly.worth_sending:
            if not dry_run:
                digest.digest_message(weekly).send()
            sent += 1
        else:
            skipped += 1
        if not dry_run:
            digest_mark_sent(parent=parent, at=now)
    return sent, skipped
