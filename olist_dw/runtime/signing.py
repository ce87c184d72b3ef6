"""The local runtime's token issuer: an ES256 key pair made at `olist-dw up` (the private
key readable by the user only), its public half as the JWKS the services verify with, and
tokens minted from it (`olist-dw token`, the local loader's service token)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from olist_dw.runtime.credentials import write_private
from olist_dw.runtime.tls import private_pem
from services.chassis.auth.tokens import Role

ISSUER = "olist-dw-local"
AUDIENCE = "olist-dw"
ALGORITHM = "ES256"
DEFAULT_TTL_SECONDS = 3600
SERVICE_TOKEN_TTL_SECONDS = 24 * 3600  # outlasts the longest load or rebuild


def signing_key_file(home: Path) -> Path:
    return home / "auth" / "signing-key.pem"


def jwks_file(home: Path) -> Path:
    return home / "auth" / "jwks.json"


def ensure_keys(home: Path) -> None:
    """The key pair, made once (a restart keeps the tokens already minted valid)."""
    private = signing_key_file(home)
    if private.exists() and jwks_file(home).exists():
        return
    key = ec.generate_private_key(ec.SECP256R1())
    write_private(private, private_pem(key))
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    public |= {"kid": uuid.uuid4().hex[:16], "use": "sig", "alg": ALGORITHM}
    jwks_file(home).write_text(json.dumps({"keys": [public]}, indent=2) + "\n")
    jwks_file(home).chmod(0o644)  # public: the services read it


def mint(
    home: Path,
    subject: str,
    roles: Iterable[Role],
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
) -> str:
    """A bearer token for `subject` with `roles`, valid for `ttl_seconds`."""
    ensure_keys(home)
    (public,) = json.loads(jwks_file(home).read_text())["keys"]
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": subject,
        "roles": sorted(str(role) for role in roles),
        "iat": now,
        "exp": now + ttl_seconds,
    }
    key = signing_key_file(home).read_bytes()
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": public["kid"]})


def service_token(home: Path, subject: str) -> str:
    """What the local loader and rebuild call the services with."""
    return mint(home, subject, [Role.SERVICE], SERVICE_TOKEN_TTL_SECONDS)
