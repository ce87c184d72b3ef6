"""`olist-dw backup restore` after the database is lost: PostgreSQL killed (-9) after a
load, the warehouse restored from its base backup and the streamed WAL, every event
republished from the outboxes into new streams, the star schema rebuilt: it equals the one
the load built, and loading the same files again changes nothing."""

from __future__ import annotations

import os
import signal
import time

import psycopg
import pytest

from olist_dw.backup.operations import create_backup, stop_streaming
from olist_dw.backup.settings import backup_settings
from olist_dw.backup.warehouse_restore import restore_warehouse
from olist_dw.loading import load
from olist_dw.runtime.processes import is_alive
from services.reporting.adapters.warehouse_reads import checksums as dw_checksums
from tests.e2e.test_rebuild import stream_messages

pytestmark = pytest.mark.e2e


def outbox_frames(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        return {
            schema: connection.execute(f'SELECT count(*) FROM "{schema}".outbox').fetchone()[0]
            for schema in ("sales", "marketplace", "customer", "fulfillment")
        }


def test_a_lost_database_is_restored_to_the_newest_commit_and_the_warehouse_rebuilt(
    start_stack, synthetic_source
):
    stack = start_stack()
    settings = backup_settings({}, stack=stack)
    try:
        create_backup(settings)  # before the load: the load lives only in the streamed WAL
        load(stack, synthetic_source)
        before = dw_checksums(stack.database_url())
        frames = outbox_frames(stack.database_url())

        postgres = stack.postgres.pid
        assert postgres is not None
        os.kill(postgres, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while is_alive(postgres) and time.monotonic() < deadline:
            time.sleep(0.1)

        restored = restore_warehouse(stack, settings)

        assert dw_checksums(stack.database_url()) == before
        assert outbox_frames(stack.database_url()) == frames
        assert stream_messages(stack.nats.url) == {c.upper(): n for c, n in frames.items()}
        assert restored.replaced.exists()
        assert restored.rto_seconds > 0

        load(stack, synthetic_source)
        assert dw_checksums(stack.database_url()) == before
    finally:
        stop_streaming(settings)
