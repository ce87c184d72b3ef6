"""The skeleton of every context's PostgreSQL repository (after cosmicpython): the unit
of work's connection, and the provenance of the rows it reads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, TextClause, text

from services.chassis.personal_data import PersonalData


class Provenance(dict[tuple, tuple[str, int]]):
    """Which source row (file, line) each part of an aggregate read in one transaction
    came from, keyed as the context's `publishes(..., source=...)` declarations name it:
    the event envelope's `source`."""

    def note(self, key: tuple, row: Any) -> None:
        """Keep the `source_file` and `source_row` of a row read for `key`."""
        self[key] = (row.source_file, row.source_row)


class SqlRepository:
    def __init__(
        self, connection: Connection, sources: Provenance, personal: PersonalData | None = None
    ) -> None:
        self._connection = connection
        self._sources = sources
        self._personal = personal

    def _column(self, sql: str | TextClause, **parameters: object) -> list[Any]:
        """The first column of a query's rows (e.g. the ids it finds)."""
        statement = text(sql) if isinstance(sql, str) else sql
        return list(self._connection.execute(statement, parameters).scalars())
