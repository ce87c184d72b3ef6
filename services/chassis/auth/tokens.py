"""Bearer tokens: JWTs signed with RS256 or ES256, verified against the public keys of a
JWKS (a file, or a URL fetched and cached), with their issuer, audience and expiry."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import jwt

ALGORITHMS = ("RS256", "ES256")
LEEWAY_SECONDS = 30  # clocks differ a little between hosts
JWKS_CACHE_SECONDS = 300
# tokens already verified, until they expire: the loader sends one token with every batch
VERIFIED_CACHE_SIZE = 256


class Role(StrEnum):
    ANALYST = "analyst"
    DATA_ENGINEER = "data_engineer"
    ADMIN = "admin"
    SERVICE = "service"  # the loader and the services calling each other


class TokenRefused(Exception):
    """Why a token is not accepted (the 401's detail: never the token itself)."""


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[Role]


class TokenVerifier:
    def __init__(
        self, jwks: str | None, issuer: str, audience: str, leeway: float = LEEWAY_SECONDS
    ) -> None:
        self.issuer, self.audience, self.leeway = issuer, audience, leeway
        self._client: jwt.PyJWKClient | None = None
        self._keys: jwt.PyJWKSet | None = None
        self._verified: dict[str, tuple[Principal, float]] = {}  # token -> (who, expiry)
        if jwks and jwks.startswith(("https://", "http://")):
            self._client = jwt.PyJWKClient(jwks, cache_keys=True, lifespan=JWKS_CACHE_SECONDS)
        elif jwks:
            self._keys = jwt.PyJWKSet.from_json(Path(jwks).read_text())

    def verify(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None and time.time() < known[1] + self.leeway:
            return known[0]
        principal, expiry = self._check(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (principal, expiry)
        return principal

    def _check(self, token: str) -> tuple[Principal, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise TokenRefused(f"not a JWT ({error})") from None
        if header.get("alg") not in ALGORITHMS:
            raise TokenRefused(f"algorithm {header.get('alg')!r} is not accepted")
        try:
            claims = jwt.decode(
                token,
                self._key(header.get("kid")),
                algorithms=list(ALGORITHMS),
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise TokenRefused(str(error) or type(error).__name__) from None
        return Principal(str(claims["sub"]), _roles(claims.get("roles"))), float(claims["exp"])

    def _key(self, kid: object) -> jwt.PyJWK:
        if self._client is not None:
            try:
                return self._client.get_signing_key(str(kid))
            except jwt.PyJWKClientError as error:
                raise TokenRefused(f"no key {kid!r} in the JWKS: {error}") from None
        if self._keys is None:
            raise TokenRefused("this service has no JWKS configured (OLIST_DW_AUTH_JWKS)")
        for key in self._keys.keys:
            if key.key_id == kid:
                return key
        raise TokenRefused(f"no key {kid!r} in the JWKS")


def _roles(claim: object) -> frozenset[Role]:
    names = claim if isinstance(claim, list) else []
    return frozenset(Role(name) for name in names if name in Role._value2member_map_)
