"""Barman, run as a command: its configuration written from the settings, each operation a
`barman` invocation with an argument list, its JSON output read back.

Recipe (docs/adr/0012-backups.md): `backup_method = postgres` (pg_basebackup) and
`streaming_archiver = on` (pg_receivewal on a replication slot, no archive_command).
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from olist_dw.backup.retention import retention_policy
from olist_dw.backup.settings import BackupSettings

# an error's last lines are enough to say what went wrong
STDERR_TAIL_LINES = 15
# how long `switch-wal --archive` waits for the closed WAL file to reach the archive
ARCHIVE_TIMEOUT_SECONDS = 60


class BarmanFailed(RuntimeError):
    """A barman command failed; the message names it and ends with its output."""


class BarmanMissing(RuntimeError):
    """barman or rsync (which `barman recover` needs) is not installed."""


@dataclass(frozen=True)
class Backup:
    backup_id: str
    status: str  # DONE, FAILED, WAITING_FOR_WALS, ...
    end_time: datetime | None
    size_bytes: int
    wal_size_bytes: int
    retention_status: str  # VALID, OBSOLETE, OBSOLETE* (kept: minimum redundancy), -, ...
    begin_time: datetime | None = None
    name: str | None = None  # `backup --name`: the checkpoint taken with it has this name

    @property
    def done(self) -> bool:
        return self.status == "DONE"


@dataclass(frozen=True)
class RecoveryTarget:
    """Where a recovery stops: a restore point (`name`), a time, or the newest WAL the
    archive holds (neither), streamed segments in progress included."""

    name: str | None = None
    time: datetime | None = None

    @property
    def newest(self) -> bool:
        return self.name is None and self.time is None

    def describe(self) -> str:
        if self.name:
            return f"restore point {self.name}"
        if self.time:
            return f"{self.time.isoformat()}"
        return "the newest WAL in the archive"


def barman_executable() -> Path:
    """The `barman` next to this Python (the project's venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "barman"
    found = str(beside) if beside.exists() else shutil.which("barman")
    if not found:
        raise BarmanMissing(
            "barman is not installed: `make install` installs it into the venv "
            "(pip install --no-deps barman==3.19.1)"
        )
    return Path(found)


def require_rsync() -> None:
    if not shutil.which("rsync"):
        raise BarmanMissing(
            "rsync is not installed, and `barman recover` copies with it: apt-get install -y rsync"
        )


def render_config(settings: BackupSettings, user: str) -> str:
    """barman.conf: the global section and one server, the warehouse database."""
    conninfo = settings.conninfo.replace("%", "%%")  # configparser interpolates %
    lines = [
        "[barman]",
        f"barman_home = {settings.home}",
        f"barman_user = {user}",
        f"log_file = {settings.home / 'barman.log'}",
        "log_level = INFO",
        # the newest base backup is never deleted, whatever the retention says
        "minimum_redundancy = 1",
        "",
        f"[{settings.server}]",
        "description = olist-dw warehouse database",
        f"conninfo = {conninfo}",
        f"streaming_conninfo = {conninfo}",
        "backup_method = postgres",
        "streaming_archiver = on",
        "archiver = off",
        f"slot_name = {settings.slot}",
        "create_slot = auto",
        # pg_basebackup -c fast: without it a backup waits for the next checkpoint
        "immediate_checkpoint = true",
        f"path_prefix = {settings.binaries}",
    ]
    if settings.retention:
        lines += [
            f"retention_policy = {retention_policy(settings.retention)}",
            "retention_policy_mode = auto",
            "wal_retention_policy = main",
        ]
    return "\n".join(lines) + "\n"


class Barman:
    def __init__(self, settings: BackupSettings) -> None:
        self.settings = settings
        self.executable = barman_executable()
        settings.home.mkdir(parents=True, exist_ok=True)
        user = pwd.getpwuid(os.geteuid()).pw_name
        settings.config_file.write_text(render_config(settings, user))

    @property
    def server(self) -> str:
        return self.settings.server

    # --- WAL --------------------------------------------------------------------------
    def start_streaming(self) -> None:
        """`barman cron`: archives what was streamed, starts `receive-wal` (creating the
        replication slot the first time) if it is not running, applies the retention;
        returns once the server streams to it."""
        self.run("cron")
        deadline = time.monotonic() + ARCHIVE_TIMEOUT_SECONDS
        while not self._slot_active():
            if time.monotonic() > deadline:
                raise BarmanFailed(
                    f"`barman receive-wal` did not start streaming within "
                    f"{ARCHIVE_TIMEOUT_SECONDS} s; see {self.settings.home / 'barman.log'}"
                )
            time.sleep(0.1)

    def _slot_active(self) -> bool:
        with psycopg.connect(self.settings.conninfo, autocommit=True) as connection:
            row = connection.execute(
                "SELECT active FROM pg_replication_slots WHERE slot_name = %s",
                (self.settings.slot,),
            ).fetchone()
        return bool(row and row[0])

    def stop_streaming(self) -> None:
        self.run("receive-wal", "--stop", self.server)

    def reset_streaming(self) -> None:
        """After a restore: the streamer starts again from the restored server's current
        WAL, on its new timeline, and not where it stopped on the old one (a restore to an
        earlier time branched off before that)."""
        self.run("receive-wal", "--reset", self.server)

    def archive_streamed(self) -> None:
        """Move the WAL segments received so far into the archive."""
        self.run("archive-wal", self.server)

    def switch_wal(self) -> None:
        """Close the current WAL segment and wait until it is in the archive: proves the
        streaming works and makes everything written so far recoverable. (Barman's own
        `switch-wal --archive` polls every few seconds; archiving here, at once, is what
        makes a backup of a small database take seconds.)"""
        archived = self._archived_segments()
        self.run("switch-wal", "--force", self.server)
        self._open_next_segment()
        deadline = time.monotonic() + ARCHIVE_TIMEOUT_SECONDS
        while self._archived_segments() <= archived:
            if time.monotonic() > deadline:
                raise BarmanFailed(
                    f"the WAL switched on the server did not reach the archive within "
                    f"{ARCHIVE_TIMEOUT_SECONDS} s: is `barman receive-wal` streaming? "
                    f"(`barman -c {self.settings.config_file} check {self.server}`)"
                )
            time.sleep(0.2)
            self.archive_streamed()

    def _open_next_segment(self) -> None:
        """Write a WAL record into the new segment. Barman archives a streamed segment only
        once the receiver has begun the next one, which on a quiet server waits for
        PostgreSQL's own next record (a running-transactions snapshot, every 15 s)."""
        with psycopg.connect(self.settings.conninfo, autocommit=True) as connection:
            connection.execute("SELECT pg_logical_emit_message(false, 'olist-dw', 'switch')")

    def _archived_segments(self) -> int:
        return len(self._catalogue())

    def _catalogue(self) -> list[str]:
        """Barman's WAL catalogue, a line per archived file: name, size, time, ..."""
        path = self.settings.home / self.server / "wals" / f"{self.server}-xlog.db"
        try:
            return [line for line in path.read_text().splitlines() if line.strip()]
        except OSError:
            return []

    def last_archived_wal_time(self) -> datetime | None:
        """When the newest WAL file in the archive was archived."""
        catalogue = self._catalogue()
        return datetime.fromtimestamp(float(catalogue[-1].split()[2]), UTC) if catalogue else None

    # --- base backups -----------------------------------------------------------------
    def backup(self, name: str) -> Backup:
        """A base backup (pg_basebackup), waiting until the WAL it needs is archived."""
        self.run("backup", "--wait", "--name", name, self.server)
        return self.show(name)

    def show(self, backup_id: str) -> Backup:
        record = self.json("show-backup", self.server, backup_id)[self.server]
        base = record.get("base_backup_information", {})
        return Backup(
            backup_id=record["backup_id"],
            status=record["status"],
            begin_time=_time(base.get("begin_time")),
            end_time=_time(base.get("end_time")),
            size_bytes=int(base.get("backup_size_bytes") or 0),
            wal_size_bytes=int(record.get("wal_information", {}).get("disk_usage_bytes") or 0),
            retention_status=record.get("catalog_information", {}).get("retention_policy", "-"),
            name=record.get("backup_name"),
        )

    def backups(self) -> list[Backup]:
        """Every base backup in the catalogue, oldest first."""
        listed = self.json("list-backups", self.server).get(self.server, [])
        backups = [
            Backup(
                backup_id=entry["backup_id"],
                status=entry["status"],
                end_time=_epoch(entry.get("end_time_timestamp")),
                size_bytes=int(entry.get("size_bytes") or 0),
                wal_size_bytes=int(entry.get("wal_size_bytes") or 0),
                retention_status=entry.get("retention_status", "-"),
                name=entry.get("backup_name"),
            )
            for entry in listed
        ]
        return sorted(backups, key=lambda backup: backup.backup_id)

    def delete(self, backup_id: str) -> None:
        self.run("delete", self.server, backup_id)

    # --- recovery ---------------------------------------------------------------------
    def recover(self, backup_id: str, destination: Path, target: RecoveryTarget) -> None:
        """Copy the base backup into `destination` with the WAL that brings it to `target`
        and the recovery settings (recovery.signal; it pauses at a named or timed target,
        `pg_wal_replay_resume()` promotes)."""
        require_rsync()
        arguments = ["recover", self.server, backup_id, str(destination)]
        if target.name:
            arguments += ["--target-name", target.name]
        elif target.time:
            arguments += ["--target-time", target.time.isoformat()]
        else:  # to the end of the archive, on a new timeline, the segment in progress too
            arguments += ["--target-tli", "latest", "--partial-wal"]
        self.run(*arguments)

    # --- the command ------------------------------------------------------------------
    def json(self, *arguments: str) -> Any:
        return json.loads(self.run(*arguments, output_format="json") or "{}")

    def run(self, *arguments: str, output_format: str = "console") -> str:
        command = [
            str(self.executable),
            "-c",
            str(self.settings.config_file),
            "-f",
            output_format,
            *arguments,
        ]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.settings.home)
        if done.returncode != 0:
            raise BarmanFailed(failure(command, done.returncode, done.stderr or done.stdout))
        return done.stdout


def failure(command: Sequence[str], returncode: int, output: str) -> str:
    shown = " ".join(["barman", *command[5:]]) if command[1:2] == ["-c"] else " ".join(command)
    tail = "\n".join(output.strip().splitlines()[-STDERR_TAIL_LINES:])
    return f"`{shown}` failed (exit {returncode}):\n{tail}"


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _epoch(seconds: str | int | None) -> datetime | None:
    return datetime.fromtimestamp(int(seconds), UTC) if seconds else None
