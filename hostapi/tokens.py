"""Reading a Madrasti 2.0 access token (djangorestframework-simplejwt) with PyJWT.

Only the algorithm configured here is accepted (never the one the token names), so a token
signed with the public key as an HMAC secret, or with `alg: none`, is refused.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import jwt
from django.conf import settings

from . import errors, rules

# SimpleJWT's own claims, and the email this service needs (docs/host-integration.md).
REQUIRED = ("exp", "jti", "user_id", "token_type", "email")


@dataclass(frozen=True)
class HostClaims:
    user_id: str
    email: str
    jti: str
    expires_at: datetime
    issued_at: datetime | None = None
    role: str | None = None  # ours, from the host's `role` claim when it has a place here
    host_role: str = ""  # the claim as sent
    first_name: str = ""
    last_name: str = ""
    school_id: str = ""
    # Host class ids when the claim is present; None leaves enrolments to roster sync.
    class_ids: tuple[str, ...] | None = None
    # A parent's children as host user ids when the claim is present; None leaves the links
    # to roster sync and the admin.
    children: tuple[str, ...] | None = None

    @property
    def lifetime_seconds(self) -> float | None:
        if self.issued_at is None:
            return None
        return (self.expires_at - self.issued_at).total_seconds()


def _key() -> str:
    key = settings.HOST_JWT_PUBLIC_KEY if settings.HOST_JWT_ALGORITHM == "RS256" else ""
    key = key or (settings.HOST_JWT_KEY if settings.HOST_JWT_ALGORITHM == "HS256" else "")
    if not key:
        raise errors.SignInOff()
    return key


def decode(token: str) -> HostClaims:
    """The verified claims of a host access token, or a HostSignInError saying why not."""
    if not token:
        raise errors.TokenMissing()
    key = _key()
    options = {"require": list(REQUIRED)}
    kwargs = {}
    if settings.HOST_JWT_AUDIENCE:
        kwargs["audience"] = settings.HOST_JWT_AUDIENCE
        options["require"].append("aud")
    if settings.HOST_JWT_ISSUER:
        kwargs["issuer"] = settings.HOST_JWT_ISSUER
        options["require"].append("iss")
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[settings.HOST_JWT_ALGORITHM],
            leeway=settings.HOST_JWT_LEEWAY_SECONDS,
            options=options,
            **kwargs,
        )
    except jwt.ExpiredSignatureError as error:
        raise errors.TokenExpired() from error
    except jwt.ImmatureSignatureError as error:
        raise errors.TokenNotYetValid() from error
    except jwt.InvalidSignatureError as error:
        raise errors.TokenBadSignature() from error
    except jwt.InvalidAudienceError as error:
        raise errors.TokenWrongAudience() from error
    except jwt.InvalidIssuerError as error:
        raise errors.TokenWrongIssuer() from error
    except jwt.MissingRequiredClaimError as error:
        raise errors.TokenMissingClaims() from error
    except jwt.InvalidAlgorithmError as error:
        raise errors.TokenBadSignature() from error
    except jwt.InvalidTokenError as error:  # DecodeError and the rest: not a readable token
        raise errors.TokenMalformed() from error
    return _claims(payload)


def _text(payload: dict, name: str) -> str:
    value = payload.get(name)
    return str(value).strip() if isinstance(value, str | int) and value != "" else ""


def _claims(payload: dict) -> HostClaims:
    if payload.get("token_type") != "access":
        raise errors.TokenWrongType()
    user_id, email, jti = _text(payload, "user_id"), _text(payload, "email"), _text(payload, "jti")
    if not (user_id and jti and rules.EMAIL.match(email)):
        raise errors.TokenMissingClaims()
    first, last = _text(payload, "first_name"), _text(payload, "last_name")
    if not (first or last) and _text(payload, "full_name"):
        first, last = rules.split_full_name(_text(payload, "full_name"))
    class_ids = _ids(payload.get("class_ids"))
    iat = payload.get("iat")
    return HostClaims(
        user_id=user_id,
        email=email.lower(),
        jti=jti,
        expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        issued_at=datetime.fromtimestamp(iat, UTC) if isinstance(iat, int | float) else None,
        role=rules.host_role(payload.get("role")),
        host_role=_text(payload, "role"),
        first_name=first[:150],
        last_name=last[:150],
        school_id=_text(payload, "school_id"),
        class_ids=class_ids,
        children=_ids(payload.get("children")),
    )


def _ids(value) -> tuple[str, ...] | None:
    """A list claim of host ids; None when absent or not a list."""
    if not isinstance(value, list):
        return None
    return tuple(str(v) for v in value if isinstance(v, str | int) and not isinstance(v, bool))
