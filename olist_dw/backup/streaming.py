"""`olist-dw backup stream`: the WAL streamed without pause where backup Jobs come and go (a
cluster; locally `barman cron` keeps `receive-wal` running beside the runtime).

`barman receive-wal` runs in the foreground, restarted with back-off when it ends (the
server restarted, another receiver held the slot); the segments it completes are moved
into the archive every `archive_every`. The RPO is measured as it is, not assumed: every
poll samples the server's WAL position, and once the receiver has written past a sample,
everything committed before that sample can be recovered (`recover --partial-wal` uses the
segment in progress). `GET /wal` reports it as JSON for the operator; `/healthz` answers
while the process lives, `/readyz` while it streams.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg

from olist_dw.backup.barman import Barman, BarmanFailed
from olist_dw.backup.settings import BackupSettings

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
ARCHIVE_EVERY_SECONDS = 60.0
RESTART_BACKOFF_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)
# a receiver that ran this long was streaming: its end starts the back-off afresh
STEADY_SECONDS = 60.0
# samples not yet reached by the receiver; older ones are dropped (the report says how
# far back the newest reached one is)
MAX_PENDING_SAMPLES = 1000


def lsn(text: str) -> int:
    """A WAL position as PostgreSQL writes it (`16/B374D848`) as a number."""
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


@dataclass
class RecoverableUntil:
    """The newest moment whose WAL the receiver has written: samples of (when, the server's
    WAL position then) wait until the receiver's written position passes them."""

    moment: datetime | None = None
    pending: list[tuple[datetime, int]] = field(default_factory=list)

    def observe(self, sampled_at: datetime, server_position: int, written: int | None) -> None:
        self.pending.append((sampled_at, server_position))
        del self.pending[:-MAX_PENDING_SAMPLES]
        if written is None:
            return
        reached = [moment for moment, position in self.pending if position <= written]
        if reached:
            self.moment = max(reached)
            self.pending = [(m, p) for m, p in self.pending if p > written]


@dataclass(frozen=True)
class StreamReport:
    streaming: bool
    recoverable_until: datetime | None
    last_archived_wal_time: datetime | None
    receiver_restarts: int
    last_error: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "streaming": self.streaming,
            "recoverable_until": _iso(self.recoverable_until),
            "last_archived_wal_time": _iso(self.last_archived_wal_time),
            "receiver_restarts": self.receiver_restarts,
            "last_error": self.last_error,
        }


class WalStream:
    """The receiver, its supervision, the archiving and the measurement; `run` until `stop`."""

    def __init__(
        self,
        settings: BackupSettings,
        *,
        poll_seconds: float = POLL_SECONDS,
        archive_every: float = ARCHIVE_EVERY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.barman = Barman(settings)
        self.settings = settings
        self.poll_seconds = poll_seconds
        self.archive_every = archive_every
        self.clock = clock
        self.until = RecoverableUntil()
        self.receiver: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._quick_failures = 0  # ends soon after starting, in a row: the back-off's step
        self._started_at = 0.0
        self.streaming = False
        self.last_error: str | None = None
        self._next_start = 0.0
        self._next_archive = 0.0
        self._lock = threading.Lock()

    def run(self, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                self.step()
                stop.wait(self.poll_seconds)
        finally:
            self._stop_receiver()
            self._archive()

    def step(self) -> None:
        self._supervise_receiver()
        self._measure()
        if self.clock() >= self._next_archive:
            self._archive()
            self._next_archive = self.clock() + self.archive_every

    def report(self) -> StreamReport:
        with self._lock:
            return StreamReport(
                self.streaming,
                self.until.moment,
                self.barman.last_archived_wal_time(),
                max(self.starts - 1, 0),
                self.last_error,
            )

    # --- the receiver -----------------------------------------------------------------
    def _supervise_receiver(self) -> None:
        if self.receiver is not None and self.receiver.poll() is None:
            return
        if self.receiver is not None:
            self._note_error(f"`barman receive-wal` ended with exit {self.receiver.returncode}")
            self.receiver = None
            lasted = self.clock() - self._started_at
            self._quick_failures = self._quick_failures + 1 if lasted < STEADY_SECONDS else 0
            step = min(self._quick_failures, len(RESTART_BACKOFF_SECONDS)) - 1
            self._next_start = self.clock() + (RESTART_BACKOFF_SECONDS[step] if step >= 0 else 0)
        if self.clock() < self._next_start:
            return
        command = [str(self.barman.executable), "-c", str(self.settings.config_file)]
        self.receiver = subprocess.Popen(  # its log goes to Barman's log file
            [*command, "receive-wal", self.settings.server],
            cwd=self.settings.home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._started_at = self.clock()
        self.starts += 1

    def _stop_receiver(self) -> None:
        if self.receiver is not None and self.receiver.poll() is None:
            self.receiver.terminate()
            try:
                self.receiver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.receiver.kill()

    # --- measuring and archiving ------------------------------------------------------
    def _measure(self) -> None:
        try:
            with psycopg.connect(self.settings.conninfo, autocommit=True, connect_timeout=5) as c:
                row = c.execute(
                    "SELECT clock_timestamp(), pg_current_wal_lsn()::text, "
                    "(SELECT r.write_lsn::text FROM pg_replication_slots s "
                    " JOIN pg_stat_replication r ON r.pid = s.active_pid WHERE s.slot_name = %s)",
                    (self.settings.slot,),
                ).fetchone()
        except psycopg.Error as error:
            self._note_error(f"PostgreSQL: {str(error).strip()}")
            with self._lock:
                self.streaming = False
            return
        assert row is not None
        sampled_at, position, written = row
        with self._lock:
            self.streaming = written is not None
            self.until.observe(sampled_at, lsn(position), lsn(written) if written else None)

    def _archive(self) -> None:
        try:
            self.barman.archive_streamed()
        except BarmanFailed as error:
            self._note_error(str(error).splitlines()[0])

    def _note_error(self, error: str) -> None:
        if error != self.last_error:
            log.warning("WAL stream: %s", error)
        self.last_error = error


def serve(stream: WalStream, port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    """The stream's HTTP endpoints, served from a daemon thread; `shutdown()` ends them."""

    class Endpoints(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/healthz":
                self._answer(200, {"status": "ok"})
            elif self.path == "/readyz":
                report = stream.report()
                self._answer(200 if report.streaming else 503, report.as_json())
            elif self.path == "/wal":
                self._answer(200, stream.report().as_json())
            else:
                self._answer(404, {"detail": "not found: /wal, /healthz, /readyz"})

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the kubelet's probes every few seconds are no news

    server = ThreadingHTTPServer((host, port), Endpoints)
    threading.Thread(target=server.serve_forever, name="wal-stream-http", daemon=True).start()
    return server


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None
