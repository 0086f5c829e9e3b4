"""Reading host tokens: every refusal has its own code; only the configured algorithm."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from hostapi import errors, tokens
from tests.hostapi.helpers import AUDIENCE, bad_tokens, mint, rsa_pair


def test_a_valid_token_gives_its_claims(host_jwt):
    claims = tokens.decode(
        mint(user_id=77, email="Nour@Madrasti.TEST", role="TEACHER", class_ids=[3, "4"])
    )
    assert (claims.user_id, claims.email, claims.role) == ("77", "nour@madrasti.test", "teacher")
    assert (claims.first_name, claims.last_name) == ("Nour", "Amrani")
    assert claims.class_ids == ("3", "4") and claims.lifetime_seconds == 60


@pytest.mark.parametrize("case", sorted(bad_tokens()))
def test_every_bad_token_is_refused_with_its_code(host_jwt, case):
    make, code = bad_tokens()[case]
    with pytest.raises(errors.HostSignInError) as refused:
        tokens.decode(make())
    assert refused.value.code == code


def test_no_key_means_sign_in_is_off(host_jwt):
    host_jwt.HOST_JWT_KEY = ""
    with pytest.raises(errors.SignInOff):
        tokens.decode(mint())


def test_issuer_is_checked_when_configured(host_jwt):
    host_jwt.HOST_JWT_ISSUER = "https://madrasti.example.ma"
    assert tokens.decode(mint(iss="https://madrasti.example.ma")).user_id == "4242"
    with pytest.raises(errors.TokenWrongIssuer):
        tokens.decode(mint(iss="https://elsewhere.example"))


def test_rs256_with_the_hosts_public_key(host_jwt):
    private_pem, public_pem = rsa_pair()
    host_jwt.HOST_JWT_ALGORITHM = "RS256"
    host_jwt.HOST_JWT_PUBLIC_KEY = public_pem
    assert tokens.decode(mint(key=private_pem, algorithm="RS256")).email == "nour@madrasti.test"
    other_private, _ = rsa_pair()
    with pytest.raises(errors.TokenBadSignature):
        tokens.decode(mint(key=other_private, algorithm="RS256"))
    # The public key is public: a token "signed" with it as an HMAC secret must not pass.
    with pytest.raises(errors.TokenBadSignature):
        tokens.decode(hmac_signed(public_pem))


def hmac_signed(secret: str) -> str:
    """An HS256 token made by hand (PyJWT itself refuses to use a PEM as an HMAC secret)."""

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {
        "token_type": "access",
        "user_id": 1,
        "email": "x@y.ma",
        "jti": "j",
        "aud": AUDIENCE,
        "exp": int(time.time()) + 60,
    }
    signing_input = f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}"
    digest = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"
