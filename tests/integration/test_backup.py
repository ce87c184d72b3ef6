"""Backups with Barman against a real PostgreSQL: a base backup and streamed WAL, restored
into scratch copies to a checkpoint or a point in time, verified against the checkpoint's
counts and checksums, pruned by retention, and the CLI's summary for the operator."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from typer.testing import CliRunner

from olist_dw.backup.barman import RecoveryTarget
from olist_dw.backup.operations import (
    create_backup,
    drill,
    list_backups,
    prune_backups,
    restored_copy,
    stop_streaming,
    verify_copy,
)
from olist_dw.backup.settings import BackupSettings, backup_settings
from olist_dw.cli.backup import backup_app
from olist_dw.runtime.stack import Stack
from tests.conftest import own_infrastructure


@pytest.fixture(scope="module")
def server() -> Iterator[Stack]:
    """A PostgreSQL of its own: backed up, its WAL streamed, restored from."""
    with own_infrastructure("backup") as stack:
        with psycopg.connect(stack.database_url(), autocommit=True) as connection:
            connection.execute("CREATE TABLE sales.ledger (id int PRIMARY KEY, amount numeric)")
            connection.execute(
                "INSERT INTO sales.ledger SELECT g, g * 1.25 FROM generate_series(1, 5000) g"
            )
            connection.execute(
                "CREATE TABLE dw.tally AS SELECT g AS n FROM generate_series(1, 3) g"
            )
        try:
            yield stack
        finally:
            stop_streaming(backup_settings({}, stack=stack))


@pytest.fixture(scope="module")
def settings(server: Stack) -> BackupSettings:
    return backup_settings({}, stack=server)


@pytest.fixture(scope="module")
def first_backup(settings: BackupSettings):
    return create_backup(settings)


def execute(url: str, statement: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def ledger_ids(conninfo: str) -> set[int]:
    with psycopg.connect(conninfo) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM sales.ledger")}


def test_a_backup_is_catalogued_with_a_checkpoint_of_every_table(first_backup, settings):
    created = first_backup
    assert created.backup.done and created.backup.size_bytes > 0
    assert created.checkpoint.figures["sales.ledger"].startswith("5000:")
    assert created.checkpoint.figures["dw.tally"].startswith("3:")  # every schema
    assert created.last_archived_wal_time is not None
    summary = created.summary()
    assert summary["backup_id"] == created.backup.backup_id
    assert set(summary) >= {"begin_time", "end_time", "last_archived_wal_time", "size_bytes"}
    listed = list_backups(settings)
    assert [b.backup_id for b in listed] == [created.backup.backup_id]
    assert listed[0].name == created.checkpoint.name


def test_a_drill_restores_the_checkpoint_exactly_despite_later_writes(
    first_backup, settings, server
):
    execute(server.database_url(), "INSERT INTO sales.ledger VALUES (9001, 1)")

    outcome = drill(settings)

    assert outcome.verification.verified, outcome.verification.mismatches
    assert outcome.verification.checkpoint == first_backup.checkpoint.name
    assert outcome.rto_seconds == pytest.approx(outcome.restore_seconds + outcome.verify_seconds)
    summary = outcome.summary()
    assert summary["verified"] is True and summary["mismatches"] == []
    assert not (settings.home / "drill").exists()  # the scratch copy is removed


def test_a_point_in_time_restore_holds_what_committed_before_and_nothing_after(
    first_backup, settings, server
):
    execute(server.database_url(), "INSERT INTO sales.ledger VALUES (9002, 2)")
    time.sleep(1.0)
    moment = datetime.now(UTC)
    time.sleep(1.0)
    execute(server.database_url(), "INSERT INTO sales.ledger VALUES (9003, 3)")
    execute(server.database_url(), "SELECT pg_switch_wal()")

    with restored_copy(settings, RecoveryTarget(time=moment), settings.home / "pitr") as (
        _backup,
        _server,
        copy,
    ):
        ids = ledger_ids(copy)

    assert {9001, 9002} <= ids
    assert 9003 not in ids
    assert len(ids) == 5002


def test_a_copy_that_differs_from_its_checkpoint_is_named_table_by_table(first_backup, settings):
    target = RecoveryTarget(name=first_backup.checkpoint.name)
    with restored_copy(settings, target, settings.home / "tampered") as (_backup, _server, copy):
        assert verify_copy(copy).verified
        execute(copy, "UPDATE sales.ledger SET amount = amount + 0.01 WHERE id = 7")
        execute(copy, "DELETE FROM sales.ledger WHERE id = 8")
        verification = verify_copy(copy)

    assert not verification.verified
    assert verification.mismatches == ["sales.ledger: 5000 rows at the checkpoint, 4999 now"]


def test_the_cli_writes_the_backup_summary_and_prune_keeps_the_newest(
    first_backup, settings, server, tmp_path, monkeypatch
):
    monkeypatch.setenv("OLIST_DW_HOME", str(server.home))
    summary_file = tmp_path / "termination-log"

    result = CliRunner().invoke(
        backup_app, ["create", "--retention", "1", "--summary-file", str(summary_file)]
    )

    assert result.exit_code == 0, result.output
    summary = json.loads(summary_file.read_text())
    assert summary["backup_id"] != first_backup.backup.backup_id
    assert datetime.fromisoformat(summary["end_time"]) > first_backup.backup.end_time
    deleted = prune_backups(settings.with_retention("1"))
    remaining = [b.backup_id for b in list_backups(settings)]
    assert (
        first_backup.backup.backup_id in deleted or first_backup.backup.backup_id not in remaining
    )
    assert remaining == [summary["backup_id"]]


def test_a_drill_with_nothing_to_restore_says_so(tmp_path, server):
    empty = BackupSettings(tmp_path / "none", backup_settings({}, stack=server).conninfo)

    result = CliRunner().invoke(
        backup_app, ["drill"], env={"OLIST_DW_BACKUP_HOME": str(empty.home)}
    )

    assert result.exit_code == 1
    assert "no base backup" in result.output
