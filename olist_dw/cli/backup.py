"""`olist-dw backup ...`: base backups with streamed WAL (Barman), restores to a point in
time, verification and drills (docs/runbooks/restore.md)."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from olist_dw.backup.barman import BarmanFailed, BarmanMissing
from olist_dw.backup.operations import (
    NoBackup,
    create_backup,
    drill,
    list_backups,
    prune_backups,
    verify_copy,
)
from olist_dw.backup.retention import RetentionInvalid
from olist_dw.backup.settings import BackupSettings, backup_settings, local_conninfo
from olist_dw.backup.streaming import WalStream, serve
from olist_dw.backup.warehouse_restore import restore_warehouse
from olist_dw.cli.audit import audited, audited_at
from olist_dw.runtime.stack import Stack

backup_app = typer.Typer(
    help="Backups of the warehouse database: create, list, prune, restore, verify, drill.",
    no_args_is_help=True,
)
console = Console()

SummaryFile = Annotated[
    Path | None,
    typer.Option(help="Also write the outcome as JSON here (a Job's /dev/termination-log)."),
]
ToTime = Annotated[
    datetime | None,
    typer.Option(
        "--to-time",
        formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        help="Recover to this moment (UTC unless an offset is given); default: the newest.",
    ),
]


def _settings(retention: str | None = None) -> BackupSettings:
    return backup_settings().with_retention(retention)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _write(summary_file: Path | None, summary: dict[str, object]) -> None:
    if summary_file:
        summary_file.write_text(json.dumps(summary) + "\n")


KNOWN_FAILURES = (BarmanFailed, BarmanMissing, NoBackup, RetentionInvalid)


@contextmanager
def said_plainly() -> Iterator[None]:
    """What goes wrong in a way the user can mend: its sentence in red, exit code 1."""
    try:
        yield
    except KNOWN_FAILURES as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from error


@backup_app.command()
def create(
    retention: Annotated[
        str | None, typer.Option(help="Keep backups this long (7d, 4w, 6m) or this many (3).")
    ] = None,
    summary_file: SummaryFile = None,
) -> None:
    """A base backup of every schema, a checkpoint to verify restores against, and the WAL
    streamed from now on (point-in-time recovery)."""
    with said_plainly(), console.status("taking a base backup"):
        settings = _settings(retention)
        created = create_backup(settings)
    summary = created.summary()
    audited_at(settings.conninfo, "backup.created", {"backup_id": created.backup.backup_id})
    _write(summary_file, summary)
    console.print(
        f"backup {created.backup.backup_id}: {created.backup.size_bytes / 2**20:,.1f} MiB, "
        f"checkpoint {created.checkpoint.name} "
        f"({len(created.checkpoint.figures)} tables counted and checksummed)"
    )


@backup_app.command("list")
def list_() -> None:
    """The base backups in the catalogue, oldest first."""
    with said_plainly():
        backups = list_backups(_settings())
    table = Table("backup", "name", "status", "ended", "size", "WAL", "retention")
    for b in backups:
        ended = b.end_time.isoformat() if b.end_time else "-"
        table.add_row(
            b.backup_id,
            b.name or "-",
            b.status,
            ended,
            f"{b.size_bytes / 2**20:,.1f} MiB",
            f"{b.wal_size_bytes / 2**20:,.1f} MiB",
            b.retention_status,
        )
    console.print(table)


@backup_app.command()
def prune(
    retention: Annotated[str, typer.Option(help="7d, 4w, 6m, or a count such as 3.")],
) -> None:
    """Delete the backups (and their WAL) the retention no longer needs; the newest stays."""
    with said_plainly():
        deleted = prune_backups(_settings(retention))
    console.print(f"deleted {len(deleted)} backup(s): {', '.join(deleted) or 'none'}")


@backup_app.command()
def verify(
    database: Annotated[
        str | None,
        typer.Option(help="libpq conninfo of the copy to verify; default: the local one."),
    ] = None,
    to_time: ToTime = None,
) -> None:
    """Compare a database (e.g. a copy restored by hand) with the newest checkpoint it holds
    (taken at or before --to-time): every table's row count and checksum."""
    verification = verify_copy(database or local_conninfo(Stack()), _utc(to_time))
    for mismatch in verification.mismatches:
        console.print(f"[red]{mismatch}[/]")
    if not verification.verified:
        raise typer.Exit(1)
    console.print(
        f"verified: {verification.tables} tables equal checkpoint {verification.checkpoint}"
    )


@backup_app.command("drill")
def drill_(to_time: ToTime = None, summary_file: SummaryFile = None) -> None:
    """Restore the newest backup (or the point in time) into a scratch copy, verify it, and
    report the time both took (the RTO); the copy is removed after."""
    with said_plainly(), console.status("restoring a scratch copy and verifying it"):
        outcome = drill(_settings(), _utc(to_time))
    summary = outcome.summary()
    _write(summary_file, summary)
    for mismatch in outcome.verification.mismatches:
        console.print(f"[red]{mismatch}[/]")
    console.print(
        f"restored {outcome.backup_id} to {outcome.recovered_to} in "
        f"{outcome.restore_seconds:.1f} s, verified in {outcome.verify_seconds:.1f} s: "
        f"RTO {outcome.rto_seconds:.1f} s, "
        + ("[green]verified[/]" if outcome.verification.verified else "[red]NOT verified[/]")
    )
    if not outcome.verification.verified:
        raise typer.Exit(1)


@backup_app.command()
def restore(
    to_time: ToTime = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the local warehouse's database with one recovered from the backups (to the
    newest WAL or --to-time), republish every event and rebuild the star schema."""
    stack = Stack()
    if not yes:
        typer.confirm(
            "Stop the warehouse and replace its database with the restored one? (the "
            "current data directory is kept aside)",
            abort=True,
        )
    with said_plainly(), console.status("restoring") as status:
        restored = restore_warehouse(
            stack, backup_settings(stack=stack), _utc(to_time), progress=status.update
        )
    newest = restored.last_transaction.isoformat() if restored.last_transaction else "unknown"
    detail = {"backup_id": restored.backup_id, "recovered_to": restored.recovered_to}
    audited(stack, "backup.restored", detail)
    console.print(
        f"restored {restored.backup_id} to {restored.recovered_to} (newest commit {newest}) "
        f"in {restored.restore_seconds:.1f} s; events republished in "
        f"{restored.republish_seconds:.1f} s; star schema rebuilt in "
        f"{restored.rebuild_seconds:.1f} s: RTO {restored.rto_seconds:.1f} s.\n"
        f"The lost database's directory is kept at {restored.replaced}; take a new base "
        "backup now (`olist-dw backup create`)."
    )


@backup_app.command()
def stream(
    port: Annotated[int, typer.Option(help="Serve /wal, /healthz and /readyz here.")] = 8070,
    archive_every: Annotated[
        float, typer.Option(help="Seconds between moving completed WAL segments to the archive.")
    ] = 60.0,
) -> None:
    """Stream the WAL without pause (a cluster's Deployment; locally the runtime does it):
    `barman receive-wal` supervised, segments archived, the recoverable point measured and
    served as JSON on /wal. Runs until SIGTERM or Ctrl-C."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with said_plainly():
        wal_stream = WalStream(_settings(), archive_every=archive_every)
    server = serve(wal_stream, port)
    console.print(f"streaming the WAL into {wal_stream.settings.home}; GET :{port}/wal")
    try:
        wal_stream.run(stop)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
