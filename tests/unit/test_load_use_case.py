"""The load use case with fakes: batching, back-pressure, control totals, waiting."""

import asyncio
from decimal import Decimal

from services.loader.application.load import GateOutcome, LoadRequest, run_load
from services.loader.application.ports import CompletionOutcome, SourceRow, StageOutcome
from services.loader.domain.plan import ORDER_ITEMS


class FakeSource:
    def describe(self):
        return "fake"

    def check(self, file, columns):
        return columns

    def rows(self, file, columns):
        for n in range(1, 12):
            price = "10.05" if n != 3 else "oops"
            key = {"order_id": f"o{n}", "order_item_id": "1"}  # a real source reads every column
            yield SourceRow(n, key | {"price": price, "freight_value": "1.00"})


class FakeGateway:
    def __init__(self):
        self.batches, self.concurrent, self.max_concurrent = [], 0, 0
        self.backlogs = [3, 0, 0]

    async def stage(self, context, load_id, kind, file, rows):
        self.concurrent += 1
        self.max_concurrent = max(self.max_concurrent, self.concurrent)
        await asyncio.sleep(0.01)
        self.concurrent -= 1
        self.batches.append([r.row for r in rows])
        bad = sum(1 for r in rows if r.values["price"] == "oops")
        return StageOutcome(len(rows) - bad, bad, {"price: not a number": bad} if bad else {})

    async def complete(self, context, load_id, window_from, window_to):
        return CompletionOutcome(aggregates=11, events=20, orphans=0)

    async def backlog(self, context):
        return self.backlogs.pop(0) if self.backlogs else 0


class FakeWarehouse:
    def __init__(self) -> None:
        self.mart_refreshes, self.holds = 0, []

    async def pending(self):
        return 0

    async def refresh_marts(self):
        self.mart_refreshes += 1

    async def hold_marts(self, load_id, reasons):
        self.holds.append((load_id, reasons))


async def test_a_load_streams_batches_with_bounded_concurrency_and_counts_everything():
    gateway = FakeGateway()
    warehouse = FakeWarehouse()
    summary = await run_load(
        LoadRequest("load-1", batch_size=4, in_flight=2),
        FakeSource(),
        gateway,
        warehouse,
        plan=(ORDER_ITEMS,),
    )
    assert sorted(gateway.batches) == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11]]
    assert gateway.max_concurrent <= 2
    (outcome,) = summary.files
    assert (outcome.totals.rows, outcome.accepted, outcome.rejected) == (11, 10, 1)
    assert outcome.totals.sums == {"price": Decimal("100.50"), "freight_value": Decimal("11.00")}
    assert outcome.totals.unreadable == {"price": 1}
    assert summary.events == 20 and summary.rejected == 1
    assert gateway.backlogs == []  # waited until the outbox was drained
    assert warehouse.mart_refreshes == 1  # and the marts show the load when it returns


class FakeQuality:
    def __init__(self, outcome: str) -> None:
        self.outcome, self.judged = outcome, []

    async def judge(self, summary):
        self.judged.append(summary.load_id)
        return GateOutcome(self.outcome, "90.00", ("completeness 90.00 % is below its SLA",))


async def test_the_marts_follow_a_load_that_passes_the_gate_and_only_such_a_load():
    for outcome, refreshed in (("passed", 1), ("warned", 1), ("failed", 0)):
        warehouse, quality = FakeWarehouse(), FakeQuality(outcome)
        summary = await run_load(
            LoadRequest("load-1", batch_size=4),
            FakeSource(),
            FakeGateway(),
            warehouse,
            plan=(ORDER_ITEMS,),
            quality=quality,
        )
        assert quality.judged == ["load-1"]  # after the warehouse applied the load
        assert summary.gate is not None and summary.gate.outcome == outcome
        assert warehouse.mart_refreshes == refreshed, outcome
        held = [("load-1", ("completeness 90.00 % is below its SLA",))]
        assert warehouse.holds == ([] if refreshed else held)
        assert ("marts keep the last good load" in " ".join(summary.warnings)) == (not refreshed)


async def test_the_source_profile_counts_repeated_keys_and_missing_fields_before_any_merge():
    class Repeating(FakeSource):
        def rows(self, file, columns):
            for n in range(1, 8):
                order = "o1" if n in (1, 4, 6) else f"o{n}"
                yield SourceRow(
                    n, {"order_id": order, "order_item_id": "1", "price": "" if n == 2 else "1.00"}
                )

    summary = await run_load(
        LoadRequest("load-1"), Repeating(), FakeGateway(), FakeWarehouse(), plan=(ORDER_ITEMS,)
    )
    (outcome,) = summary.files
    assert (outcome.profile.rows, outcome.profile.repeated) == (7, 2)
    assert outcome.profile.repeated_samples == ["o1|1", "o1|1"]
    assert outcome.profile.missing["price"] == 1 and outcome.profile.missing["seller_id"] == 7
