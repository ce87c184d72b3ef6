"""The chassis intake kit's skeletons: staging in one transaction, completion read back
from the import scope chunk by chunk; a row with a NUL character (which PostgreSQL text
cannot hold) is quarantined."""

from contracts.imports import ImportBatch, RawRow
from services.chassis.intake.commands import CompleteLoad, CompletionResult, Rejection, StageRecords
from services.chassis.intake.records import NUL_ESCAPE, mark_nul_characters
from services.chassis.intake.use_cases import by_kind, complete_in_chunks, scope_ids, stage
from tests.unit.intake.fakes import FakeUnitOfWork

LOAD = "load-1"


def test_staging_touches_the_scope_and_quarantines_the_rejected_in_one_commit():
    uow = FakeUnitOfWork()
    rejected = [Rejection("f.csv", 3, "order", "price: negative")]
    stage(
        uow,
        StageRecords(LOAD, "orders", [], rejected),
        {"orders": lambda uow, command: scope_ids("order", ["a", "b"])},
    )
    assert uow.scope.touched[LOAD] == {"order:a", "order:b"}
    assert uow.quarantine.rejections == rejected and uow.commits == 1


def test_completion_takes_the_scope_chunk_by_chunk_each_in_its_own_transaction():
    uow = FakeUnitOfWork()
    uow.scope.touch(LOAD, scope_ids("order", "abcde"))
    seen: list[list[str]] = []
    complete_in_chunks(
        uow,
        CompleteLoad(LOAD),
        lambda u, c, ids, r: seen.append(ids),
        CompletionResult(),
        kind="order",
        chunk=2,
    )
    assert seen == [["a", "b"], ["c", "d"], ["e"]] and uow.commits == 3


def test_completion_of_one_kind_skips_the_others_and_stops_after_its_last_id():
    uow = FakeUnitOfWork()
    uow.scope.touch(
        LOAD,
        scope_ids("customer", ["c1"])
        + scope_ids("order", ["o1", "o2"])
        + scope_ids("seller", ["s1"]),
    )
    seen: list[str] = []
    complete_in_chunks(
        uow,
        CompleteLoad(LOAD),
        lambda u, c, ids, r: seen.extend(ids),
        CompletionResult(),
        kind="order",
        chunk=2,
    )
    assert seen == ["o1", "o2"]


def test_scope_growing_during_completion_is_completed_too():
    """Fulfillment widens the scope while completing (orders of a moved zip area)."""
    uow = FakeUnitOfWork()
    uow.scope.touch(LOAD, ["order:a"])

    def widen(u, command, ids, result):
        if ids == ["a"]:
            u.scope.touch(LOAD, ["order:b"])
        result.aggregates += len(ids)

    result = complete_in_chunks(
        uow, CompleteLoad(LOAD), widen, CompletionResult(), kind="order", chunk=1
    )
    assert result.aggregates == 2


def test_scope_ids_name_kind_and_natural_id():
    assert by_kind(scope_ids("person", ["p"]) + scope_ids("order", ["o:1"])) == {
        "person": ["p"],
        "order": ["o:1"],
    }


def test_a_row_holding_a_nul_character_gets_it_as_its_problem_and_keeps_the_rest():
    batch = ImportBatch(
        source_file="orders.csv",
        rows=[
            RawRow(row=1, values={"order_id": "a", "status": "ok"}),
            RawRow(row=2, values={"order_id": "b\x00c", "status": None}),
            RawRow(row=3, values={"order_id": "d"}, problem="line 4: bad\x00"),
        ],
    )
    marked = mark_nul_characters(batch)
    assert marked.rows[0] == batch.rows[0]
    assert marked.rows[1].problem == "column order_id: NUL character"
    assert marked.rows[1].values == {"order_id": "b\ufffdc", "status": None}
    assert marked.rows[2].problem == "line 4: bad\ufffd"
    assert NUL_ESCAPE in b'{"v": "\\u0000"}'
