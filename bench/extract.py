"""What every benchmark measures on: the real Olist files when this machine has them,
else a generated extract of the same size; and a scratch directory for its stacks."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from olist_dw import synth
from olist_dw.runtime.credentials import set_keys
from olist_dw.runtime.stack import Stack

ROOT = Path(__file__).resolve().parents[1]
REAL = Path(os.environ.get("OLIST_DATA_DIR", ROOT.parent / "shared" / "olist"))


def arguments(description: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--source", type=Path, help="an Olist extract directory")
    parser.add_argument(
        "--orders",
        type=int,
        default=synth.REAL_ORDER_COUNT,
        help="orders to generate when there is no real data",
    )
    return parser


def prepare(args: argparse.Namespace, prefix: str) -> tuple[Path, Path]:
    """(a scratch directory, the extract to measure on)."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    work.chmod(0o755)
    source = args.source or (REAL if (REAL / "olist_orders_dataset.csv.gz").exists() else None)
    if source is None:
        source = work / "synth"
        synth.generate(source, orders=args.orders, seed=1)
    return work, source


# The same keys in every run: the warehouse's pseudonyms (and so its digest) compare across
# runs and commits. A runtime makes its own keys otherwise (olist_dw/runtime/credentials.py).
BENCH_KEYS = {
    "pseudonym": "olist-dw bench: one pseudonym key so that digests compare across runs",
    "texts": "b1:" + "A" * 43,  # 32 zero bytes, base64url: a measurement key, nobody's secret
}


def comparable_stack(home: Path) -> Stack:
    set_keys(home, BENCH_KEYS)
    return Stack(home)
