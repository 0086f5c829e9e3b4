"""Writes to people's accounts."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .models import ParentLink, User


class AccountConflictError(Exception):
    """Two accounts here claim one Madrasti person: one by their host id, one by their email."""


@transaction.atomic
def user_sync_from_host(
    *,
    external_ref: str,
    email: str,
    role: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> tuple[User, bool]:
    """Create or update the account of a Madrasti 2.0 person; returns (user, created).

    Email is the key, as on the host; the host's user id is kept too, so a person whose email
    changed on the host keeps their account (and history) here. None leaves a field as it is.
    Staff and superuser flags are never set from the host.
    """
    email = email.strip().lower()
    by_ref = User.objects.filter(external_ref=external_ref).first() if external_ref else None
    by_email = User.objects.filter(email__iexact=email).first()
    if by_ref and by_email and by_ref.pk != by_email.pk:
        raise AccountConflictError(email)
    user = by_ref or by_email
    if user is None:
        return _create(
            external_ref=external_ref, email=email, role=role, first=first_name, last=last_name
        )
    wanted = {
        "email": email,
        "external_ref": external_ref or user.external_ref,
        "role": role,
        "first_name": first_name,
        "last_name": last_name,
    }
    changed = [
        name for name, value in wanted.items() if value is not None and getattr(user, name) != value
    ]
    for name in changed:
        setattr(user, name, wanted[name])
    if changed:
        user.save(update_fields=changed)
    return user, False


def _create(*, external_ref, email, role, first, last) -> tuple[User, bool]:
    user = User(
        username=_free_username(email),
        email=email,
        external_ref=external_ref,
        role=role or User.Role.STUDENT,
        first_name=first or "",
        last_name=last or "",
    )
    # Host people sign in through the host; a local password can be set later for the demo.
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # The same person's first two requests raced: the other one created the account.
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            raise
        return existing, False
    return user, True


def _free_username(email: str) -> str:
    base = email[:140]
    if not User.objects.filter(username=base).exists():
        return base
    suffix = 2
    while User.objects.filter(username=f"{base}-{suffix}").exists():
        suffix += 1
    return f"{base}-{suffix}"


@dataclass(frozen=True)
class LinkChanges:
    added: int = 0
    removed: int = 0


def _host_links_set(*, existing, wanted: dict[tuple[int, int], None]) -> LinkChanges:
    """Make the host's links in `existing` exactly `wanted` ((parent id, child id) pairs);
    links an administrator added are never removed, and count as present."""
    have = {(link.parent_id, link.child_id): link for link in existing}
    stale = [
        link.pk
        for pair, link in have.items()
        if pair not in wanted and link.source == ParentLink.Source.HOST
    ]
    if stale:
        ParentLink.objects.filter(pk__in=stale).delete()
    new = [
        ParentLink(parent_id=parent, child_id=child, source=ParentLink.Source.HOST)
        for parent, child in wanted
        if (parent, child) not in have
    ]
    ParentLink.objects.bulk_create(new)
    return LinkChanges(added=len(new), removed=len(stale))


@transaction.atomic
def child_parents_sync(*, child: User, parents: Iterable[User]) -> LinkChanges:
    """The host names a student's parents (its `User.parent`): their host links become
    exactly these. Accounts that are not parents and students' own accounts are ignored."""
    if not child.is_student:
        return LinkChanges()
    wanted = dict.fromkeys((p.pk, child.pk) for p in parents if p.is_parent and p.pk != child.pk)
    existing = ParentLink.objects.select_for_update().filter(child=child)
    return _host_links_set(existing=existing, wanted=wanted)


@transaction.atomic
def parent_children_sync(*, parent: User, children: Iterable[User]) -> LinkChanges:
    """The host names all of a parent's children (the `children` claim of their sign-in): the
    parent's host links become exactly these."""
    if not parent.is_parent:
        return LinkChanges()
    wanted = dict.fromkeys((parent.pk, c.pk) for c in children if c.is_student)
    existing = ParentLink.objects.select_for_update().filter(parent=parent)
    return _host_links_set(existing=existing, wanted=wanted)
