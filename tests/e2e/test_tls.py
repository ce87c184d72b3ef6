"""`olist-dw up --tls`: PostgreSQL and NATS take encrypted connections only, with
certificates of a local authority; a small load goes through, every connection encrypted."""

from __future__ import annotations

import socket

import psycopg
import pytest

from olist_dw.loading import load
from olist_dw.runtime.stack import SERVICES
from tests.e2e.conftest import read_rows

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def source(synthetic_source):
    return synthetic_source


@pytest.fixture(scope="module")
def over_tls(start_stack, source):
    stack = start_stack(tls=True)
    summary = load(stack, source)
    return stack, summary


def test_a_load_goes_through_tls_to_the_star_schema(over_tls, source):
    stack, summary = over_tls
    assert summary.events > 0
    with psycopg.connect(stack.database_url("olist_analyst")) as analyst:
        assert analyst.info.pgconn.ssl_in_use
        (orders,) = analyst.execute("SELECT count(*) FROM dw.fact_order").fetchone()
    assert orders == len(read_rows(source, "olist_orders_dataset.csv"))


def test_every_connection_over_the_network_is_encrypted(over_tls):
    stack, _ = over_tls
    with psycopg.connect(stack.database_url()) as admin:
        rows = admin.execute(
            "SELECT a.usename, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
            " WHERE a.backend_type = 'client backend' AND a.client_addr IS NOT NULL"
        ).fetchall()
    assert {user for user, _ in rows} >= {f"olist_{name}" for name in SERVICES}
    assert all(encrypted for _, encrypted in rows), rows


def test_a_connection_without_tls_is_refused(over_tls):
    stack, _ = over_tls
    password = stack.credentials.postgres["olist_analyst"]
    plain = (
        f"host=127.0.0.1 port={stack.postgres.port} dbname=olist user=olist_analyst"
        f" password={password} sslmode=disable"
    )
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        psycopg.connect(plain, connect_timeout=5).close()
    with socket.create_connection(("127.0.0.1", stack.nats.port), timeout=5) as raw:
        greeting = raw.recv(4096).decode()  # NATS's INFO, before anything is sent
    assert greeting.startswith("INFO ") and '"tls_required":true' in greeting
    assert stack.nats.url.startswith("tls://")
