"""Writes to people's accounts."""

from django.db import IntegrityError, transaction

from .models import User


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
