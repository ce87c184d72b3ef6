"""Bearer tokens as the services verify them: the runtime's own tokens pass; expired,
forged, wrong-issuer, wrong-audience, unsigned and symmetric-key tokens are refused."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from olist_dw.runtime.signing import AUDIENCE, ISSUER, jwks_file, mint, signing_key_file
from services.chassis.auth.tokens import Role, TokenRefused, TokenVerifier


@pytest.fixture
def home(tmp_path: Path) -> Path:
    mint(tmp_path, "warm-up", [])  # makes the key pair
    return tmp_path


@pytest.fixture
def verifier(home: Path) -> TokenVerifier:
    return TokenVerifier(str(jwks_file(home)), ISSUER, AUDIENCE)


def signed(home: Path, key: bytes | None = None, algorithm: str = "ES256", **claims) -> str:
    (public,) = json.loads(jwks_file(home).read_text())["keys"]
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "someone", "roles": ["admin"],
            "iat": now, "exp": now + 600} | claims  # fmt: skip
    secret = key if key is not None else signing_key_file(home).read_bytes()
    return jwt.encode(body, secret, algorithm=algorithm, headers={"kid": public["kid"]})


def test_a_token_minted_by_the_runtime_names_its_subject_and_roles(home, verifier):
    principal = verifier.verify(mint(home, "ana", [Role.ANALYST], ttl_seconds=60))
    assert principal.subject == "ana" and principal.roles == {Role.ANALYST}


def test_unknown_roles_grant_nothing(home, verifier):
    assert verifier.verify(signed(home, roles=["root", "analyst"])).roles == {Role.ANALYST}


@pytest.mark.parametrize(
    ("claims", "refusal"),
    [
        ({"exp": int(time.time()) - 120}, "expired"),
        ({"iss": "someone-else"}, "issuer"),
        ({"aud": "another-api"}, "(?i)audience"),
        ({"sub": None}, "sub"),
    ],
)
def test_a_token_with_a_wrong_claim_is_refused(home, verifier, claims, refusal):
    body = {k: v for k, v in claims.items() if v is not None}
    token = signed(home, **body) if "sub" not in claims else _without_sub(home)
    with pytest.raises(TokenRefused, match=refusal):
        verifier.verify(token)


def _without_sub(home: Path) -> str:
    (public,) = json.loads(jwks_file(home).read_text())["keys"]
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600}
    key = signing_key_file(home).read_bytes()
    return jwt.encode(body, key, algorithm="ES256", headers={"kid": public["kid"]})


def test_a_forged_signature_is_refused(home, verifier):
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(TokenRefused, match="Signature"):
        verifier.verify(signed(home, key=other))


def test_an_unsigned_or_symmetric_token_is_refused(home, verifier):
    unsigned = jwt.encode({"sub": "x", "iss": ISSUER, "aud": AUDIENCE}, None, algorithm="none")
    with pytest.raises(TokenRefused, match="'none' is not accepted"):
        verifier.verify(unsigned)
    public_as_secret = b"the public key, used as an HMAC secret: the key-confusion attack"
    with pytest.raises(TokenRefused, match="'HS256' is not accepted"):
        verifier.verify(signed(home, key=public_as_secret, algorithm="HS256"))
    with pytest.raises(TokenRefused, match="not a JWT"):
        verifier.verify("not-a-token")


def test_a_service_without_a_jwks_refuses_every_token(home):
    with pytest.raises(TokenRefused, match="no JWKS"):
        TokenVerifier(None, ISSUER, AUDIENCE).verify(mint(home, "x", [Role.ADMIN]))


def test_the_signing_key_is_readable_by_its_owner_only(home):
    assert signing_key_file(home).stat().st_mode & 0o077 == 0


def test_a_token_verified_once_is_refused_again_once_it_has_expired(home):
    verifier = TokenVerifier(str(jwks_file(home)), ISSUER, AUDIENCE, leeway=0)
    token = signed(home, exp=int(time.time()) + 1)
    assert verifier.verify(token).subject == "someone"
    assert verifier.verify(token).subject == "someone"  # the second time from the cache
    time.sleep(1.2)
    with pytest.raises(TokenRefused, match="expired"):
        verifier.verify(token)
