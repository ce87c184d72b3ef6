from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from shared_kernel.identifiers import deterministic_id


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened in a context, at a business time (`occurred_at`).

    Subclasses name their integration event type and the fields of their natural key.
    The event id is derived from the type, version, natural key and content: re-importing
    the same fact gives the same id (deduplicated), a corrected fact a new one.
    """

    occurred_at: datetime

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    natural_key_fields: ClassVar[tuple[str, ...]]

    @property
    def natural_key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.natural_key_fields)

    @property
    def event_id(self) -> str:
        """A UUIDv5, as text (the form it travels in)."""
        content = hashlib.sha256(repr(self).encode()).hexdigest()[:16]
        return deterministic_id(self.event_type, self.schema_version, *self.natural_key, content)
