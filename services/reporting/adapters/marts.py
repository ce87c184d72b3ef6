"""The marts: materialized views over the star schema (migration 0005), refreshed after
the star schema changed, so dashboards read precomputed rows."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

MARTS = (
    "monthly_sales",
    "category_performance",
    "delivery_performance_by_state",
    "seller_scorecard",
    "customer_segments",
    "review_score_vs_delay",
    "category_reviews",
)
_ONE_REFRESH_AT_A_TIME = "hashtext('olist-dw mart refresh')"


def hold_marts(engine: Engine, load_id: str, reasons: str) -> None:
    """Keep the marts as they are: a load failed the quality gate."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO reporting.mart_hold (load_id, reasons) VALUES (:load, :reasons)"
                " ON CONFLICT (load_id) DO UPDATE SET reasons = excluded.reasons"
            ),
            {"load": load_id, "reasons": reasons},
        )


def held_by(engine: Engine) -> list[str]:
    """The loads that hold the marts now (none: the marts follow the star schema)."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT load_id FROM reporting.mart_hold ORDER BY held_at"))
        return [load for (load,) in rows]


def refresh_marts(engine: Engine, *, release: bool = True) -> float:
    """Refresh every mart CONCURRENTLY (readers keep the previous rows meanwhile); replicas
    take turns. With `release`, a hold is lifted first; without, a hold skips the refresh.
    Returns the seconds it took."""
    started = time.perf_counter()
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(text(f"SELECT pg_advisory_lock({_ONE_REFRESH_AT_A_TIME})"))
        try:
            if release:
                connection.execute(text("DELETE FROM reporting.mart_hold"))
            elif connection.execute(
                text("SELECT EXISTS (SELECT FROM reporting.mart_hold)")
            ).scalar():
                return 0.0  # held: the marts keep the last good load
            for mart in MARTS:
                # sql: identifiers only (a mart of MARTS)
                connection.execute(text(f"REFRESH MATERIALIZED VIEW CONCURRENTLY mart.{mart}"))
        finally:
            connection.execute(text(f"SELECT pg_advisory_unlock({_ONE_REFRESH_AT_A_TIME})"))
    return time.perf_counter() - started


class MartRefresher:
    """Refreshes the marts once the star schema changed and then stayed quiet for `every`
    seconds; while events keep arriving (a bulk load, which ends with its own refresh), at
    most every `every * busy_factor` seconds, so a refresh never competes with every batch."""

    def __init__(
        self, engine: Engine, changes: Callable[[], int], every: float, busy_factor: int = 10
    ) -> None:
        self._engine, self._changes, self._every = engine, changes, every
        self._busy_factor = busy_factor
        self._refreshed_at_change = self._seen_last_tick = 0
        self._ticks_since_refresh = 0

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), self._every)
            except TimeoutError:
                await self.refresh_if_changed()

    async def refresh_if_changed(self) -> None:
        seen, quiet = self._changes(), self._changes() == self._seen_last_tick
        self._seen_last_tick = seen
        self._ticks_since_refresh += 1
        if seen == self._refreshed_at_change:
            return
        if not quiet and self._ticks_since_refresh < self._busy_factor:
            return
        try:
            seconds = await asyncio.to_thread(refresh_marts, self._engine, release=False)
        except Exception:
            log.exception("refreshing the marts failed; retrying later")
            return
        self._refreshed_at_change, self._ticks_since_refresh = seen, 0
        log.info("refreshed the marts in %.2f s", seconds)
