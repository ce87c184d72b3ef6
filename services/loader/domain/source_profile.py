"""A source file as the loader read it, before any context merged anything: how many rows
repeat a key, and how many lack each critical field (shared_kernel/source_files.py).

A file read for several contexts is profiled once: each reading profiles what the readings
before it did not (`covered`), so the orders are not hashed three times."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from shared_kernel.source_files import CRITICAL_FIELDS, EVENT_TIMES, SOURCE_KEYS

SAMPLES = 5


@dataclass
class SourceProfile:
    file: str
    key: tuple[str, ...] | None  # profiled by this reading (None: not here)
    critical: tuple[str, ...]  # the critical fields this reading profiles
    event_time: str | None = None  # the column whose newest value this reading keeps
    rows: int = 0
    repeated: int = 0
    repeated_samples: list[str] = field(default_factory=list)
    missing: Counter[str] = field(default_factory=Counter)
    newest: str | None = None  # the greatest event time read (ISO text sorts as time)
    _seen: set[Any] = field(default_factory=set, repr=False)
    _key_of: Callable[[Mapping[str, str | None]], Any] | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls, file: str, columns: tuple[str, ...], covered: set[str] | None = None
    ) -> SourceProfile:
        """The profile this reading of `file` takes; `covered` (the key, as "key", and the
        critical fields earlier readings profiled) is updated."""
        covered = set() if covered is None else covered
        key = SOURCE_KEYS.get(file)
        keyed = key if key and "key" not in covered and set(key) <= set(columns) else None
        critical = tuple(
            c for c in CRITICAL_FIELDS.get(file, ()) if c in columns and c not in covered
        )
        event_time = EVENT_TIMES.get(file)
        if event_time not in columns or "newest" in covered:
            event_time = None
        covered.update(critical, ["key"] if keyed else [], ["newest"] if event_time else [])
        key_of = itemgetter(*keyed) if keyed else None
        return cls(file, keyed, critical, event_time, _key_of=key_of)

    def count(self, rows: Sequence[Mapping[str, str | None]]) -> None:
        """Counts a batch of rows' values (by whole batches: C-speed list and set
        operations, a Python loop only to name the first repeated keys)."""
        self.rows += len(rows)
        for column in self.critical:
            values = [row.get(column) for row in rows]
            blank = sum(map(str.isspace, filter(None, values)))
            if missing := values.count(None) + values.count("") + blank:
                self.missing[column] += missing
        if self.event_time is not None:
            times = [row.get(self.event_time) for row in rows]
            newest = max(filter(None, times), default=None)
            if newest is not None and (self.newest is None or newest > self.newest):
                self.newest = newest
        if self._key_of is None:
            return
        keys = list(map(self._key_of, rows))
        fresh = set(keys)
        repeated = len(keys) - len(fresh) + len(fresh & self._seen)
        if repeated and len(self.repeated_samples) < SAMPLES:
            self._sample_repeats(keys)
        self.repeated += repeated
        self._seen |= fresh

    def _sample_repeats(self, keys: list[Any]) -> None:
        seen = set(self._seen)
        for key in keys:
            if key in seen and len(self.repeated_samples) < SAMPLES:
                parts = key if isinstance(key, tuple) else (key,)
                self.repeated_samples.append("|".join(k or "" for k in parts))
            seen.add(key)
