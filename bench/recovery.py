"""Recovery, measured (`make bench-recovery`): PostgreSQL killed (-9) at a random moment of
a real-data load, the warehouse restored from its base backup and the streamed WAL.

1. The stack starts, a base backup is taken (WAL streams from then on), a heartbeat
   commits a row every 100 ms, and the load starts (`olist-dw load`, its own process).
2. At a random moment of the load, PostgreSQL's postmaster gets SIGKILL (the loader too).
3. `restore_warehouse`: the newest WAL recovered, the streams reset, every event
   republished, the star schema rebuilt. RPO = the newest heartbeat the heartbeat writer
   saw committed minus the newest the restored copy holds; RTO = the restore's seconds.
4. The load runs again: the warehouse's checksums must equal an undisturbed load's
   (`make bench`'s digest, from bench/results/, or --expected-digest).
5. A base backup of the full warehouse and a drill (restore + exact verification).

Usage: python bench/recovery.py [--source DIR] [--crash-after SECONDS] [--seed N]
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extract import arguments, comparable_stack, prepare
from olist_dw.backup.operations import create_backup, drill, stop_streaming
from olist_dw.backup.settings import backup_settings
from olist_dw.backup.warehouse_restore import restore_warehouse
from olist_dw.loading import load
from olist_dw.runtime.processes import is_alive
from olist_dw.runtime.stack import Stack
from services.reporting.adapters.warehouse_reads import checksums

RESULTS = Path(__file__).resolve().parent / "results"
HEARTBEAT_SECONDS = 0.1


class Heartbeat(threading.Thread):
    """Commits `now()` every 100 ms; remembers the newest commit the server acknowledged."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.last_acknowledged = url, None
        self.stopping = threading.Event()
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE SCHEMA IF NOT EXISTS bench")
            connection.execute("CREATE TABLE IF NOT EXISTS bench.heartbeat (at timestamptz)")

    def run(self) -> None:
        try:
            with psycopg.connect(self.url, autocommit=True) as connection:
                while not self.stopping.is_set():
                    row = connection.execute(
                        "INSERT INTO bench.heartbeat VALUES (clock_timestamp()) RETURNING at"
                    ).fetchone()
                    self.last_acknowledged = row[0] if row else self.last_acknowledged
                    time.sleep(HEARTBEAT_SECONDS)
        except psycopg.Error:
            pass  # the server is gone


def newest_heartbeat(url: str) -> datetime | None:
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT max(at) FROM bench.heartbeat").fetchone()
    return row[0] if row else None


def reference_digest(source: Path) -> tuple[str | None, str | None]:
    """The newest `make bench` digest of the same source: (digest, file)."""
    for path in sorted(RESULTS.glob("load-*.json"), reverse=True):
        figures = json.loads(path.read_text())
        if figures.get("source") == str(source) and figures.get("warehouse_digest"):
            return figures["warehouse_digest"], path.name
    return None, None


def digest(star: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(star, sort_keys=True).encode()).hexdigest()


def crash_during_load(stack: Stack, source: Path, after: float) -> float:
    """Starts the load in its own process, kills PostgreSQL `after` seconds in; returns the
    seconds the load had run."""
    loader = subprocess.Popen(
        [str(Path(sys.executable).parent / "olist-dw"), "load", "--source", str(source)],
        env={**os.environ, "OLIST_DW_HOME": str(stack.home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    started = time.monotonic()
    while time.monotonic() - started < after and loader.poll() is None:
        time.sleep(0.05)
    ran = round(time.monotonic() - started, 1)
    if loader.poll() is not None:
        raise SystemExit(f"the load ended after {ran} s, before the crash: use --crash-after")
    postmaster = stack.postgres.pid
    assert postmaster is not None
    os.kill(postmaster, signal.SIGKILL)
    os.killpg(loader.pid, signal.SIGKILL)
    loader.wait()
    while is_alive(postmaster):
        time.sleep(0.05)
    return ran


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--crash-after", type=float, help="seconds into the load")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--expected-digest", help="the warehouse digest of an undisturbed load")
    args = parser.parse_args()
    work, source = prepare(args, "olist-dw-recovery-")
    crash_after = args.crash_after or random.Random(args.seed).uniform(20.0, 100.0)
    stack = comparable_stack(work / "home")
    try:
        stack.up()
        settings = backup_settings({}, stack=stack)
        started = time.monotonic()
        create_backup(settings)
        first_backup_seconds = round(time.monotonic() - started, 1)
        heartbeat = Heartbeat(stack.database_url())
        heartbeat.start()
        ran = crash_during_load(stack, source, crash_after)
        heartbeat.stopping.set()
        heartbeat.join(5)
        acknowledged = heartbeat.last_acknowledged

        restored = restore_warehouse(stack, settings)
        recovered = newest_heartbeat(stack.database_url())
        rpo = (acknowledged - recovered).total_seconds() if acknowledged and recovered else None

        started = time.monotonic()
        summary = load(stack, source)
        reload_seconds = round(time.monotonic() - started, 1)
        star = checksums(stack.database_url())
        expected, reference = (args.expected_digest, "--expected-digest")
        if not expected:
            expected, reference = reference_digest(source)

        started = time.monotonic()
        full_backup = create_backup(settings)
        full_backup_seconds = round(time.monotonic() - started, 1)
        drilled = drill(settings)
    finally:
        stop_streaming(backup_settings({}, stack=stack))
        stack.down()
        shutil.rmtree(work, ignore_errors=True)
    figures = {
        "source": str(source),
        "first_backup_seconds": first_backup_seconds,
        "crash_after_seconds": ran,
        "rpo_seconds": round(rpo, 3) if rpo is not None else None,
        "last_acknowledged_commit": acknowledged.isoformat() if acknowledged else None,
        "newest_recovered_commit": recovered.isoformat() if recovered else None,
        "restore": {
            "backup_id": restored.backup_id,
            "database_seconds": restored.restore_seconds,
            "republish_seconds": restored.republish_seconds,
            "rebuild_seconds": restored.rebuild_seconds,
            "rto_seconds": restored.rto_seconds,
        },
        "reload_seconds": reload_seconds,
        "reload_rows_read": summary.rows_read,
        "warehouse_digest": digest(star),
        "expected_digest": expected,
        "expected_from": reference,
        "equals_undisturbed_load": digest(star) == expected if expected else None,
        "full_backup": {
            "seconds": full_backup_seconds,
            "size_bytes": full_backup.backup.size_bytes,
            "tables_checkpointed": len(full_backup.checkpoint.figures),
        },
        "drill": drilled.summary(),
    }
    text = json.dumps(figures, indent=2)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"recovery-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(text + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
