"""Sampling profiles of every process of a stack while a benchmark runs (py-spy).

Each process gets a collapsed-stack file (`<name>.folded`, readable by speedscope and
flamegraph tools) and `top()` sums them into the functions where the time goes.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path


class Profiles:
    def __init__(self, directory: Path, rate: int = 50) -> None:
        beside_python = Path(sys.executable).parent / "py-spy"
        self._py_spy = str(beside_python) if beside_python.exists() else shutil.which("py-spy")
        if self._py_spy is None:
            raise SystemExit("--profile needs py-spy: pip install '.[bench]'")
        self.directory, self._rate = directory, rate
        self._samplers: dict[str, subprocess.Popen] = {}
        directory.mkdir(parents=True, exist_ok=True)

    def attach(self, processes: dict[str, int]) -> None:
        for name, pid in processes.items():
            self._samplers[name] = subprocess.Popen(
                [
                    self._py_spy,
                    "record",
                    "--pid",
                    str(pid),
                    "--rate",
                    str(self._rate),
                    "--format",
                    "raw",
                    "--nonblocking",
                    "--threads",
                    "--output",
                    str(self.directory / f"{name}.folded"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def detach(self) -> None:
        for sampler in self._samplers.values():
            sampler.send_signal(signal.SIGINT)
        for sampler in self._samplers.values():
            sampler.wait(30)

    def top(self, name: str, count: int = 12) -> dict[str, list[tuple[str, float]]]:
        """Percent of a process's busy samples: `self` in each function (the leaf of the
        stack) and `inclusive` in each function of the project's own code and below it."""
        own, inclusive, busy = Counter(), Counter(), 0
        path = self.directory / f"{name}.folded"
        for line in path.read_text().splitlines() if path.exists() else ():
            stack, _, samples = line.rpartition(" ")
            frames = [_function(f) for f in stack.split(";")[1:]]  # [0] is the thread
            if not frames:
                continue
            busy += int(samples)
            own[frames[-1]] += int(samples)
            for frame in {f for f in frames if f.split(" ")[-1].startswith(PROJECT)}:
                inclusive[frame] += int(samples)
        share = lambda counter: [
            (f, round(100 * n / busy, 1)) for f, n in counter.most_common(count)
        ]
        return {"self": share(own), "inclusive": share(inclusive)} if busy else {}


PROJECT = ("services/", "contracts/", "shared_kernel/", "olist_dw/")


def _function(frame: str) -> str:
    """`name (path/to/file.py:12)` -> `name package/file.py`"""
    name, _, where = frame.partition(" (")
    file = where.rstrip(")").rsplit(":", 1)[0]
    parts = file.split("/")
    for root in PROJECT:
        if root.rstrip("/") in parts:
            file = "/".join(parts[parts.index(root.rstrip("/")) :])
            break
    else:
        file = "/".join(parts[-2:])
    return f"{name} {file}"
