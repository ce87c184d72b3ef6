"""Full end-to-end load on a fresh local stack: prints rows/s and events/s.

    python bench/load.py [--source DIR] [--orders N]

Uses the real Olist files in ../shared/olist (or OLIST_DATA_DIR) when present, else a
generated data set of the same size. Writes the figures to bench/results/load-*.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from olist_dw import synth  # noqa: E402
from olist_dw.loading import load  # noqa: E402
from olist_dw.runtime.stack import Stack  # noqa: E402

REAL = Path(os.environ.get("OLIST_DATA_DIR", ROOT.parent / "shared" / "olist"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path)
    parser.add_argument("--orders", type=int, default=synth.REAL_ORDER_COUNT)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="olist-dw-bench-"))
    work.chmod(0o755)
    source = args.source or (REAL if (REAL / "olist_orders_dataset.csv.gz").exists() else None)
    if source is None:
        source = work / "synth"
        synth.generate(source, orders=args.orders, seed=1)
    stack = Stack(work / "home")
    try:
        started = time.perf_counter()
        stack.up()
        startup = time.perf_counter() - started
        summary = load(stack, source)
        figures = {
            "source": str(source),
            "rows_read": summary.rows_read,
            "events": summary.events,
            "startup_seconds": round(startup, 2),
            "stage_seconds": round(summary.seconds["stage"], 2),
            "complete_seconds": round(summary.seconds["complete"], 2),
            "load_seconds": round(summary.seconds["total"], 2),
            "rows_per_second": round(summary.rows_read / summary.seconds["total"]),
            "events_per_second": round(summary.events / summary.seconds["total"]),
        }
    finally:
        stack.down()
        shutil.rmtree(work, ignore_errors=True)
    for name, value in figures.items():
        print(f"{name:>20}: {value}")
    out = ROOT / "bench" / "results" / f"load-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(figures, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
