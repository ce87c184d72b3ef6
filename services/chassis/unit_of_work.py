"""The unit of work every context's adapters build on (after cosmicpython).

A context manager around one database transaction: rolls back unless committed, and on
commit appends the integration events its repositories collected to the outbox, in the
same transaction as the state they describe. Every unit of work has the intake tables
(quarantine, import scope) and the repositories its context declares, each made anew for
the transaction with its connection and the transaction's provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Self

from sqlalchemy import Connection, Engine

from services.chassis import outbox, table_maintenance
from services.chassis.events import Published, envelope_translator
from services.chassis.intake.postgres import PostgresImportScope, PostgresQuarantine
from services.chassis.jetstream import OutboundMessage
from services.chassis.personal_data import PersonalData
from services.chassis.repository import Provenance
from shared_kernel import DomainEvent

# (connection, provenance, personal data) -> a repository
RepositoryFactory = Callable[[Connection, Provenance, "PersonalData | None"], Any]


class SqlUnitOfWork:
    def __init__(
        self,
        engine: Engine,
        schema: str,
        published: Sequence[Published] = (),
        repositories: Mapping[str, RepositoryFactory] | None = None,
        personal: PersonalData | None = None,
    ) -> None:
        self._engine, self.schema, self.personal = engine, schema, personal
        self._repositories = repositories or {}
        self.sources = Provenance()
        self._translate = envelope_translator(published, self.sources.get)
        self._connection: Connection | None = None
        self._messages: list[OutboundMessage] = []
        self.events_appended = 0

    @property
    def connection(self) -> Connection:
        """The transaction's connection (only inside `with`)."""
        if self._connection is None:
            raise RuntimeError("a unit of work is used outside its `with` block")
        return self._connection

    def __enter__(self) -> Self:
        self._connection = self._engine.connect()
        self._connection.begin()
        self._messages = []
        self.events_appended = 0
        self.quarantine = PostgresQuarantine(self.connection, self.schema)
        self.scope = PostgresImportScope(self.connection, self.schema)
        self.sources.clear()
        for name, repository in self._repositories.items():
            setattr(self, name, repository(self.connection, self.sources, self.personal))
        return self

    def __exit__(self, *exc_info: object) -> None:
        connection = self.connection
        if connection.in_transaction():
            connection.rollback()
        connection.close()
        self._connection = None

    def publish(self, events: Iterable[DomainEvent], *, load_id: str) -> None:
        """Queue integration events; they reach the outbox when the transaction commits."""
        self._messages.extend(self._translate(event, load_id) for event in events)

    def commit(self) -> None:
        """Append queued events to the outbox and commit; `events_appended` counts new ones."""
        self.events_appended += outbox.append(self.connection, self.schema, self._messages)
        self._messages = []
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def vacuum_stale_tables(self) -> list[str]:
        """Vacuum and analyze the tables of this schema that a load has just filled."""
        return table_maintenance.vacuum_stale_tables(self._engine, self.schema)

    def unpublished(self) -> int:
        with self._engine.connect() as connection:
            return outbox.unpublished_count(connection, self.schema)
