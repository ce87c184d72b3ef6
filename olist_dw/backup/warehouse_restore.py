"""Restore the local warehouse after the loss of its database (`olist-dw backup restore`).

The PostgreSQL database is the system of record; the JetStream streams are transport
(docs/adr/0012-backups.md). A restored database is consistent at its recovery point, but
the streams and the reporting consumers' positions are not: they may hold events the
restored outboxes never recorded, or lack ones they did. So after the database is back,
every context stream is deleted, every frame each outbox holds is queued again for its
relay (`outbox_pending`), the contexts republish their whole history, and the star schema
is rebuilt from it (olist_dw/rebuild.py). Runbook: docs/runbooks/restore.md.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from nats.js.errors import NotFoundError
from psycopg import sql

from contracts.contexts import PUBLISHING_CONTEXTS
from olist_dw.backup.barman import Barman, RecoveryTarget
from olist_dw.backup.operations import backup_for, stop_streaming
from olist_dw.backup.restored import start_recovered
from olist_dw.backup.settings import BackupSettings
from olist_dw.rebuild import REPORTING, admin_jetstream, rebuild_reporting
from olist_dw.runtime.stack import SERVICES, Stack
from olist_dw.subjects.erasure import erase_again_in_database
from services.chassis.jetstream import stream_name

Progress = Callable[[str], None]


@dataclass(frozen=True)
class WarehouseRestored:
    backup_id: str
    recovered_to: str
    replaced: Path  # the lost database's directory, kept aside until a person removes it
    restore_seconds: float  # the database back, recovered to its target, promoted
    republish_seconds: float  # every outbox frame in the new streams
    rebuild_seconds: float  # the star schema replayed from them
    last_transaction: datetime | None  # the newest commit the copy holds

    @property
    def rto_seconds(self) -> float:
        return round(self.restore_seconds + self.republish_seconds + self.rebuild_seconds, 1)


def restore_warehouse(
    stack: Stack,
    settings: BackupSettings,
    to_time: datetime | None = None,
    progress: Progress = lambda step: None,
) -> WarehouseRestored:
    started = time.monotonic()
    target = RecoveryTarget(time=to_time)
    barman = Barman(settings)
    progress("stopping the services and PostgreSQL")
    for name in reversed(SERVICES):
        stack.stop_service(name)
    stack.postgres.stop("immediate")
    stop_streaming(settings)
    barman.archive_streamed()
    backup = backup_for(barman, target)
    replaced = _set_aside(stack.postgres.data_dir)
    progress(f"recovering base backup {backup.backup_id} to {target.describe()}")
    barman.recover(backup.backup_id, stack.postgres.data_dir, target)
    start_recovered(stack.postgres, stack.database_url(), fast_and_unsafe=stack.fast_and_unsafe)
    stack.start_infrastructure()  # the roles and schemas, NATS
    erase_again_in_database(stack)  # the people erased since: before anything republishes
    last_transaction = newest_commit(stack.database_url())
    barman.reset_streaming()
    barman.start_streaming()  # on the new timeline, from a new replication slot
    restored = round(time.monotonic() - started, 1)

    progress("republishing every event the outboxes hold into new streams")
    asyncio.run(delete_streams(stack.nats.url, PUBLISHING_CONTEXTS, stack.nats.tls_ca))
    requeue_outboxes(stack.database_url(), PUBLISHING_CONTEXTS)
    for name in SERVICES:
        if name != REPORTING:
            stack.start_service(name)
    wait_until_published(stack.database_url(), PUBLISHING_CONTEXTS)
    republished = round(time.monotonic() - started - restored, 1)

    progress("rebuilding the star schema from the republished events")
    rebuilt = rebuild_reporting(stack)
    return WarehouseRestored(
        backup.backup_id,
        target.describe(),
        replaced,
        restored,
        republished,
        rebuilt.seconds,
        last_transaction,
    )


def _set_aside(data_dir: Path) -> Path:
    aside = data_dir.with_name(f"{data_dir.name}.replaced-{datetime.now(UTC):%Y%m%dT%H%M%S}")
    if data_dir.exists():
        shutil.move(data_dir, aside)
    return aside


def newest_commit(admin_url: str) -> datetime | None:
    """When the newest transaction the database holds committed (the server tracks commit
    timestamps: olist_dw/runtime/postgres.py)."""
    with psycopg.connect(admin_url) as connection:
        row = connection.execute("SELECT timestamp FROM pg_last_committed_xact()").fetchone()
    return row[0] if row else None


async def delete_streams(url: str, contexts: Sequence[str], tls_ca: str | None = None) -> None:
    async with admin_jetstream(url, tls_ca) as js:
        for stream in map(stream_name, contexts):
            try:
                await js.delete_stream(stream)
            except NotFoundError:
                pass


def requeue_outboxes(admin_url: str, contexts: Sequence[str]) -> int:
    """Queue every frame of every context's outbox for its relay again; returns how many."""
    queued = 0
    with psycopg.connect(admin_url) as connection:
        for schema in map(sql.Identifier, contexts):
            cursor = connection.execute(
                sql.SQL(
                    "INSERT INTO {}.outbox_pending SELECT position FROM {}.outbox"
                    " ON CONFLICT DO NOTHING"
                ).format(schema, schema)
            )
            queued += cursor.rowcount
    return queued


def wait_until_published(
    admin_url: str, contexts: Sequence[str], timeout: float = 3600.0, poll: float = 0.5
) -> None:
    deadline = time.monotonic() + timeout
    query = sql.SQL("SELECT {}").format(
        sql.SQL(" + ").join(
            sql.SQL("(SELECT count(*) FROM {}.outbox_pending)").format(sql.Identifier(schema))
            for schema in contexts
        )
    )
    with psycopg.connect(admin_url, autocommit=True) as connection:
        while (row := connection.execute(query).fetchone()) and row[0]:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{row[0]:,} outbox frames still unpublished after {timeout:.0f} s; "
                    "the relays go on (see the services' logs)"
                )
            time.sleep(poll)
