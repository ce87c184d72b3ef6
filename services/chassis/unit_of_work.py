"""The unit of work every context's adapters build on (after cosmicpython).

A context manager around one database transaction: rolls back unless committed, and on
commit appends the integration events its repositories collected to the outbox, in the
same transaction as the state they describe. Every unit of work has the intake tables
(quarantine, import scope); a context's subclass adds its repositories in `start`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Self

from sqlalchemy import Connection, Engine

from services.chassis import outbox, table_maintenance
from services.chassis.intake.postgres import PostgresImportScope, PostgresQuarantine
from services.chassis.jetstream import OutboundMessage
from shared_kernel import DomainEvent

EventTranslator = Callable[[DomainEvent, str], OutboundMessage]


class SqlUnitOfWork:
    def __init__(self, engine: Engine, schema: str, translate: EventTranslator) -> None:
        self._engine, self.schema, self._translate = engine, schema, translate
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
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        connection = self.connection
        if connection.in_transaction():
            connection.rollback()
        connection.close()
        self._connection = None

    def start(self) -> None:
        """Subclasses attach their repositories to `self.connection` here."""

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
