"""The marts are materialized: analysts read precomputed rows, which a refresh brings up to
the star schema (the loader asks for one at the end of every load; the reporting service
refreshes on its own when events arrive outside a load)."""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from sqlalchemy import text

from olist_dw.database import ANALYST_ROLE
from services.reporting.__main__ import REPORTING
from services.reporting.adapters.marts import MARTS, MartRefresher

pytestmark = pytest.mark.integration


@pytest.fixture
def service():
    return REPORTING


def place_order(engine, order_id: str, total: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO dw.dim_date VALUES (20170105, '2017-01-05', 2017, 1, 1, 'January', 5,"
                " 4, 'Thursday', false) ON CONFLICT DO NOTHING"
            )
        )
        connection.execute(
            text(
                "INSERT INTO dw.fact_order (order_id, purchase_date_key, item_count, item_total,"
                " freight_total, payment_total) VALUES (:o, 20170105, 1, :t, 0, :t)"
            ),
            {"o": order_id, "t": total},
        )


def monthly_revenue(analyst_url: str) -> list[tuple]:
    with psycopg.connect(analyst_url) as connection:
        return connection.execute(
            "SELECT year, month, orders, revenue::text FROM mart.monthly_sales"
        ).fetchall()


@pytest.fixture
def analyst_url(database_url, url_as) -> str:
    return url_as(database_url, ANALYST_ROLE).replace("postgresql+psycopg://", "postgresql://")


def test_a_refresh_brings_every_mart_up_to_the_star_schema(client, engine, analyst_url):
    place_order(engine, "order-1", "100.10")
    assert monthly_revenue(analyst_url) == []  # materialized: not seen before a refresh

    response = client.post("/warehouse/marts/refresh")

    assert response.status_code == 200 and response.json()["seconds"] >= 0
    assert monthly_revenue(analyst_url) == [(2017, 1, 1, "100.10")]
    with psycopg.connect(analyst_url) as connection:
        for mart in MARTS:  # every mart readable by analysts
            connection.execute(f"SELECT * FROM mart.{mart}").fetchall()


def test_the_service_refreshes_the_marts_once_changes_have_settled(client, engine, analyst_url):
    applied = {"events": 0}
    refresher = MartRefresher(engine, lambda: applied["events"], every=60, busy_factor=3)
    place_order(engine, "order-2", "20.00")
    tick = lambda: asyncio.run(refresher.refresh_if_changed())

    tick()
    assert monthly_revenue(analyst_url) == []  # nothing applied by a consumer yet

    applied["events"] = 1
    tick()
    assert monthly_revenue(analyst_url) == []  # events still arriving: wait
    tick()
    assert monthly_revenue(analyst_url) == [(2017, 1, 1, "20.00")]  # quiet: refreshed

    place_order(engine, "order-3", "5.00")
    for _ in range(2):
        applied["events"] += 1
        tick()
    assert monthly_revenue(analyst_url) == [(2017, 1, 1, "20.00")]
    applied["events"] += 1
    tick()  # busy for busy_factor ticks: refreshed anyway, so dashboards do not fall behind
    assert monthly_revenue(analyst_url) == [(2017, 1, 2, "25.00")]
