"""The chassis tables of intake, in the context's own schema: quarantine (rejected rows
with their reason) and import scope (which aggregates a load touched)."""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from sqlalchemy import Connection, text

from services.chassis.bulk import Upsert, upsert
from services.chassis.intake.commands import Rejection


class PostgresQuarantine:
    def __init__(self, connection: Connection, schema: str) -> None:
        self._connection = connection
        self._spec = Upsert(
            f"{schema}.quarantine",
            ("load_id", "source_file", "source_row", "record_kind", "reason", "record"),
            key=("source_file", "source_row", "reason"),
            keep=("load_id", "record"),
        )

    def add(self, load_id: str, rejections: Sequence[Rejection]) -> int:
        return upsert(
            self._connection,
            self._spec,
            [
                (
                    load_id,
                    r.source_file,
                    r.source_row,
                    r.record_kind,
                    r.reason,
                    orjson.dumps(r.record, default=str).decode(),
                )
                for r in rejections
            ],
        )


class PostgresImportScope:
    """Which aggregates a load touched, read back in id order and in chunks."""

    def __init__(self, connection: Connection, schema: str) -> None:
        self._connection, self._schema = connection, schema
        # one statement with the ids as an array: the rows are two narrow keys, so staging
        # them through COPY (the shared upsert) cost more round trips than it saved
        self._touch = text(
            # sql: identifiers only (the context's own schema)
            f"INSERT INTO {schema}.import_scope (load_id, aggregate_id)"
            " SELECT :load, unnest(CAST(:ids AS text[])) ON CONFLICT DO NOTHING"
        )

    def touch(self, load_id: str, aggregate_ids: Sequence[str]) -> None:
        if aggregate_ids:
            self._connection.execute(
                self._touch, {"load": load_id, "ids": sorted(set(aggregate_ids))}
            )

    def chunk(self, load_id: str, after: str, limit: int) -> list[str]:
        return list(
            self._connection.execute(
                text(
                    # sql: identifiers only (the context's own schema)
                    f"SELECT aggregate_id FROM {self._schema}.import_scope WHERE load_id = :l"
                    " AND aggregate_id > :a ORDER BY aggregate_id LIMIT :n"
                ),
                {"l": load_id, "a": after, "n": limit},
            ).scalars()
        )
