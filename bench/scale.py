"""`make bench-scale`: is the load linear as data grows? In one run on this machine, on
generated Olist-shaped data (`olist-dw synth --scale K`) of scale 1 and of scale K:

- throughput (events/s) at K against scale 1 (target: within 20 %);
- the loader's peak RSS at both scales (target: flat, the loader streams);
- analyst query p95 at K (target: < 3 s, the brief's dashboard SLA).

Each scale is one `bench/load.py` run in its own process, so each peak RSS is its own.

    python bench/scale.py [--scale K] [--query-runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from olist_dw import synth  # noqa: E402


def measure(scale: float, work: Path, query_runs: int) -> dict:
    """Generate scale `scale`, load it with bench/load.py, return its figures."""
    source, orders = work / f"synth-{scale:g}", synth.scale_to_orders(scale)
    started = time.perf_counter()
    synth.generate(source, orders=orders, seed=1, compress=True)
    generate_seconds = time.perf_counter() - started
    out = work / f"load-{scale:g}.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load.py"),
            "--source",
            str(source),
            "--query-runs",
            str(query_runs),
            "--out",
            str(out),
        ],
        check=True,
    )
    shutil.rmtree(source, ignore_errors=True)
    figures = json.loads(out.read_text())
    figures["generate_seconds"] = round(generate_seconds, 1)
    figures["orders"] = orders
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--query-runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="olist-dw-scale-"))
    work.chmod(0o755)
    try:
        small, large = (measure(k, work, args.query_runs) for k in (1.0, args.scale))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures = {
        "scale": args.scale,
        "rows_read": {"1": small["rows_read"], f"{args.scale:g}": large["rows_read"]},
        "events": {"1": small["events"], f"{args.scale:g}": large["events"]},
        "load_seconds": {"1": small["load_seconds"], f"{args.scale:g}": large["load_seconds"]},
        "events_per_second": {
            "1": small["events_per_second"],
            f"{args.scale:g}": large["events_per_second"],
        },
        "throughput_ratio": round(large["events_per_second"] / small["events_per_second"], 2),
        "loader_peak_rss_mb": {
            "1": small["peak_rss_mb"]["loader"],
            f"{args.scale:g}": large["peak_rss_mb"]["loader"],
        },
        "slowest_query_p95_ms": {
            "1": small["slowest_query_p95_ms"],
            f"{args.scale:g}": large["slowest_query_p95_ms"],
        },
        "runs": {"1": small, f"{args.scale:g}": large},
    }
    summary = {k: v for k, v in figures.items() if k != "runs"}
    print(json.dumps(summary, indent=2))
    out = ROOT / "bench" / "results" / f"scale-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
