"""Personal data at the intake boundary (docs/adr/0013-personal-data.md): a person's
identifiers become pseudonyms (a keyed hash) before anything is stored, so that no
context table, outbox, stream, dead letter or warehouse table holds them in the clear; the
free texts people wrote are sealed with AES-GCM under a ring of keys that can be rotated."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from contracts.fields import OLIST_ID_PATTERN
from contracts.personal_data import FREE_TEXT_COLUMNS, IDENTIFIER_COLUMNS
from shared_kernel.pseudonyms import pseudonym

MINIMUM_KEY_LENGTH = 32
_OLIST_ID = re.compile(OLIST_ID_PATTERN)
_KNOWN_LIMIT = 1 << 20  # pseudonyms remembered (the same customer ids come in several files)


class MissingKey(RuntimeError):
    """A context that takes personal data was started without the key it needs."""


class Pseudonyms:
    def __init__(self, key: str) -> None:
        if len(key) < MINIMUM_KEY_LENGTH:
            raise MissingKey(
                f"the pseudonym key must have at least {MINIMUM_KEY_LENGTH} characters"
            )
        self._key = key.encode()
        self._known: dict[str, str] = {}

    def of(self, identifier: str) -> str:
        known = self._known.get(identifier)
        if known is None:
            if len(self._known) >= _KNOWN_LIMIT:
                self._known.clear()
            known = self._known[identifier] = pseudonym(self._key, identifier)
        return known

    def values(
        self, values: Mapping[str, str | None], columns: frozenset[str] = IDENTIFIER_COLUMNS
    ) -> Mapping[str, str | None]:
        """A row's values with each well-formed identifier (as the record's format check
        reads it: stripped) replaced by its pseudonym, which is as well-formed. One that is
        not well-formed identifies nobody, stays as it came, and is what the check refuses."""
        identifying = columns.intersection(values) if columns else columns
        if not identifying:
            return values  # most rows of most files: nothing to replace, nothing copied
        replaced = dict(values)
        for column in identifying:
            value = values[column]
            if value and _OLIST_ID.match(stripped := value.strip()):
                replaced[column] = self.of(stripped)
        return replaced


@dataclass(frozen=True)
class TextKey:
    key_id: str
    key: bytes


class TextKeys:
    """A ring of AES-256-GCM keys, the first the one that seals; the others still open what
    they sealed until `olist-dw keys rotate-texts` has sealed it again with the first.

    A sealed text reads `aesgcm:<key id>:<base64url(nonce | ciphertext | tag)>`; the
    associated data binds it to where it belongs (e.g. `review:<id>:<order>:title`), so a
    sealed text copied to another row does not open."""

    PREFIX = "aesgcm"

    def __init__(self, ring: list[TextKey]) -> None:
        if not ring:
            raise MissingKey("no text key: OLIST_DW_TEXT_KEYS is empty")
        self.ring = ring
        self._by_id = {k.key_id: AESGCM(k.key) for k in ring}
        self._nonces = {k.key_id: _nonce_maker(k.key) for k in ring}

    @classmethod
    def parse(cls, setting: str) -> TextKeys:
        """`<id>:<base64url 32 bytes>[,<id>:<key>...]`, the sealing key first."""
        ring = []
        for part in filter(None, (p.strip() for p in setting.split(","))):
            key_id, _, encoded = part.partition(":")
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            if not key_id or len(key) != 32:
                raise MissingKey(f"text key {key_id!r}: an id and 32 bytes of base64url, please")
            ring.append(TextKey(key_id, key))
        return cls(ring)

    @staticmethod
    def new_key_setting(key_id: str) -> str:
        return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')}"

    @property
    def sealing_id(self) -> str:
        return self.ring[0].key_id

    def seal(self, text: str | None, where: str) -> str | None:
        """The text sealed with the ring's first key. The nonce is derived from the key, the
        place and the text (a synthetic IV), so the same words seal the same way: a repeated
        load rewrites nothing. The price: two equal texts in one column look equal."""
        if text is None:
            return None
        nonce = self._nonces[self.sealing_id](f"{where}\x00{text}".encode())
        sealed = self._by_id[self.sealing_id].encrypt(nonce, text.encode(), where.encode())
        body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"{self.PREFIX}:{self.sealing_id}:{body}"

    def open(self, sealed: str | None, where: str) -> str | None:
        if sealed is None:
            return None
        prefix, key_id, body = sealed.split(":", 2)
        if prefix != self.PREFIX or key_id not in self._by_id:
            raise KeyError(f"no key {key_id!r} in the ring to open a text")
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return self._by_id[key_id].decrypt(raw[:12], raw[12:], where.encode()).decode()

    def sealed_with(self, sealed: str) -> str:
        return sealed.split(":", 2)[1]

    def values(self, values: Mapping[str, str | None]) -> dict[str, str | None]:
        """A rejected row's values with its free texts sealed (bound to their column)."""
        return {
            column: self.seal(value, column) if column in FREE_TEXT_COLUMNS else value
            for column, value in values.items()
        }


def _nonce_maker(key: bytes) -> Callable[[bytes], bytes]:
    nonce_key = hmac.new(key, b"olist-dw text nonce", hashlib.sha256).digest()
    return lambda message: hmac.new(nonce_key, message, hashlib.sha256).digest()[:12]


@dataclass(frozen=True)
class PersonalData:
    """What a context that takes source rows does with people's data."""

    pseudonyms: Pseudonyms
    texts: TextKeys


def personal_data_of(pseudonym_key: str | None, text_keys: str | None) -> PersonalData:
    """From the settings; a context that takes source rows refuses to start without them."""
    if not pseudonym_key or not text_keys:
        raise MissingKey(
            "OLIST_DW_PSEUDONYM_KEY and OLIST_DW_TEXT_KEYS must be set: a context that takes"
            " source rows stores customers' identifiers as pseudonyms and their words sealed"
            " (docs/security.md)"
        )
    return PersonalData(Pseudonyms(pseudonym_key), TextKeys.parse(text_keys))
