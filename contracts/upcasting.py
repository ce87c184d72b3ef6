"""Upcasting: an older message of an event, read as its latest version (docs/events.md,
Schema evolution).

A chain of upcasters, one per version step: `(event_type, N)` turns a vN payload (a dict, as
decoded from JSON) into a v(N+1) payload. What a step does is declared, so that the
compatibility check (contracts/compatibility.py) can refuse any other difference between
two versions: `defaults` are the fields the new version adds, with their value in older
messages (None: the older version did not say); `convert` is anything else, and the fields
it removes, renames or changes are listed in `declares`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Payload = dict[str, Any]


@dataclass(frozen=True)
class Upcaster:
    """One step of the chain, called like a function: a vN payload -> a v(N+1) payload."""

    defaults: Mapping[str, Any] = field(default_factory=dict)
    convert: Callable[[Payload], Payload] | None = None
    declares: frozenset[str] = frozenset()  # field paths of either version `convert` changes

    def __call__(self, payload: Payload) -> Payload:
        converted = self.convert(payload) if self.convert else payload
        return {**converted, **self.defaults}


def _words_to_facts(payload: Payload) -> Payload:
    """v1 carried what the person wrote; v2 only whether and how much."""
    converted = {k: v for k, v in payload.items() if k not in ("title", "comment")}
    comment = payload.get("comment") or ""
    converted |= {
        "has_title": bool(payload.get("title")),
        "has_comment": bool(comment.strip()),
        "comment_length": len(comment),
    }
    return converted


UPCASTERS: dict[tuple[str, int], Upcaster] = {
    # v2 adds the route's ends; a v1 message does not know them
    ("fulfillment.shipment.dispatched", 1): Upcaster(
        defaults={"origin_zip_code_prefix": None, "destination_zip_code_prefix": None}
    ),
    # v2 leaves the words in the Customer context: the facts about them instead
    ("customer.review.submitted", 1): Upcaster(
        convert=_words_to_facts,
        declares=frozenset({"title", "comment", "has_title", "has_comment", "comment_length"}),
    ),
}


class MissingUpcaster(LookupError):
    """No step from a version to the next: the message cannot be read as the latest."""


def upcast(
    event_type: str,
    version: int,
    payload: Payload,
    to_version: int,
    upcasters: Mapping[tuple[str, int], Upcaster] = UPCASTERS,
) -> Payload:
    """The payload of `version` as `to_version`, one step at a time."""
    for step in range(version, to_version):
        upcaster = upcasters.get((event_type, step))
        if upcaster is None:
            raise MissingUpcaster(f"no upcaster for {event_type} v{step}")
        payload = upcaster(payload)
    return payload
