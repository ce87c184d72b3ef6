"""Where a load goes: the local system, or the services a cluster's loader ConfigMap names."""

from __future__ import annotations

import json

import pytest

from olist_dw.loading import TargetMisconfigured, cluster_target, summary_record
from services.loader.application.load import LoadRequest, LoadSummary

CLUSTER = {
    "OLIST_DW_SALES_URL": "http://olist-dw-sales:8000",
    "OLIST_DW_MARKETPLACE_URL": "http://olist-dw-marketplace:8000",
    "OLIST_DW_CUSTOMER_URL": "http://olist-dw-customer:8000",
    "OLIST_DW_FULFILLMENT_URL": "http://olist-dw-fulfillment:8000",
    "OLIST_DW_REPORTING_URL": "http://olist-dw-reporting:8000",
    "OLIST_DW_NATS_URL": "nats://olist-dw-nats:4222",
    "OLIST_DW_DATABASE_URL": "postgresql+psycopg://olist_loader@olist-dw-postgresql:5432/olist",
}


def test_without_a_reporting_address_the_load_is_local() -> None:
    assert cluster_target({"OLIST_DW_SALES_URL": "http://elsewhere"}) is None


def test_in_a_cluster_every_context_is_where_the_config_map_says() -> None:
    target = cluster_target(CLUSTER)
    assert target is not None
    assert target.endpoints.contexts["fulfillment"] == "http://olist-dw-fulfillment:8000"
    assert set(target.endpoints.contexts) == {"sales", "marketplace", "customer", "fulfillment"}
    assert target.endpoints.reporting_url == "http://olist-dw-reporting:8000"
    assert target.endpoints.nats_url == "nats://olist-dw-nats:4222"
    assert target.warehouse_url == CLUSTER["OLIST_DW_DATABASE_URL"]


def test_a_half_configured_cluster_load_names_what_is_missing() -> None:
    partial = {k: v for k, v in CLUSTER.items() if k not in {"OLIST_DW_CUSTOMER_URL"}}
    with pytest.raises(TargetMisconfigured, match="OLIST_DW_CUSTOMER_URL is not"):
        cluster_target(partial)


def test_the_summary_for_the_operator_is_flat_json_with_the_window() -> None:
    request = LoadRequest("load-1", "2018-01-01", None)
    record = summary_record(LoadSummary("load-1", seconds={"total": 12.3456}), request)
    assert json.loads(json.dumps(record)) == {
        "load_id": "load-1",
        "source_rows": 0,
        "rows_read": 0,
        "rows_accepted": 0,
        "rows_rejected": 0,
        "events": 0,
        "seconds": 12.346,
        "window_from": "2018-01-01",
        "window_to": None,
        "quality_gate": None,  # no gate judged this load
        "quality_score": None,
    }
