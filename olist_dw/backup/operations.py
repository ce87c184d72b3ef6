"""What `olist-dw backup` does: take a base backup (and keep the WAL streaming), list and
prune them, restore a copy to a point in time and verify it against a checkpoint, and
drill the whole restore to measure the RTO. Runbook: docs/runbooks/restore.md."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from olist_dw.backup.barman import Backup, Barman, BarmanFailed, RecoveryTarget
from olist_dw.backup.checkpoint import Checkpoint, figures, newest_checkpoint, record_checkpoint
from olist_dw.backup.restored import (
    admit_local_only,
    conninfo_of,
    restored_server,
    start_recovered,
)
from olist_dw.backup.settings import BackupSettings
from olist_dw.runtime.postgres import PostgresServer


class NoBackup(RuntimeError):
    """The catalogue has no complete base backup that can reach the requested point."""


@dataclass(frozen=True)
class BackupCreated:
    backup: Backup
    checkpoint: Checkpoint
    last_archived_wal_time: datetime | None

    def summary(self) -> dict[str, object]:
        """The Job's termination message (docs/operator.md)."""
        return {
            "backup_id": self.backup.backup_id,
            "begin_time": _iso(self.backup.begin_time),
            "end_time": _iso(self.backup.end_time),
            "last_archived_wal_time": _iso(self.last_archived_wal_time),
            "size_bytes": self.backup.size_bytes,
            "checkpoint": self.checkpoint.name,
        }


@dataclass(frozen=True)
class Verification:
    checkpoint: str | None
    tables: int
    mismatches: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return self.checkpoint is not None and not self.mismatches


@dataclass(frozen=True)
class DrillOutcome:
    backup_id: str
    recovered_to: str
    restore_seconds: float
    verification: Verification
    verify_seconds: float

    @property
    def rto_seconds(self) -> float:
        return round(self.restore_seconds + self.verify_seconds, 1)

    def summary(self) -> dict[str, object]:
        return {
            "backup_id": self.backup_id,
            "recovered_to": self.recovered_to,
            "restore_seconds": self.restore_seconds,
            "verify_seconds": self.verify_seconds,
            "rto_seconds": self.rto_seconds,
            "verified": self.verification.verified,
            "checkpoint": self.verification.checkpoint,
            "tables": self.verification.tables,
            "mismatches": self.verification.mismatches,
        }


# --- backups -------------------------------------------------------------------------
def create_backup(settings: BackupSettings) -> BackupCreated:
    """A base backup, then a checkpoint of the same name (figures + restore point) and a
    WAL switch that archives it: a restore to that name can be verified exactly. From the
    first backup on, the WAL is streamed continuously (point-in-time recovery)."""
    barman = Barman(settings)
    barman.start_streaming()
    barman.switch_wal()  # the streaming works, and the archive holds a WAL file
    name = backup_name()
    backup = barman.backup(name)
    checkpoint = record_checkpoint(settings.conninfo, name)
    barman.switch_wal()
    if settings.retention:
        barman.start_streaming()  # `barman cron` applies the retention policy
    return BackupCreated(backup, checkpoint, barman.last_archived_wal_time())


def stop_streaming(settings: BackupSettings) -> None:
    """End the WAL streaming a backup started (nothing to do where none was taken)."""
    if settings.config_file.exists():
        try:
            Barman(settings).stop_streaming()
        except RuntimeError:
            pass  # not running


def backup_name(now: datetime | None = None) -> str:
    return f"olist-dw-{(now or datetime.now(UTC)):%Y%m%dT%H%M%S%f}"


def list_backups(settings: BackupSettings) -> list[Backup]:
    return Barman(settings).backups()


def prune_backups(settings: BackupSettings) -> list[str]:
    """Delete the base backups the retention policy made obsolete (the newest is always
    kept); returns their ids."""
    barman = Barman(settings)
    obsolete = [b.backup_id for b in barman.backups() if b.retention_status == "OBSOLETE"]
    for backup_id in obsolete:
        barman.delete(backup_id)
    return obsolete


def backup_for(barman: Barman, target: RecoveryTarget) -> Backup:
    """The newest complete base backup that ended before the target."""
    done = [b for b in barman.backups() if b.done]
    if target.name:  # a checkpoint's restore point: the backup taken with it
        done = [b for b in done if b.name == target.name] or done
    if target.time:
        done = [b for b in done if b.end_time and b.end_time <= target.time]
    if not done:
        raise NoBackup(
            f"no complete base backup to restore to {target.describe()}: "
            f"`olist-dw backup list` shows the catalogue in {barman.settings.home}"
        )
    return done[-1]


# --- restoring a copy ------------------------------------------------------------------
@contextmanager
def restored_copy(
    settings: BackupSettings, target: RecoveryTarget, scratch: Path
) -> Iterator[tuple[Backup, PostgresServer, str]]:
    """A copy of the database recovered to `target` in `scratch`, running on a free port
    until the block ends, then removed: (backup used, server, conninfo)."""
    barman = Barman(settings)
    _archive_what_was_written(barman)
    backup = backup_for(barman, target)
    data_dir = scratch / "data"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    barman.recover(backup.backup_id, data_dir, target)
    server = restored_server(data_dir)
    admit_local_only(server)
    conninfo = conninfo_of(server, settings.conninfo)
    try:
        start_recovered(server, conninfo, fast_and_unsafe=True)
        yield backup, server, conninfo
    finally:
        server.stop("immediate")
        shutil.rmtree(scratch, ignore_errors=True)


def _archive_what_was_written(barman: Barman) -> None:
    """With the server up, switch its WAL into the archive (what it wrote until now can be
    recovered); without it, archive what was streamed."""
    try:
        barman.switch_wal()
    except (BarmanFailed, psycopg.OperationalError):
        barman.archive_streamed()


def verify_copy(conninfo: str, before: datetime | None = None) -> Verification:
    """Compare a restored copy with the newest checkpoint it holds (taken at or before
    `before`): every table's row count and checksum."""
    checkpoint = newest_checkpoint(conninfo, before)
    if checkpoint is None:
        return Verification(None, 0, ["the copy holds no checkpoint to verify against"])
    with psycopg.connect(conninfo) as connection:
        found = figures(connection)
    return Verification(checkpoint.name, len(checkpoint.figures), differences(checkpoint, found))


def differences(checkpoint: Checkpoint, found: dict[str, str]) -> list[str]:
    expected = checkpoint.figures
    missing = [f"{table}: missing" for table in sorted(expected.keys() - found.keys())]
    extra = [f"{table}: not in checkpoint" for table in sorted(found.keys() - expected.keys())]
    changed = [
        f"{table}: {_rows(expected[table])} rows at the checkpoint, {_rows(found[table])} "
        "now" + ("" if _rows(expected[table]) != _rows(found[table]) else " (other contents)")
        for table in sorted(expected.keys() & found.keys())
        if expected[table] != found[table]
    ]
    return [*missing, *extra, *changed]


def _rows(figure: str) -> str:
    return figure.split(":", 1)[0]


def drill(settings: BackupSettings, to_time: datetime | None = None) -> DrillOutcome:
    """Restore into a scratch copy and verify it, timing both: without `to_time`, the
    newest base backup to its own checkpoint (an exact verification); with it, the point
    in time, verified against the newest checkpoint before it."""
    target = RecoveryTarget(time=to_time) if to_time else _newest_checkpoint_target(settings)
    started = time.monotonic()
    with restored_copy(settings, target, settings.home / "drill") as (backup, _server, copy):
        restored = round(time.monotonic() - started, 1)
        verification = verify_copy(copy, to_time)
        verified = round(time.monotonic() - started - restored, 1)
    return DrillOutcome(backup.backup_id, target.describe(), restored, verification, verified)


def _newest_checkpoint_target(settings: BackupSettings) -> RecoveryTarget:
    barman = Barman(settings)
    names = {b.name for b in barman.backups() if b.done and b.name}
    checkpoint = newest_checkpoint(settings.conninfo, named=names) if names else None
    if checkpoint is None:
        raise NoBackup(f"no base backup with a checkpoint in {settings.home}: run `backup create`")
    return RecoveryTarget(name=checkpoint.name)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
