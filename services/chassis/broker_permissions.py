"""Who may do what on the NATS server: a user per service, with subject permissions.

- A context publishes its own subjects (`<context>.>`) only, and manages its own stream;
  Customer also the stream of erasure notices (published by `admin`).
- Quality publishes its gate's decisions (`quality.>`) and manages its stream, as a context.
- Reporting publishes no event: it consumes the contexts' streams through its durable
  consumers and dead-letters (`dlq.>`) what it cannot apply.
- The loader reads the consumers' progress; nothing else.
- `admin` (rebuild, dead-letter replay, restore) may do everything.

Every user replies to its own requests on an inbox of its own (`_INBOX.<user>.>`), so no
service reads another's JetStream answers. The local runtime writes these into the server's
configuration (olist_dw/runtime/nats.py); the services connect with their user (chassis
settings `nats_user`, `nats_password`).
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.contexts import PUBLISHING_CONTEXTS, QUALITY, REPORTING
from services.chassis.jetstream import (
    DEAD_LETTER_PREFIX,
    DEAD_LETTER_STREAM,
    ERASURE_NOTICE_KEEPER,
    ERASURE_NOTICE_STREAM,
    inbox_prefix,
    stream_name,
)

LOADER = "loader"
ADMIN = "admin"
USERS: tuple[str, ...] = (*PUBLISHING_CONTEXTS, REPORTING, QUALITY, LOADER, ADMIN)


@dataclass(frozen=True)
class Permissions:
    publish: tuple[str, ...]
    subscribe: tuple[str, ...]


def _manages_stream(stream: str) -> tuple[str, ...]:
    return tuple(f"$JS.API.STREAM.{verb}.{stream}" for verb in ("INFO", "CREATE", "UPDATE"))


def _consumes(stream: str) -> tuple[str, ...]:
    return (
        f"$JS.API.STREAM.INFO.{stream}",
        f"$JS.API.CONSUMER.CREATE.{stream}",
        f"$JS.API.CONSUMER.CREATE.{stream}.>",
        f"$JS.API.CONSUMER.DURABLE.CREATE.{stream}.>",
        f"$JS.API.CONSUMER.INFO.{stream}.>",
        f"$JS.API.CONSUMER.MSG.NEXT.{stream}.>",
        f"$JS.ACK.{stream}.>",
    )


def permissions_of(user: str) -> Permissions:
    if user == ADMIN:
        return Permissions(publish=(">",), subscribe=(">",))
    common = ("$JS.API.INFO",)
    inbox = (f"{inbox_prefix(user)}.>",)
    if user in (*PUBLISHING_CONTEXTS, QUALITY):
        own = (f"{user}.>", *_manages_stream(stream_name(user)))
        if user == ERASURE_NOTICE_KEEPER:
            own += _manages_stream(ERASURE_NOTICE_STREAM)
        return Permissions(publish=(*common, *own), subscribe=inbox)
    streams = [stream_name(context) for context in PUBLISHING_CONTEXTS]
    if user == REPORTING:
        consumed = tuple(s for stream in streams for s in _consumes(stream))
        dead_letters = (*_manages_stream(DEAD_LETTER_STREAM), f"{DEAD_LETTER_PREFIX}.>")
        return Permissions(publish=(*common, *consumed, *dead_letters), subscribe=inbox)
    if user == LOADER:
        progress = tuple(
            s
            for stream in streams
            for s in (f"$JS.API.STREAM.INFO.{stream}", f"$JS.API.CONSUMER.INFO.{stream}.>")
        )
        return Permissions(publish=("$JS.API.INFO", *progress), subscribe=inbox)
    raise KeyError(f"no NATS user {user!r}; the users are {', '.join(USERS)}")
