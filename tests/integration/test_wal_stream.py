"""`olist-dw backup stream` against a real PostgreSQL: once the backup Job's own receiver is
gone, the stream keeps the WAL coming, says how far back the recoverable point is, survives
its receiver's death, and what it reported recoverable is in a copy restored after the
server was killed."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import psycopg
import pytest

from olist_dw.backup.barman import RecoveryTarget
from olist_dw.backup.operations import create_backup, restored_copy, stop_streaming
from olist_dw.backup.settings import backup_settings
from olist_dw.backup.streaming import WalStream, serve
from olist_dw.runtime.stack import Stack
from tests.conftest import own_infrastructure


@pytest.fixture(scope="module")
def server() -> Iterator[Stack]:
    with own_infrastructure("wal-stream") as stack:
        with psycopg.connect(stack.database_url(), autocommit=True) as connection:
            connection.execute("CREATE TABLE sales.ledger (id int PRIMARY KEY)")
        try:
            yield stack
        finally:
            stop_streaming(backup_settings({}, stack=stack))


@dataclass
class Streaming:
    wal_stream: WalStream
    url: str
    stop: Callable[[], None]


@pytest.fixture(scope="module")
def stream(server: Stack) -> Iterator[Streaming]:
    """A base backup taken by a 'Job' whose receiver then ends; the stream takes over."""
    settings = backup_settings({}, stack=server)
    create_backup(settings)
    stop_streaming(settings)
    wal_stream = WalStream(settings, poll_seconds=0.2, archive_every=1.0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    http = serve(wal_stream, port, host="127.0.0.1")
    stop = threading.Event()
    runner = threading.Thread(target=wal_stream.run, args=(stop,), daemon=True)
    runner.start()

    def stopped() -> None:
        stop.set()
        runner.join(timeout=30)
        http.shutdown()

    yield Streaming(wal_stream, f"http://127.0.0.1:{port}", stopped)
    if runner.is_alive():
        stopped()


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def eventually(holds: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not holds():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.2)


def commit(server: Stack, ids: range) -> datetime:
    """Insert the ids; when the commit happened, by the server's clock."""
    with psycopg.connect(server.database_url(), autocommit=True) as connection:
        connection.execute(
            "INSERT INTO sales.ledger SELECT generate_series(%s::int, %s::int)", (ids[0], ids[-1])
        )
        row = connection.execute("SELECT clock_timestamp()").fetchone()
    assert row is not None
    return row[0]


def recoverable_past(url: str, moment: datetime) -> Callable[[], bool]:
    def holds() -> bool:
        until = get(f"{url}/wal")[1]["recoverable_until"]
        return until is not None and datetime.fromisoformat(until) >= moment

    return holds


def test_a_commit_is_reported_recoverable_within_seconds_even_after_the_receiver_died(
    server, stream
):
    url = stream.url
    eventually(lambda: get(f"{url}/readyz")[0] == 200)
    assert get(f"{url}/wal")[1]["receiver_restarts"] == 0
    assert stream.wal_stream.receiver is not None
    stream.wal_stream.receiver.kill()
    eventually(lambda: get(f"{url}/wal")[1]["receiver_restarts"] == 1)

    committed = commit(server, range(1, 2001))

    eventually(recoverable_past(url, committed), timeout=20)
    status, report = get(f"{url}/wal")
    assert status == 200 and report["streaming"] is True
    assert report["last_archived_wal_time"] is not None
    assert "receive-wal` ended" in (report["last_error"] or "")
    assert get(f"{url}/healthz")[0] == 200


def test_what_it_reported_recoverable_survives_the_server_killed(server, stream):
    committed = commit(server, range(2001, 2501))
    eventually(recoverable_past(stream.url, committed), timeout=15)

    server.postgres.stop("immediate")
    stream.stop()  # archives what it received, as a stream pod would when its server is gone
    settings = stream.wal_stream.settings
    with restored_copy(settings, RecoveryTarget(), settings.home / "copy") as (
        *_,
        copy,
    ):
        with psycopg.connect(copy) as connection:
            row = connection.execute("SELECT count(*), max(id) FROM sales.ledger").fetchone()

    assert row == (2500, 2500)
