"""Keeps one service process running, as Kubernetes keeps a container running: a process
that exits without being asked to is started again after a back-off that doubles with
each quick failure (0.5 s, 1 s, 2 s, ... at most 30 s) and starts over once a run lasted
a while. What it does is written to `<home>/run/<name>.json` for `olist-dw status`.

    python -m olist_dw.runtime.supervisor NAME HOME -- COMMAND...

SIGTERM (or SIGINT) stops the service and then the supervisor. A failpoint
(services/chassis/failpoints.py) fires once: a restarted process runs without it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

FIRST_BACKOFF_SECONDS = 0.5
LONGEST_BACKOFF_SECONDS = 30.0
STABLE_AFTER_SECONDS = 30.0  # a run this long resets the back-off
STOP_GRACE_SECONDS = 10.0


@dataclass
class Supervision:
    """What `status` shows of a supervised service."""

    pid: int | None = None  # the service process, None while it waits to restart
    restarts: int = 0
    last_exit: int | None = None  # its exit code (negative: the signal that ended it)


def run_file(home: Path, name: str) -> Path:
    return home / "run" / f"{name}.json"


def read_supervision(home: Path, name: str) -> Supervision:
    try:
        return Supervision(**json.loads(run_file(home, name).read_text()))
    except (OSError, ValueError, TypeError):
        return Supervision()


def backoff(quick_failures: int) -> float:
    return min(LONGEST_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** max(0, quick_failures - 1))


class Supervisor:
    def __init__(self, name: str, home: Path, command: list[str]) -> None:
        self.name, self.home, self.command = name, home, command
        self.state = Supervision()
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = False

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        env, quick_failures = dict(os.environ), 0
        while not self.stopping:
            started = time.monotonic()
            self.child = subprocess.Popen(self.command, env=env)
            self._record(pid=self.child.pid)
            code = self.child.wait()
            if self.stopping:
                break
            lasted = time.monotonic() - started
            quick_failures = 1 if lasted >= STABLE_AFTER_SECONDS else quick_failures + 1
            env.pop("OLIST_DW_FAILPOINTS", None)
            self._record(pid=None, restarts=self.state.restarts + 1, last_exit=code)
            print(
                f"supervisor: {self.name} exited ({code}) after {lasted:.1f} s;"
                f" restart {self.state.restarts} in {backoff(quick_failures):.1f} s",
                flush=True,
            )
            self._sleep(backoff(quick_failures))
        self._record(pid=None)
        return 0

    def _stop(self, signum: int, frame: object) -> None:
        """Ask the service to stop; if it has not within the grace period, kill it."""
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            signal.signal(signal.SIGALRM, self._kill)
            signal.alarm(int(STOP_GRACE_SECONDS))
            self.child.terminate()

    def _kill(self, signum: int, frame: object) -> None:
        if self.child is not None and self.child.poll() is None:
            self.child.kill()

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.05)

    def _record(self, **changes: int | None) -> None:
        for field, value in changes.items():
            setattr(self.state, field, value)
        path = run_file(self.home, self.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self.state)))
        temporary.replace(path)


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    name, home, command = argv[0], Path(argv[1]), argv[3:]
    return Supervisor(name, home, command).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
