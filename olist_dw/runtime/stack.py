"""The whole system on one machine: PostgreSQL, NATS and every service as processes.

State (ports, pids, logs, data) lives in one directory, `OLIST_DW_HOME` (default
`.olist-dw` in the project). `olist-dw up` starts it, `olist-dw down` stops it; the
test suite starts its own in a temporary directory.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from contracts.contexts import SERVICES  # in start order: a consumer may start first
from olist_dw.database import bootstrap, login_roles, role_of, set_passwords
from olist_dw.runtime.credentials import ensure_credentials, read_credentials
from olist_dw.runtime.nats import NatsServer
from olist_dw.runtime.ports import free_port
from olist_dw.runtime.postgres import (
    DATABASE,
    SUPERUSER,
    PostgresServer,
    data_home,
    with_openssl,
)
from olist_dw.runtime.processes import is_alive, stop, wait_until
from olist_dw.runtime.signing import AUDIENCE, ISSUER, ensure_keys, jwks_file
from olist_dw.runtime.supervisor import read_supervision, run_file
from olist_dw.runtime.tls import certificates_of, ensure_certificates
from services.chassis.broker_permissions import USERS as NATS_USERS
from services.chassis.personal_data import TextKeys

# the keys of personal data the runtime makes once (docs/adr/0013-personal-data.md)
PERSONAL_DATA_KEYS = {
    "pseudonym": lambda: secrets.token_urlsafe(32),
    "texts": lambda: TextKeys.new_key_setting("k1"),
}

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_home() -> Path:
    return Path(os.environ.get("OLIST_DW_HOME", PROJECT_ROOT / ".olist-dw")).resolve()


@dataclass
class ServiceProcess:
    """A service, run by its supervisor (olist_dw/runtime/supervisor.py)."""

    name: str
    port: int
    supervisor_pid: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class StackState:
    postgres_port: int = 0
    nats_port: int = 0
    nats_pid: int | None = None
    tls: bool = False  # PostgreSQL and NATS over TLS only (`olist-dw up --tls`)
    services: dict[str, ServiceProcess] = field(default_factory=dict)


class Stack:
    def __init__(
        self, home: Path | None = None, *, fast_and_unsafe: bool = False, tls: bool | None = None
    ) -> None:
        self.home = (home or default_home()).resolve()
        self.fast_and_unsafe = fast_and_unsafe
        self.state = self._read_state()
        if tls is not None:  # else as it was started
            self.state.tls = tls
        certificates = certificates_of(self.home) if self.state.tls else None
        self.credentials = read_credentials(self.home)
        pg_home = data_home(self.home)
        self.postgres = PostgresServer(
            pg_home / "postgres" / "data",
            pg_home / "postgres" / "postgres.log",
            pg_home / "postgres" / "socket",
            self.state.postgres_port,
            passwords=self.credentials.postgres,
            tls=certificates,
            binaries=with_openssl() if self.state.tls else None,
        )
        self.nats = NatsServer(
            self.home / "nats",
            self.home / "logs" / "nats.log",
            self.state.nats_port,
            self.state.nats_pid,
            passwords=self.credentials.nats,
            tls=certificates,
        )

    # --- state -------------------------------------------------------------------------
    @property
    def _state_file(self) -> Path:
        return self.home / "state.json"

    def _read_state(self) -> StackState:
        try:
            raw = json.loads(self._state_file.read_text())
            services = {n: ServiceProcess(**s) for n, s in raw.pop("services", {}).items()}
            return StackState(**raw, services=services)
        except (OSError, ValueError, TypeError):  # none yet, or written by an older version
            return StackState()

    def _save(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.state.postgres_port, self.state.nats_port = self.postgres.port, self.nats.port
        self.state.nats_pid = self.nats.pid
        self._state_file.write_text(json.dumps(asdict(self.state), indent=2))

    # --- endpoints ---------------------------------------------------------------------
    def database_url(self, role: str = SUPERUSER, driver: str = "postgresql") -> str:
        return self.postgres.url(role, DATABASE, driver)

    def service_url(self, name: str) -> str:
        return self.state.services[name].url

    def service_env(self, name: str) -> dict[str, str]:
        return {
            "OLIST_DW_DATABASE_URL": self.database_url(role_of(name), "postgresql+psycopg"),
            "OLIST_DW_NATS_URL": self.nats.url_as(name),
            **({"OLIST_DW_NATS_TLS_CA": self.nats.tls_ca} if self.nats.tls_ca else {}),
            "OLIST_DW_HTTP_PORT": str(self.state.services[name].port),
            **{f"OLIST_DW_{key.upper()}": value for key, value in self.security_settings().items()},
        }

    def security_settings(self) -> dict[str, str]:
        """The services' token settings (this runtime's JWKS, issuer and audience) and the
        keys of personal data."""
        return {
            "auth_jwks": str(jwks_file(self.home)),
            "auth_issuer": ISSUER,
            "auth_audience": AUDIENCE,
            "pseudonym_key": self.credentials.keys["pseudonym"],
            "text_keys": self.credentials.keys["texts"],
        }

    # --- lifecycle ---------------------------------------------------------------------
    def start_infrastructure(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.home.chmod(0o755)
        self.credentials = ensure_credentials(
            self.home, [SUPERUSER, *login_roles()], NATS_USERS, PERSONAL_DATA_KEYS
        )
        self.postgres.passwords = self.credentials.postgres
        self.nats.passwords = self.credentials.nats
        if self.state.tls:
            ensure_certificates(self.home)
        if not self.postgres.pid or not is_alive(self.postgres.pid):
            self.postgres.init()
            self.postgres.start(fast_and_unsafe=self.fast_and_unsafe)
        self.postgres.require_passwords()
        self.postgres.create_database()
        bootstrap(self.database_url())
        set_passwords(self.database_url(), self.credentials.postgres)
        ensure_keys(self.home)
        if not is_alive(self.nats.pid):
            self.nats.start()
        self._save()

    def service_pid(self, name: str) -> int | None:
        """The service's own process (its supervisor starts a new one after a crash)."""
        return read_supervision(self.home, name).pid

    def start_service(
        self, name: str, timeout: float = 60.0, extra_env: dict[str, str] | None = None
    ) -> ServiceProcess:
        """Start one service under its supervisor (on the port it had, if any); `extra_env`
        e.g. for failpoints."""
        current = self.state.services.get(name)
        if current and is_alive(current.supervisor_pid):
            return current
        service = ServiceProcess(name, current.port if current else free_port())
        self.state.services[name] = service
        run_file(self.home, name).unlink(missing_ok=True)  # a new supervisor, a new record
        env = {**os.environ, **self.service_env(name), "PYTHONUNBUFFERED": "1", **(extra_env or {})}
        command = [
            sys.executable,
            "-m",
            "olist_dw.runtime.supervisor",
            name,
            str(self.home),
            "--",
            sys.executable,
            "-m",
            f"services.{name}",
        ]
        with open(self.home / "logs" / f"{name}.log", "ab") as log:  # the child keeps its own
            process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        service.supervisor_pid = process.pid
        self._save()
        wait_until(
            lambda: self._is_ready(service) or self._failed_at_start(name),
            timeout,
            f"{name} to be ready",
        )
        if not self._is_ready(service):
            raise RuntimeError(
                f"{name} exited at start; see {self.home / 'logs' / (name + '.log')}"
            )
        return service

    def _failed_at_start(self, name: str) -> bool:
        return read_supervision(self.home, name).restarts > 0

    def up(self) -> None:
        self.start_infrastructure()
        for name in SERVICES:
            self.start_service(name)

    def stop_service(self, name: str) -> None:
        service = self.state.services.get(name)
        if service:
            stop(service.supervisor_pid, timeout=15.0)
            run = read_supervision(self.home, name)
            stop(run.pid, sig=signal.SIGKILL)  # left by a supervisor that was killed itself

    def down(self) -> None:
        for name in reversed(SERVICES):
            self.stop_service(name)
        self.nats.stop()
        self.postgres.stop()

    @staticmethod
    def _is_ready(service: ServiceProcess) -> bool:
        try:
            return httpx.get(f"{service.url}/readyz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def status(self) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = [
            {
                "component": "postgres",
                "pid": self.postgres.pid,
                "port": self.postgres.port,
                "url": self.postgres.address(),  # the password: olist-dw dsn --role admin
                "healthy": bool(self.postgres.pid and is_alive(self.postgres.pid)),
            },
            {
                "component": "nats",
                "pid": self.nats.pid,
                "port": self.nats.port,
                "url": self.nats.address,
                "healthy": is_alive(self.nats.pid),
            },
        ]
        for name in SERVICES:
            service = self.state.services.get(name)
            run = read_supervision(self.home, name)
            supervised = bool(service and is_alive(service.supervisor_pid))
            rows.append(
                {
                    "component": name,
                    "pid": run.pid if supervised else None,
                    "port": service and service.port,
                    "url": service and service.url,
                    "healthy": bool(service and supervised and self._is_ready(service)),
                    "restarts": run.restarts if supervised else 0,
                }
            )
        return rows
