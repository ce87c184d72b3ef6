"""Where a context keeps a person's data, declared beside its tables: what `olist-dw subject
export` reads and what `olist-dw subject erase` deletes or anonymises (docs/adr/0013).

The statements (psycopg's) take `%(people)s` (the person's pseudonyms: `customer_unique_id` and the
`customer_id`s of their records) and `%(orders)s` (their orders' ids). A fact stays, counted,
with `erased` where the person's pseudonym was. The chassis adds what every context has:
its quarantine, its import scope and its outbox (services/chassis/personal_records.py's
callers in olist_dw/subjects)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

ERASED = "erased"  # what stands where an erased person's pseudonym was


@dataclass(frozen=True)
class PersonalRecords:
    schema: str
    export: Mapping[str, str] = field(default_factory=dict)  # name -> SELECT
    erase: Sequence[str] = ()
