"""Set-based writes: COPY rows into a temporary table, then one INSERT .. ON CONFLICT.

Of rows sharing a key, the last one given wins; rows are inserted in the order given.

This is how every service writes batches: one round trip for thousands of rows, and an
upsert that leaves a row untouched when nothing in it changed (so a repeated load is a
no-op down to the row versions).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from services.chassis.database import raw_cursor


@dataclass(frozen=True)
class Upsert:
    table: str  # schema-qualified
    columns: tuple[str, ...]
    key: tuple[str, ...]
    # columns an existing row keeps on conflict (e.g. the load that first wrote it)
    keep: tuple[str, ...] = ()
    # SQL overriding how a column is set on conflict; `t` is the existing row
    merge: tuple[tuple[str, str], ...] = ()
    # a further condition for touching an existing row at all
    only_if: str = ""
    # columns the statement derives in SQL from the staged row `s` (e.g. a surrogate key)
    derived: tuple[tuple[str, str], ...] = ()

    @property
    def staging_table(self) -> str:
        digest = hashlib.sha1(",".join(self.columns).encode()).hexdigest()[:8]
        return f"staging_{self.table.replace('.', '_')}_{digest}"

    def statement(self, staging: str) -> str:
        derived = [column for column, _ in self.derived]
        written = ", ".join([*self.columns, *derived])
        selected = ", ".join([*(f"s.{c}" for c in self.columns), *(sql for _, sql in self.derived)])
        key = ", ".join(self.key)
        merges = dict(self.merge)
        updated = [c for c in [*self.columns, *derived] if c not in self.key and c not in self.keep]
        sets = ", ".join(f"{c} = {merges.get(c, 'excluded.' + c)}" for c in updated)
        changed = " OR ".join(
            f"t.{c} IS DISTINCT FROM {merges.get(c, 'excluded.' + c)}" for c in updated
        )
        condition = f"({changed}) AND ({self.only_if})" if self.only_if else changed
        conflict = f"DO UPDATE SET {sets} WHERE {condition}" if updated else "DO NOTHING"
        # a temporary table just filled by one COPY is read back in the order it was
        # written (no parallel or synchronized scans of temporary tables): no sort needed
        return (
            # sql: identifiers only (the Upsert declaration's tables, columns and SQL)
            f"INSERT INTO {self.table} AS t ({written}) SELECT {selected} FROM {staging} s "
            f"ON CONFLICT ({key}) {conflict}"
        )

    def latest(self, rows: Sequence[Sequence[object]]) -> Sequence[Sequence[object]]:
        """The last row given for each key, in the order the kept rows were given."""
        positions = [self.columns.index(column) for column in self.key]
        if len(positions) == 1:
            (position,) = positions
            last = {row[position]: index for index, row in enumerate(rows)}
        else:
            last = {tuple(row[p] for p in positions): index for index, row in enumerate(rows)}
        if len(last) == len(rows):
            return rows
        kept = sorted(last.values())
        return [rows[index] for index in kept]


def upsert(connection: Connection, spec: Upsert, rows: Sequence[Sequence[object]]) -> int:
    """Write rows (tuples in `spec.columns` order); returns rows inserted or changed."""
    if not rows:
        return 0
    staging = spec.staging_table
    cols = ", ".join(spec.columns)
    with raw_cursor(connection) as cursor:
        cursor.execute(
            # sql: identifiers only (the Upsert's staging and target tables, its columns)
            f"CREATE TEMP TABLE IF NOT EXISTS {staging} AS SELECT {cols}"
            f" FROM {spec.table} WITH NO DATA"
        )
        # sql: identifiers only (the Upsert's staging table)
        cursor.execute(f"TRUNCATE {staging}")
        # sql: identifiers only (the Upsert's staging table and columns)
        with cursor.copy(f"COPY {staging} ({cols}) FROM STDIN") as copy:
            for row in spec.latest(rows):
                copy.write_row(row)
        cursor.execute(spec.statement(staging))
        return cursor.rowcount
