"""A load as an OpenLineage run: the events a lineage tool (Marquez, DataHub, ...) reads."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from openlineage.client.transport.transport import Config, Transport

from olist_dw.lineage import emitting_lineage, warehouse_datasets
from services.loader.adapters.csv_source import CsvDirectorySource
from services.loader.adapters.openlineage_emitter import (
    DatasetRef,
    OpenLineageEmitter,
    configured_transport,
    file_transport,
    run_id_of,
)
from services.loader.application.load import GateOutcome, RuleOutcome
from services.loader.domain.plan import LOAD_PLAN
from services.reporting.application.projection import FEEDS, PROJECTIONS

MIGRATIONS = Path(__file__).resolve().parents[2] / "services/reporting/adapters/migrations"
INPUTS = [
    DatasetRef("csv:/data/olist", "olist_orders_dataset.csv"),
    DatasetRef("csv:/data/olist", "olist_order_items_dataset.csv"),
]
OUTPUTS = [DatasetRef("olist-dw", "dw.fact_order"), DatasetRef("olist-dw", "dw.fact_order_item")]


def events_in(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def assert_run_event(event: dict, load_id: str) -> None:
    """The fields the OpenLineage spec (2-0-2, RunEvent) requires, with their formats."""
    assert event["schemaURL"].startswith("https://openlineage.io/spec/")
    assert datetime.fromisoformat(event["eventTime"]).tzinfo is not None
    assert event["producer"]
    assert event["run"]["runId"] == run_id_of(load_id)
    uuid.UUID(event["run"]["runId"])
    assert (event["job"]["namespace"], event["job"]["name"]) == ("olist-dw", "load")
    tags = {t["key"]: t["value"] for t in event["run"]["facets"]["tags"]["tags"]}
    assert tags["load_id"] == load_id


def names(datasets: list[dict]) -> list[tuple[str, str]]:
    return [(d["namespace"], d["name"]) for d in datasets]


def test_a_load_that_completes_is_a_start_then_a_complete_event_of_one_run(tmp_path):
    path = tmp_path / "lineage" / "openlineage.jsonl"
    emitter = OpenLineageEmitter(file_transport(path))
    emitter.start("load-20180101", INPUTS, OUTPUTS)
    emitter.complete("load-20180101", INPUTS, OUTPUTS)

    start, complete = events_in(path)
    assert [start["eventType"], complete["eventType"]] == ["START", "COMPLETE"]
    for event in (start, complete):
        assert_run_event(event, "load-20180101")
        assert names(event["inputs"]) == [
            ("csv:/data/olist", "olist_orders_dataset.csv"),
            ("csv:/data/olist", "olist_order_items_dataset.csv"),
        ]
        assert names(event["outputs"]) == [
            ("olist-dw", "dw.fact_order"),
            ("olist-dw", "dw.fact_order_item"),
        ]


def test_the_gate_travels_as_tags_and_quality_is_a_child_run_with_assertions(tmp_path):
    path = tmp_path / "openlineage.jsonl"
    rules = (
        RuleOutcome("source.orders.unique_key", "olist_orders_dataset.csv", "failed", 100, 3),
        RuleOutcome("dw.fact_order.status.known", "dw.fact_order", "passed", 97, 0),
        RuleOutcome("dw.fact_order.paid_in_full", "dw.fact_order", "warned", 97, 2),
        RuleOutcome(
            "dw.fact_order.delivered_at.present", "dw.fact_order.delivered_at", "passed", 90, 0
        ),
    )
    gate = GateOutcome("failed", "96.50", ("rule source.orders.unique_key failed",), rules)
    OpenLineageEmitter(file_transport(path)).complete("load-q", INPUTS, OUTPUTS, gate)

    complete, judged = events_in(path)
    tags = {t["key"]: t["value"] for t in complete["run"]["facets"]["tags"]["tags"]}
    assert (tags["quality.gate"], tags["quality.score"]) == ("failed", "96.50")
    assert (judged["eventType"], judged["job"]["name"]) == ("COMPLETE", "quality")
    parent = judged["run"]["facets"]["parent"]
    assert (parent["run"]["runId"], parent["job"]["name"]) == (run_id_of("load-q"), "load")
    assertions = {
        d["name"]: [
            (a["assertion"], a["success"], a.get("column"))
            for a in d["inputFacets"]["dataQualityAssertions"]["assertions"]
        ]
        for d in judged["inputs"]
    }
    assert assertions == {
        "olist_orders_dataset.csv": [("source.orders.unique_key", False, None)],
        "dw.fact_order": [
            ("dw.fact_order.status.known", True, None),
            ("dw.fact_order.paid_in_full", False, None),
            ("dw.fact_order.delivered_at.present", True, "delivered_at"),
        ],
    }
    assert names(judged["inputs"]) == [
        ("csv:/data/olist", "olist_orders_dataset.csv"),
        ("olist-dw", "dw.fact_order"),
    ]


def test_a_load_that_fails_ends_with_a_fail_event_carrying_the_error(tmp_path):
    path = tmp_path / "openlineage.jsonl"
    emitter = OpenLineageEmitter(file_transport(path))
    emitter.start("load-x", INPUTS, OUTPUTS)
    try:
        raise RuntimeError("sales: import batch refused (HTTP 503)")
    except RuntimeError as error:
        emitter.fail("load-x", INPUTS, OUTPUTS, error)

    start, fail = events_in(path)
    assert [start["eventType"], fail["eventType"]] == ["START", "FAIL"]
    assert_run_event(fail, "load-x")
    facet = fail["run"]["facets"]["errorMessage"]
    assert facet["message"] == "RuntimeError: sales: import batch refused (HTTP 503)"
    assert facet["programmingLanguage"] == "PYTHON"
    assert "Traceback" in facet["stackTrace"]


def test_the_run_id_is_the_same_for_a_load_and_differs_between_loads():
    assert run_id_of("load-a") == run_id_of("load-a")
    assert run_id_of("load-a") != run_id_of("load-b")


def test_events_go_to_the_home_directory_unless_told_otherwise(tmp_path):
    home = tmp_path / "home"
    OpenLineageEmitter(configured_transport(home, {})).start("load-1", INPUTS, OUTPUTS)
    assert events_in(home / "lineage" / "openlineage.jsonl")[0]["eventType"] == "START"

    elsewhere = tmp_path / "elsewhere" / "events.jsonl"
    transport = configured_transport(home, {"OLIST_DW_OPENLINEAGE_FILE": str(elsewhere)})
    OpenLineageEmitter(transport).start("load-2", INPUTS, OUTPUTS)
    assert events_in(elsewhere)[0]["run"]["runId"] == run_id_of("load-2")


@pytest.mark.parametrize(
    "variable", ["OPENLINEAGE_URL", "OPENLINEAGE_CONFIG", "OPENLINEAGE__TRANSPORT__TYPE"]
)
def test_the_openlineage_clients_own_configuration_takes_over(tmp_path, variable):
    assert configured_transport(tmp_path, {variable: "x"}) is None


def test_openlineage_disabled_emits_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENLINEAGE_DISABLED", "true")
    OpenLineageEmitter.from_environment(tmp_path).start("load-1", INPUTS, OUTPUTS)
    assert not (tmp_path / "lineage" / "openlineage.jsonl").exists()


@pytest.fixture
def source(tmp_path) -> CsvDirectorySource:
    directory = tmp_path / "olist"
    directory.mkdir()
    return CsvDirectorySource(directory)


async def test_emitting_lineage_around_a_load_that_succeeds(tmp_path, source):
    path = tmp_path / "openlineage.jsonl"
    async with emitting_lineage(
        OpenLineageEmitter(file_transport(path)), "load-ok", source, LOAD_PLAN
    ):
        assert [e["eventType"] for e in events_in(path)] == ["START"]

    start, complete = events_in(path)
    assert complete["eventType"] == "COMPLETE"
    inputs = names(start["inputs"])
    assert {namespace for namespace, _ in inputs} == {source.describe()}
    assert [name for _, name in inputs] == list(dict.fromkeys(f.name for f in LOAD_PLAN))
    assert len(inputs) == 9
    assert ("olist-dw", "dw.fact_order") in names(start["outputs"])


async def test_emitting_lineage_around_a_load_that_fails(tmp_path, source):
    path = tmp_path / "openlineage.jsonl"
    with pytest.raises(ValueError, match="missing columns"):
        async with emitting_lineage(
            OpenLineageEmitter(file_transport(path)), "load-ko", source, LOAD_PLAN
        ):
            raise ValueError("olist_orders_dataset.csv: missing columns ['order_id']")

    start, fail = events_in(path)
    assert (start["eventType"], fail["eventType"]) == ("START", "FAIL")
    assert "missing columns ['order_id']" in fail["run"]["facets"]["errorMessage"]["message"]


class UnreachableTransport(Transport):
    kind = "unreachable"
    config_class = Config

    def emit(self, event) -> None:
        raise ConnectionError("lineage server down")


async def test_a_lineage_server_that_is_down_does_not_fail_the_load(source):
    loaded = []
    async with emitting_lineage(
        OpenLineageEmitter(UnreachableTransport()), "load-1", source, LOAD_PLAN
    ):
        loaded.append("done")
    assert loaded == ["done"]


def test_the_outputs_are_the_tables_of_the_star_schema():
    created = set(
        re.findall(
            r"CREATE TABLE (\w+)", "".join(path.read_text() for path in MIGRATIONS.glob("*.sql"))
        )
    )
    outputs = {d.name.removeprefix("dw.") for d in warehouse_datasets(LOAD_PLAN)}
    assert outputs <= created
    assert {"fact_order", "fact_order_item", "fact_payment", "dim_customer"} <= outputs
    assert set(FEEDS) == set(PROJECTIONS)  # every event type projected says what it feeds


def test_the_outputs_of_a_known_warehouse_are_named_as_openlineage_names_postgres_tables():
    outputs = warehouse_datasets(LOAD_PLAN, "postgresql+psycopg://analyst@127.0.0.1:5433/olist")
    assert DatasetRef("postgres://127.0.0.1:5433", "olist.dw.fact_order") in outputs
