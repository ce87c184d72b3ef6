from __future__ import annotations

import csv
import gzip
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from olist_dw import synth
from olist_dw.runtime.credentials import set_keys
from olist_dw.runtime.stack import Stack


@pytest.fixture(scope="module")
def start_stack() -> Iterator:
    """Starts whole systems (PostgreSQL, NATS, every service as a process); stops them after."""
    stacks: list[Stack] = []

    def start(**options: bool) -> Stack:
        home = Path(tempfile.mkdtemp(prefix="olist-dw-e2e-"))
        home.chmod(0o755)
        if stacks:  # the same pseudonyms in every warehouse of the module: they compare equal
            set_keys(home, stacks[0].credentials.keys)
        stack = Stack(home, fast_and_unsafe=True, **options)
        stacks.append(stack)
        stack.up()
        return stack

    yield start
    for stack in stacks:
        stack.down()
        if not os.environ.get("OLIST_DW_KEEP_STACKS"):
            shutil.rmtree(stack.home, ignore_errors=True)


@pytest.fixture(scope="module")
def synthetic_source(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("synthetic")
    synth.generate(directory, orders=1500, seed=7)
    return directory


@pytest.fixture(scope="module")
def synthetic_warehouse(start_stack, synthetic_source) -> Stack:
    """A whole system with the synthetic extract loaded once."""
    from olist_dw.loading import load

    stack = start_stack()
    load(stack, synthetic_source)
    return stack


def read_rows(directory: Path, name: str) -> list[dict[str, str]]:
    """The source file as a list of dicts, read independently of the project's loader."""
    path = directory / name
    if path.exists():
        raw = path.read_bytes()
    else:
        with gzip.open(f"{path}.gz", "rb") as packed:
            raw = packed.read()
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def money_sum(rows: list[dict], column: str) -> Decimal:
    total = Decimal("0")
    for row in rows:
        try:
            total += Decimal(row[column] or "x")
        except InvalidOperation:
            pass
    return total
