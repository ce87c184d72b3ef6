"""The local runtime's passwords: one per PostgreSQL role and NATS user, made at `olist-dw up`
into a file only the user can read (0600, in the 0700 `auth` folder beside the signing key),
kept across restarts, and a libpq password file for the programs that take a conninfo on
their command line (Barman's pg_receivewal and pg_basebackup), so that no password shows
in a process list."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Credentials:
    postgres: dict[str, str] = field(default_factory=dict)  # role -> password
    nats: dict[str, str] = field(default_factory=dict)  # user -> password
    keys: dict[str, str] = field(default_factory=dict)  # what -> key (pseudonyms, texts)


def credentials_file(home: Path) -> Path:
    return home / "auth" / "credentials.json"


def password_file(home: Path) -> Path:
    return home / "auth" / "pgpass"


def read_credentials(home: Path) -> Credentials:
    try:
        raw = json.loads(credentials_file(home).read_text())
    except (OSError, ValueError):
        return Credentials()
    return Credentials(
        dict(raw.get("postgres", {})), dict(raw.get("nats", {})), dict(raw.get("keys", {}))
    )


def ensure_credentials(
    home: Path,
    roles: Iterable[str],
    nats_users: Iterable[str] = (),
    keys: Mapping[str, Callable[[], str]] | None = None,
) -> Credentials:
    """The passwords of `roles` and `nats_users` and the `keys` (name -> how to make one):
    those made before, and new ones for the rest (a role added by a later version gets one
    at the next `up`)."""
    held = read_credentials(home)
    postgres = {**{role: _new_password() for role in roles}, **held.postgres}
    nats = {**{user: _new_password() for user in nats_users}, **held.nats}
    made = {name: make() for name, make in (keys or {}).items() if name not in held.keys}
    credentials = Credentials(postgres, nats, {**made, **held.keys})
    if credentials != held:
        _save(home, credentials)
    write_private(password_file(home), _pgpass(postgres))
    return credentials


def set_keys(home: Path, keys: Mapping[str, str]) -> Credentials:
    """Keys set (a rotation; or another runtime's, for two warehouses meant to compare equal:
    the same pseudonyms), the rest kept; the credentials as they are now."""
    held = read_credentials(home)
    updated = Credentials(held.postgres, held.nats, {**held.keys, **keys})
    _save(home, updated)
    return updated


def _save(home: Path, credentials: Credentials) -> None:
    write_private(credentials_file(home), json.dumps(credentials.__dict__, indent=2))


def _new_password() -> str:
    return secrets.token_urlsafe(24)  # URL-safe: it goes into connection URLs as it is


def _pgpass(passwords: dict[str, str]) -> str:
    # host:port:database:user:password; any port (the runtime may move to another one)
    return "".join(f"127.0.0.1:*:*:{role}:{password}\n" for role, password in passwords.items())


def write_private(path: Path, content: str | bytes) -> None:
    """A file only the user can read (0600) in a folder only the user can enter (0700),
    replaced whole (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    staging = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(content.encode() if isinstance(content, str) else content)
    staging.replace(path)
