"""Minting Madrasti 2.0 access tokens as its SimpleJWT would (HS256 or RS256)."""

import time
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY = "host-shared-signing-key-for-the-tests-0123456789"
AUDIENCE = "madrasti-growth"


def mint(
    *,
    user_id=4242,
    email="nour@madrasti.test",
    key=KEY,
    algorithm="HS256",
    lifetime=60,
    expired=False,
    audience=AUDIENCE,
    drop=(),
    **extra,
) -> str:
    now = int(time.time())
    iat = now - 3600 if expired else now
    claims = {
        "token_type": "access",
        "exp": iat + lifetime,
        "iat": iat,
        "jti": uuid.uuid4().hex,
        "user_id": user_id,
        "email": email,
        "role": "STUDENT",
        "full_name": "Nour Amrani",
        **extra,
    }
    if audience:
        claims["aud"] = audience
    for name in drop:
        claims.pop(name, None)
    return jwt.encode(claims, key, algorithm=algorithm)


def rsa_pair() -> tuple[str, str]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private_pem, public_pem


# name -> (token maker, expected code); each case is refused with its own clear code.
def bad_tokens():
    return {
        "expired": (lambda: mint(expired=True), "token_expired"),
        "bad_signature": (
            lambda: mint(key="another-key-not-the-hosts-0123456789ab"),
            "token_bad_signature",
        ),
        "wrong_audience": (lambda: mint(audience="another-app"), "token_wrong_audience"),
        "no_audience": (lambda: mint(audience=None), "token_missing_claims"),
        "missing_email": (lambda: mint(drop=("email",)), "token_missing_claims"),
        "missing_user_id": (lambda: mint(drop=("user_id",)), "token_missing_claims"),
        "missing_jti": (lambda: mint(drop=("jti",)), "token_missing_claims"),
        "refresh_token": (lambda: mint(token_type="refresh"), "token_wrong_type"),
        "malformed": (lambda: "abc.def.ghi", "token_malformed"),
        "alg_none": (
            lambda: jwt.encode(
                {
                    "token_type": "access",
                    "user_id": 1,
                    "email": "a@b.ma",
                    "jti": "x",
                    "exp": int(time.time()) + 60,
                    "aud": AUDIENCE,
                },
                None,
                algorithm="none",
            ),
            "token_bad_signature",
        ),
    }
