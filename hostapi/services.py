"""Signing in with Madrasti 2.0: a verified token becomes a person here."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import AccountConflictError, parent_children_sync, user_sync_from_host
from schools.models import School, SchoolClass
from schools.services import enrollments_sync

from . import errors, rules, tokens
from .models import ApiClient, HandoffRedemption, hash_token

# Attempts reported with a person's own token are filed under this client (idempotency keys
# are scoped per person, see rules.scoped_idempotency_key).
USER_TOKENS_CLIENT = "Madrasti 2.0 sign-in (personal tokens)"


@transaction.atomic
def host_sign_in(*, claims: tokens.HostClaims) -> User:
    """The account for verified claims, created or updated from them (email is the key)."""
    if claims.host_role and claims.role is None:
        raise errors.RoleNotSupported()
    try:
        user, _created = user_sync_from_host(
            external_ref=claims.user_id,
            email=claims.email,
            role=claims.role,
            first_name=claims.first_name or None,
            last_name=claims.last_name or None,
        )
    except AccountConflictError as error:
        raise errors.AccountConflict() from error
    if not user.is_active:
        raise errors.AccountInactive()
    if user.is_student and claims.class_ids is not None:
        _enrol_from_claims(user, claims)
    if user.is_parent and claims.children is not None:
        # Children not here yet wait for roster sync (or the parent's next sign-in).
        children = User.objects.filter(external_ref__in=claims.children, role=User.Role.STUDENT)
        parent_children_sync(parent=user, children=children)
    return user


def _enrol_from_claims(student: User, claims: tokens.HostClaims) -> None:
    """Classes named in the token that roster sync already brought here; others wait for it."""
    classes = list(SchoolClass.objects.filter(external_ref__in=claims.class_ids))
    schools = list(School.objects.filter(external_ref=claims.school_id)) if claims.school_id else []
    if classes or schools:
        enrollments_sync(student=student, classes=classes, schools=schools)


def token_sign_in(*, token: str, roles: frozenset[str] = rules.SIGN_IN_ROLES) -> User:
    """A person from a host access token (API and websockets: any unexpired access token),
    refused unless their role is one of `roles`."""
    claims = tokens.decode(token)
    user = host_sign_in(claims=claims)
    if user.role not in roles:
        if user.role in rules.SIGN_IN_ROLES:
            raise errors.RoleCannotReport()
        raise errors.RoleNotSupported()
    return user


@transaction.atomic
def handoff_redeem(*, token: str, in_url: bool) -> User:
    """Exchange a hand-off token for its person, once: a replayed `jti` is refused.

    A token that came in a URL (which proxies and browser history may keep) must also be
    short-lived: at most HOST_HANDOFF_URL_MAX_SECONDS between `iat` and `exp`.
    """
    claims = tokens.decode(token)
    if in_url:
        lifetime = claims.lifetime_seconds
        if lifetime is None or lifetime > settings.HOST_HANDOFF_URL_MAX_SECONDS:
            raise errors.TokenTooLongLived()
    now = timezone.now()
    leeway = timedelta(seconds=settings.HOST_JWT_LEEWAY_SECONDS)
    HandoffRedemption.objects.filter(expires_at__lt=now - leeway).delete()
    user = host_sign_in(claims=claims)
    if user.role not in rules.SIGN_IN_ROLES:
        raise errors.RoleNotSupported()
    try:
        with transaction.atomic():
            HandoffRedemption.objects.create(
                jti=claims.jti[:255], user=user, redeemed_at=now, expires_at=claims.expires_at
            )
    except IntegrityError as error:
        raise errors.TokenReplayed() from error
    return user


def personal_tokens_client() -> ApiClient:
    """The client attempts reported with personal tokens are filed under (made once)."""
    client = ApiClient.objects.filter(name=USER_TOKENS_CLIENT).first()
    if client is not None:
        return client
    try:
        with transaction.atomic():
            # Nobody holds a token for it: it only scopes idempotency keys.
            return ApiClient.objects.create(
                name=USER_TOKENS_CLIENT, token_hash=hash_token(ApiClient.new_token())
            )
    except IntegrityError:
        return ApiClient.objects.get(name=USER_TOKENS_CLIENT)
