"""`make bench`: on fresh local stacks, in one run on this machine:

1. the full end-to-end load of the real Olist files (../shared/olist or OLIST_DATA_DIR;
   a generated extract of the same size when absent), CSV to a complete star schema;
2. the baseline: PostgreSQL COPY of the same CSV files into plain text tables;
3. analyst query latencies (every mart and every README example query, p50/p95).

Prints wall seconds, rows/s, events/s, the ratio load/COPY, peak RSS per process, the
query latencies and the star schema's checksums (with one digest of them, to compare two
runs by), and writes them as JSON under bench/results/.

    python bench/load.py [--source DIR] [--orders N] [--query-runs N] [--rebuild]
                         [--profile DIR] [--out FILE]

With --profile, py-spy samples every service and the loader during the load and the
functions where the time goes are printed (collapsed stacks are kept in DIR).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.extract import arguments, comparable_stack, prepare  # noqa: E402
from bench.profile import Profiles  # noqa: E402
from olist_dw.loading import load  # noqa: E402
from olist_dw.rebuild import rebuild_reporting  # noqa: E402
from services.reporting.adapters.marts import MARTS  # noqa: E402
from services.reporting.adapters.warehouse_reads import checksums  # noqa: E402


def copy_baseline(url: str, source: Path) -> tuple[float, int]:
    """COPY every CSV file as it is (decompressed) into a plain table of text columns."""
    started, rows = time.perf_counter(), 0
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE SCHEMA IF NOT EXISTS copy_baseline")
        for path in sorted(source.glob("*.csv*")):
            opener = gzip.open if path.suffix == ".gz" else open
            table = path.name.split(".")[0]
            with opener(path, "rb") as raw:
                header = raw.readline().decode("utf-8-sig").strip()
                columns = [c.strip('"') for c in header.split(",")]
                ddl = ", ".join(f'"{c}" text' for c in columns)
                connection.execute(f'CREATE TABLE copy_baseline."{table}" ({ddl})')
                with connection.cursor() as cursor:
                    with cursor.copy(
                        f'COPY copy_baseline."{table}" FROM STDIN (FORMAT csv)'
                    ) as copy:
                        while chunk := raw.read(1 << 20):
                            copy.write(chunk)
                    rows += cursor.rowcount
    return time.perf_counter() - started, rows


def readme_queries() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    return {number: sql for sql, number in re.findall(r"```sql\n(-- (Q\d+):.*?)```", text, re.S)}


def latencies(url: str, runs: int) -> dict[str, dict[str, float]]:
    queries = {f"mart.{m}": f"SELECT * FROM mart.{m}" for m in MARTS} | readme_queries()
    figures = {}
    with psycopg.connect(url) as connection:
        for name, sql in queries.items():
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                connection.execute(sql).fetchall()
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            figures[name] = {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
            }
    return figures


STATEMENTS = """
    SELECT round(total_exec_time::numeric / 1000, 1) AS seconds, calls, rows,
           round((total_exec_time / calls)::numeric, 2) AS mean_ms,
           left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS statement
    FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT %s"""


def reset_statements(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        connection.execute("SELECT pg_stat_statements_reset()")


def top_statements(url: str, limit: int = 25) -> list[dict]:
    """Where PostgreSQL spent its time during the load, by statement."""
    with psycopg.connect(url) as connection:
        cursor = connection.execute(STATEMENTS, (limit,))
        names = [column.name for column in cursor.description]
        return [
            dict(
                zip(
                    names,
                    (float(v) if k in ("seconds", "mean_ms") else v for k, v in zip(names, row)),
                )
            )
            for row in cursor
        ]


def peak_rss_mb(pid: int | None) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, TypeError):
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(match[1]) / 1024, 1) if match else None


def cpu_seconds(pid: int | None, *, with_children: bool = False) -> float | None:
    """User + system CPU seconds of a process (and, for PostgreSQL, of its backends)."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except (OSError, TypeError):
        return None
    total = (int(fields[11]) + int(fields[12])) / ticks
    if with_children:  # exited children are in cutime/cstime, running ones counted below
        total += (int(fields[13]) + int(fields[14])) / ticks
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += cpu_seconds(int(child)) or 0.0
    return round(total, 1)


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--query-runs", type=int, default=20)
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="also time `olist-dw rebuild reporting` from the streams",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="sample every process with py-spy during the load",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="where to write the JSON figures (default: bench/results/)",
    )
    args = parser.parse_args()
    work, source = prepare(args, "olist-dw-bench-")
    stack = comparable_stack(work / "home")
    profiles = Profiles(args.profile) if args.profile else None
    try:
        stack.up()
        if profiles:
            profiles.attach(
                {name: stack.service_pid(name) for name in stack.state.services}
                | {"loader": os.getpid()}
            )
        reset_statements(stack.database_url())
        summary = load(stack, source)
        statements = top_statements(stack.database_url())
        if profiles:
            profiles.detach()
        seconds = summary.seconds["total"]
        rss = {name: peak_rss_mb(stack.service_pid(name)) for name in stack.state.services}
        rss["nats"] = peak_rss_mb(stack.nats.pid)
        rss["postgres (postmaster)"] = peak_rss_mb(stack.postgres.pid)
        rss["loader"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        cpu = {name: cpu_seconds(stack.service_pid(name)) for name in stack.state.services}
        cpu |= {
            "nats": cpu_seconds(stack.nats.pid),
            "postgres (all backends)": cpu_seconds(stack.postgres.pid, with_children=True),
            "loader": round(sum(os.times()[:2]), 1),
        }
        star = checksums(stack.database_url())
        copy_seconds, copy_rows = copy_baseline(stack.database_url(), source)
        queries = latencies(stack.database_url("olist_analyst"), args.query_runs)
        rebuilt = rebuild_reporting(stack) if args.rebuild else None
    finally:
        stack.down()
        shutil.rmtree(work, ignore_errors=True)
    figures = {
        "source": str(source),
        "rows_read": summary.rows_read,
        "events": summary.events,
        "load_seconds": round(seconds, 1),
        "stage_seconds": round(summary.seconds["stage"], 1),
        "complete_seconds": round(summary.seconds["complete"], 1),
        # Quality's rules on the load (part of load_seconds; none before issue 16)
        "quality_seconds": round(summary.seconds.get("quality", 0.0), 1),
        "quality_gate": summary.gate.outcome if summary.gate else None,
        "rows_per_second": round(summary.rows_read / seconds),
        "events_per_second": round(summary.events / seconds),
        "copy_seconds": round(copy_seconds, 1),
        "copy_rows": copy_rows,
        "load_over_copy": round(seconds / copy_seconds, 1),
        "peak_rss_mb": rss,
        "cpu_seconds": cpu,
        "queries": queries,
        "postgres_statements": statements,
        "slowest_query_p95_ms": max(q["p95_ms"] for q in queries.values()),
        # per star table `rows:md5`, and one digest of them all to compare two runs by
        "checksums": star,
        "warehouse_digest": hashlib.sha256(json.dumps(star, sort_keys=True).encode()).hexdigest(),
    }
    if rebuilt:
        figures |= {
            "rebuild_seconds": round(rebuilt.seconds, 1),
            "rebuild_messages": rebuilt.messages_replayed,
            "rebuild_events_per_second": round(summary.events / rebuilt.seconds),
        }
    print(json.dumps(figures, indent=2))
    if profiles:
        figures["profile"] = {
            name: profiles.top(name) for name in [*stack.state.services, "loader"]
        }
        print(json.dumps(figures["profile"], indent=1))
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}"
    out = args.out or ROOT / "bench" / "results" / f"load-{stamp}.json"
    out.write_text(json.dumps(figures, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
