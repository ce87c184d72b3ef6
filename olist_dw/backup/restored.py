"""A copy of the database that Barman restored into a data directory, run as a server: with
the settings the primary runs with (a lower `max_connections` and the like abort the
recovery), recovered to its target, then promoted."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from olist_dw.runtime.ports import free_port
from olist_dw.runtime.postgres import PostgresServer

LOG_TAIL_LINES = 20


class RecoveryFailed(RuntimeError):
    """The restored copy did not reach its recovery target; the message ends with its log."""


def restored_server(data_dir: Path, port: int = 0) -> PostgresServer:
    """A server for a restored data directory, its socket and log beside it, on `port` or a
    free one (known before it starts: its conninfo is made first)."""
    return PostgresServer(
        data_dir,
        data_dir.parent / f"{data_dir.name}.log",
        data_dir.parent / "socket",
        port or free_port(),
    )


def admit_local_only(server: PostgresServer) -> None:
    """Only this machine may connect to a drill's scratch copy, whatever the primary's
    rules, and with the roles' passwords (the copy holds the primary's)."""
    server.admit_passwords_only()


def start_recovered(
    server: PostgresServer,
    conninfo: str,
    *,
    fast_and_unsafe: bool = False,
    timeout: float = 3600.0,
) -> None:
    """Start the copy, wait until its recovery reached the target (it pauses there) or the
    end of the WAL, and promote it; `conninfo` signs in to the copy."""
    server.adopt()
    try:
        server.start(fast_and_unsafe=fast_and_unsafe)
    except RuntimeError as error:
        raise RecoveryFailed(f"{error}\n{log_tail(server)}") from None
    deadline = time.monotonic() + timeout
    try:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            while _recovering(connection):
                if time.monotonic() > deadline:
                    raise RecoveryFailed(
                        f"still recovering after {timeout:.0f} s\n{log_tail(server)}"
                    )
                time.sleep(0.1)
    except psycopg.OperationalError as error:  # it stopped: the target was not reached
        raise RecoveryFailed(f"the restored copy stopped: {error}\n{log_tail(server)}") from None


def _recovering(connection: psycopg.Connection) -> bool:
    """Whether it is still in recovery; at the target (paused) it is told to promote."""
    try:
        row = connection.execute(
            "SELECT pg_is_in_recovery(),"
            " CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() END"
        ).fetchone()
        in_recovery, pause = row or (False, None)
        if in_recovery and pause == "paused":
            connection.execute("SELECT pg_wal_replay_resume()")
    except psycopg.errors.ObjectNotInPrerequisiteState:  # promoted between the two calls
        return False
    return bool(in_recovery)


def log_tail(server: PostgresServer) -> str:
    try:
        lines = server.log_file.read_text(errors="replace").splitlines()
    except OSError:
        return f"(no log at {server.log_file})"
    return "\n".join(lines[-LOG_TAIL_LINES:])


def conninfo_of(server: PostgresServer, conninfo: str) -> str:
    """`conninfo` (the primary's role and database) pointed at the restored copy."""
    parameters = {k: str(v) for k, v in conninfo_to_dict(conninfo).items() if v is not None}
    parameters.pop("hostaddr", None)
    parameters.pop("sslrootcert", None)
    # a scratch copy on this machine's loopback, started without TLS
    local = {"host": "127.0.0.1", "port": str(server.port), "sslmode": "disable"}
    return make_conninfo("", **{**parameters, **local})
