"""A source file as the loader read it, before any context merged anything: how many rows
repeat a key, and how many lack each critical field (shared_kernel/source_files.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from shared_kernel.source_files import CRITICAL_FIELDS, SOURCE_KEYS

SAMPLES = 5


@dataclass
class SourceProfile:
    file: str
    key: tuple[str, ...] | None
    critical: tuple[str, ...]  # those of the critical fields this reading has
    rows: int = 0
    repeated: int = 0
    repeated_samples: list[str] = field(default_factory=list)
    missing: Counter[str] = field(default_factory=Counter)
    _seen: set[tuple[str | None, ...]] = field(default_factory=set, repr=False)

    @classmethod
    def of(cls, file: str, columns: tuple[str, ...]) -> SourceProfile:
        key = SOURCE_KEYS.get(file)
        keyed = key if key and set(key) <= set(columns) else None
        critical = tuple(c for c in CRITICAL_FIELDS.get(file, ()) if c in columns)
        return cls(file, keyed, critical)

    def count(self, values: dict[str, str | None]) -> None:
        self.rows += 1
        for column in self.critical:
            value = values.get(column)
            if value is None or not value.strip():
                self.missing[column] += 1
        if self.key is None:
            return
        key = tuple(values.get(c) for c in self.key)
        if key in self._seen:
            self.repeated += 1
            if len(self.repeated_samples) < SAMPLES:
                self.repeated_samples.append("|".join(k or "" for k in key))
        else:
            self._seen.add(key)
