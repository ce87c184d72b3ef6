"""Daily event-time replay of the whole history against one full load, on fresh stacks:
prints seconds for both and whether the per-table checksums are equal.

    python bench/replay.py [--source DIR] [--orders N] [--step-days N]
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.extract import arguments, comparable_stack, prepare  # noqa: E402
from olist_dw.loading import load, replay  # noqa: E402
from services.reporting.adapters.warehouse_reads import checksums as dw_checksums  # noqa: E402


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--step-days", type=int, default=1)
    args = parser.parse_args()
    work, source = prepare(args, "olist-dw-replay-")
    full, daily = comparable_stack(work / "full"), comparable_stack(work / "daily")
    try:
        full.up()
        started = time.perf_counter()
        load(full, source)
        full_seconds = time.perf_counter() - started
        full.down()
        daily.up()
        summary = replay(daily, source, step_days=args.step_days)
        full.up()
        equal = dw_checksums(full.database_url()) == dw_checksums(daily.database_url())
        figures = {
            "source": str(source),
            "full_load_seconds": round(full_seconds, 1),
            "windows": summary.windows,
            "windows_with_rows": summary.loaded_windows,
            "replay_seconds": round(summary.seconds["total"], 1),
            "replay_events": summary.events,
            "checksums_equal": equal,
        }
    finally:
        full.down()
        daily.down()
        shutil.rmtree(work, ignore_errors=True)
    for name, value in figures.items():
        print(f"{name:>18}: {value}")
    out = ROOT / "bench" / "results" / f"replay-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
