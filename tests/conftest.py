"""Test fixtures: real PostgreSQL and NATS JetStream servers started by the test run on
free ports (the same runtime `olist-dw up` uses), stopped after it."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from olist_dw.database import bootstrap
from olist_dw.runtime.stack import Stack

REAL_OLIST = Path(__file__).resolve().parents[2] / "shared" / "olist"
REAL_DATA = Path(os.environ.get("OLIST_DATA_DIR", REAL_OLIST))


@contextmanager
def own_infrastructure(name: str) -> Iterator[Stack]:
    """PostgreSQL + NATS in a home of their own, stopped and removed after."""
    home = Path(tempfile.mkdtemp(prefix=f"olist-dw-{name}-"))
    home.chmod(0o755)  # PostgreSQL's own user must reach its data directory
    stack = Stack(home, fast_and_unsafe=True)
    stack.start_infrastructure()
    try:
        yield stack
    finally:
        stack.down()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Stack]:
    """PostgreSQL + NATS only; integration tests build what they need on top."""
    with own_infrastructure("infrastructure") as stack:
        yield stack


@pytest.fixture
def database_url(infrastructure: Stack) -> Iterator[str]:
    """A fresh database with the olist-dw roles and schemas: admin URL (psycopg driver)."""
    name = f"test_{uuid.uuid4().hex[:10]}"
    admin = infrastructure.database_url()
    with psycopg.connect(admin.replace("/olist", "/postgres"), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    bootstrap(url)
    yield url.replace("postgresql://", "postgresql+psycopg://")


def signed_in_as(stack: Stack, url: str, role: str) -> str:
    """`url` (same server, database and driver) signed in as `role` with its password."""
    return (
        make_url(url)
        .set(username=role, password=stack.credentials.postgres[role])
        .render_as_string(hide_password=False)
    )


@pytest.fixture
def url_as(infrastructure: Stack):
    """`url_as(url, role)`: see signed_in_as."""
    return lambda url, role: signed_in_as(infrastructure, url, role)


def pseudonyms_of(stack: Stack) -> Callable[[str], str]:
    """What the services of `stack` store for a person's identifier: HMAC-SHA-256 with the
    runtime's key, its first 32 hex digits (computed here independently of the services)."""
    key = stack.credentials.keys["pseudonym"].encode()
    return lambda identifier: hmac.new(key, identifier.encode(), hashlib.sha256).hexdigest()[:32]


@pytest.fixture
def pseudonym_of(infrastructure: Stack) -> Callable[[str], str]:
    return pseudonyms_of(infrastructure)


@pytest.fixture
async def jetstream_context(infrastructure: Stack):
    """A JetStream context on the test NATS server, with no streams left from other tests."""
    import nats

    client = await nats.connect(infrastructure.nats.url)
    js = client.jetstream()
    for stream in await js.streams_info():
        await js.delete_stream(stream.config.name)
    yield js
    await client.close()


def real_data_available() -> bool:
    return (REAL_DATA / "olist_orders_dataset.csv.gz").exists() or (
        REAL_DATA / "olist_orders_dataset.csv"
    ).exists()


# CI sets this (.ci/run): there the real data set is meant to be present, and a test that
# needs it fails instead of skipping when it is not.
REQUIRE_REAL_DATA = "OLIST_DW_REQUIRE_REAL_DATA"


@pytest.fixture(scope="module")
def real_data() -> Path:
    """The real Olist data set; skipped where it is absent, a failure where it is required."""
    if not real_data_available():
        message = f"the real Olist files are not in {REAL_DATA} (set OLIST_DATA_DIR)"
        if os.environ.get(REQUIRE_REAL_DATA):
            pytest.fail(f"{message}, and {REQUIRE_REAL_DATA} says they must be", pytrace=False)
        pytest.skip(message)
    return REAL_DATA
