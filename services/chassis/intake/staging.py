"""Where a context keeps one kind of source record until its load completes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Connection

from services.chassis.bulk import Upsert, upsert
from services.chassis.intake.commands import Sourced

PROVENANCE = ("source_file", "source_row", "load_id")


@dataclass(frozen=True)
class StagedTable:
    """A table of staged records: the record's own columns, which `row` fills from the
    domain object, then its source file and row and the load that first brought it (kept
    when a later load repeats it). A repeated record changes nothing."""

    table: str  # schema-qualified
    columns: str  # the record's own columns, space-separated, in `row`'s order
    key: str  # space-separated; may name a provenance column
    row: Callable[[Any], tuple]

    @cached_property
    def upsert(self) -> Upsert:
        return Upsert(
            self.table,
            (*self.columns.split(), *PROVENANCE),
            key=tuple(self.key.split()),
            keep=("load_id",),
        )

    def stage(self, connection: Connection, load_id: str, records: Sequence[Sourced]) -> None:
        row = self.row
        upsert(connection, self.upsert, [(*row(s.value), s.file, s.row, load_id) for s in records])
