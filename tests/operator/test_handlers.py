"""The handlers against a mock Kubernetes API (kmock): what the operator creates for each
resource, and what a finished Job's termination message makes of the resource's status.
Each test runs kopf inside itself (`async with running_operator(...)`)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web

from k8s_operator.conditions import status_of
from k8s_operator.settings import OperatorSettings
from olist_dw.backup.streaming import StreamReport
from tests.operator.harness import running_operator

# kmock reads its bundled resources with a deprecated importlib call
pytestmark = pytest.mark.filterwarnings("ignore:read_binary is deprecated:DeprecationWarning")

LOAD_SUMMARY = {
    "load_id": "load-20261207T020000-abc123",
    "source_rows": 1200,
    "rows_read": 1500,
    "rows_accepted": 1490,
    "rows_rejected": 10,
    "events": 4321,
    "seconds": 61.5,
    "window_from": None,
    "window_to": None,
}
BACKUP_SUMMARY = {
    "backup_id": "20261207T020000",
    "begin_time": "2026-12-07T02:00:00+00:00",
    "end_time": "2099-01-01T02:04:00+00:00",  # ends "in the future": RPOCompliant stays True
    "last_archived_wal_time": None,
    "size_bytes": 2_000_000_000,
}
DRILL_SUMMARY = {
    "backup_id": "20261207T020000",
    "recovered_to": "2026-12-07T02:04:00+00:00",
    "restore_seconds": 540.0,
    "verify_seconds": 60.0,
    "rto_seconds": 600.0,
    "verified": True,
    "mismatches": [],
}


def condition(status: dict[str, Any], kind: str) -> dict[str, Any]:
    (found,) = [c for c in status.get("conditions") or [] if c["type"] == kind]
    return found


def container_of(workload: dict[str, Any]) -> dict[str, Any]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    (container,) = spec["template"]["spec"]["containers"]
    return container


async def test_a_warehouse_load_runs_a_job_whose_summary_becomes_its_status(
    kmock: Any, settings: OperatorSettings
) -> None:
    async with running_operator(kmock, settings) as cluster:
        cluster.resource(
            "warehouseloads", "demo", {"generatedOrders": 500, "freshnessTarget": "4h"}
        )
        job = await cluster.wait_for(
            "the Job", lambda: cluster.object("batch/v1", "jobs", "demo-load")
        )
        assert container_of(job)["command"] == [
            "olist-dw", "load", "--orders", "500", "--summary-file", "/dev/termination-log",
        ]  # fmt: skip
        (owner,) = job["metadata"]["ownerReferences"]
        assert (owner["kind"], owner["name"], owner["uid"]) == ("WarehouseLoad", "demo", "uid-demo")
        assert owner["controller"] is True
        labels = job["spec"]["template"]["metadata"]["labels"]
        assert labels["app.kubernetes.io/component"] == "loader"
        assert labels["app.kubernetes.io/instance"] == "wh"
        pending = await cluster.wait_for_status(
            "warehouseloads", "demo", "Pending", lambda s: s.get("phase") == "Pending"
        )
        assert condition(pending, "Fresh")["reason"] == "NeverLoaded"

        await cluster.finish_job("demo-load", container="load", message=json.dumps(LOAD_SUMMARY))

        status = await cluster.wait_for_status(
            "warehouseloads", "demo", "Succeeded", lambda s: s.get("phase") == "Succeeded"
        )
        assert (status["rowsRead"], status["rowsAccepted"], status["rowsRejected"]) == (
            1500,
            1490,
            10,
        )
        assert (status["sourceRows"], status["events"]) == (1200, 4321)
        assert status["loadId"] == LOAD_SUMMARY["load_id"]
        assert status["jobName"] == "demo-load" and status["completionTime"]
        assert status["lastSuccessfulLoad"]["completionTime"] == status["completionTime"]
        assert condition(status, "Fresh")["status"] == "True"
        assert condition(status, "SummaryRead")["status"] == "True"


async def test_the_timer_turns_fresh_to_false_once_the_last_load_is_older_than_its_target(
    kmock: Any, settings: OperatorSettings
) -> None:
    async with running_operator(kmock, settings) as cluster:
        cluster.resource(
            "warehouseloads", "quick", {"generatedOrders": 10, "freshnessTarget": "1s"}
        )
        await cluster.wait_for("the Job", lambda: cluster.object("batch/v1", "jobs", "quick-load"))
        await cluster.finish_job("quick-load", container="load", message=json.dumps(LOAD_SUMMARY))
        await cluster.wait_for_status(
            "warehouseloads", "quick", "Succeeded", lambda s: s.get("phase") == "Succeeded"
        )
        stale = await cluster.wait_for_status(
            "warehouseloads",
            "quick",
            "Fresh False",
            lambda s: status_of(s.get("conditions"), "Fresh") == "False",
        )
        assert condition(stale, "Fresh")["reason"] == "Stale"
        assert stale["phase"] == "Succeeded"


async def test_a_malformed_termination_message_is_a_condition_not_a_crash(
    kmock: Any, settings: OperatorSettings
) -> None:
    async with running_operator(kmock, settings) as cluster:
        cluster.resource("warehouseloads", "odd", {"source": "/data/olist"})
        await cluster.wait_for("the Job", lambda: cluster.object("batch/v1", "jobs", "odd-load"))
        await cluster.finish_job(
            "odd-load", container="load", message="Traceback (most recent call last): ..."
        )
        status = await cluster.wait_for_status(
            "warehouseloads",
            "odd",
            "SummaryRead",
            lambda s: status_of(s.get("conditions"), "SummaryRead") is not None,
        )
        assert status["phase"] == "Succeeded"
        summary = condition(status, "SummaryRead")
        assert summary["status"] == "False" and summary["reason"] == "SummaryInvalid"
        assert "not JSON" in summary["message"] and "Traceback" in summary["message"]
        assert condition(status, "Fresh")["status"] == "True"  # the load itself succeeded
        assert "rowsRead" not in status


async def test_a_failed_load_says_why_with_the_log_tail(
    kmock: Any, settings: OperatorSettings
) -> None:
    async with running_operator(kmock, settings) as cluster:
        cluster.resource("warehouseloads", "broken", {"generatedOrders": 5})
        await cluster.wait_for("the Job", lambda: cluster.object("batch/v1", "jobs", "broken-load"))
        await cluster.finish_job(
            "broken-load",
            container="load",
            succeeded=False,
            message="load failed: sales is not reachable",
        )
        status = await cluster.wait_for_status(
            "warehouseloads", "broken", "Failed", lambda s: s.get("phase") == "Failed"
        )
        assert "BackoffLimitExceeded" in status["message"]
        assert "sales is not reachable" in status["message"]
        assert condition(status, "Fresh")["reason"] == "NeverLoaded"


async def test_an_invalid_spec_creates_nothing_and_says_why(
    kmock: Any, settings: OperatorSettings
) -> None:
    async with running_operator(kmock, settings) as cluster:
        cluster.resource("warehouseloads", "both", {"source": "/data", "generatedOrders": 5})
        status = await cluster.wait_for_status(
            "warehouseloads", "both", "Failed", lambda s: s.get("phase") == "Failed"
        )
        assert "not both" in status["message"]
        assert cluster.object("batch/v1", "jobs", "both-load") is None


async def test_a_nightly_load_since_the_last_load_moves_its_window_after_each_run(
    kmock: Any, settings: OperatorSettings
) -> None:
    async with running_operator(kmock, settings) as cluster:
        spec = {"source": "/var/lib/olist-dw/source/olist", "sourceClaim": "extracts",
                "schedule": "0 2 * * *", "sinceLastLoad": True, "from": "2018-01-01T00:00:00Z"}  # fmt: skip
        cluster.resource("warehouseloads", "nightly", spec)
        cronjob = await cluster.wait_for(
            "the CronJob", lambda: cluster.object("batch/v1", "cronjobs", "nightly-load")
        )
        assert cronjob["spec"]["schedule"] == "0 2 * * *"
        assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
        command = container_of(cronjob)["command"]
        assert command[2:6] == [
            "--source",
            "/var/lib/olist-dw/source/olist",
            "--from",
            "2018-01-01T00:00:00",
        ]
        assert "--to" not in command

        cluster.spawn_job(cronjob, "nightly-load-29000000")
        summary = {
            **LOAD_SUMMARY,
            "window_from": "2018-01-01T00:00:00",
            "window_to": "2018-02-01T00:00:00",
        }
        await cluster.finish_job(
            "nightly-load-29000000", container="load", message=json.dumps(summary), watched=False
        )

        status = await cluster.wait_for_status(  # found by the timer's check (no watch event)
            "warehouseloads", "nightly", "Succeeded", lambda s: s.get("phase") == "Succeeded"
        )
        assert status["lastSuccessfulLoad"]["windowTo"] == "2018-02-01T00:00:00Z"

        def rearmed() -> bool:
            cron = cluster.object("batch/v1", "cronjobs", "nightly-load") or cronjob
            return "2018-02-01T00:00:00" in container_of(cron)["command"]

        await cluster.wait_for("the next window in the CronJob", rearmed)


async def test_a_backup_schedule_keeps_a_cronjob_and_its_rpo_condition(
    kmock: Any, settings: OperatorSettings
) -> None:
    async with running_operator(kmock, settings) as cluster:
        cluster.resource(
            "backupschedules",
            "hourly",
            {"schedule": "0 * * * *", "retention": "7d", "rpoTarget": "1h"},
        )
        cronjob = await cluster.wait_for(
            "the CronJob", lambda: cluster.object("batch/v1", "cronjobs", "hourly-backup")
        )
        container = container_of(cronjob)
        assert container["command"] == [
            "olist-dw", "backup", "create", "--retention", "7d", "--summary-file", "/dev/termination-log",
        ]  # fmt: skip
        assert {"name": "backups", "mountPath": "/var/lib/olist-dw/backups"} in container[
            "volumeMounts"
        ]
        env = {e["name"]: e for e in container["env"]}
        assert env["OLIST_DW_BACKUP_HOME"]["value"] == "/var/lib/olist-dw/backups"
        assert cronjob["metadata"]["ownerReferences"][0]["uid"] == "uid-hourly"
        initial = await cluster.wait_for_status(
            "backupschedules",
            "hourly",
            "RPOCompliant",
            lambda s: status_of(s.get("conditions"), "RPOCompliant") is not None,
        )
        assert condition(initial, "RPOCompliant")["reason"] == "NoBackup"

        cluster.spawn_job(cronjob, "hourly-backup-29000001")
        await cluster.patch_status("batch/v1", "jobs", "hourly-backup-29000001", {"active": 1})
        await cluster.finish_job(
            "hourly-backup-29000001", container="backup", message=json.dumps(BACKUP_SUMMARY)
        )

        status = await cluster.wait_for_status(
            "backupschedules", "hourly", "a last backup", lambda s: "lastBackup" in s
        )
        assert status["lastBackup"] == {
            "id": "20261207T020000",
            "beginTime": "2026-12-07T02:00:00Z",
            "endTime": "2099-01-01T02:04:00Z",
            "sizeBytes": 2_000_000_000,
        }
        assert status["lastRun"]["phase"] == "Succeeded"
        assert condition(status, "RPOCompliant")["status"] == "True"


async def test_a_restore_drill_measures_its_rto(kmock: Any, settings: OperatorSettings) -> None:
    async with running_operator(kmock, settings) as cluster:
        cluster.resource(
            "restoredrills", "pitr", {"toTime": "2026-12-07T01:30:00Z", "rtoTarget": "2h"}
        )
        job = await cluster.wait_for(
            "the Job", lambda: cluster.object("batch/v1", "jobs", "pitr-drill")
        )
        assert container_of(job)["command"] == [
            "olist-dw", "backup", "drill", "--to-time", "2026-12-07T01:30:00Z",
            "--summary-file", "/dev/termination-log",
        ]  # fmt: skip
        assert job["spec"]["backoffLimit"] == 0
        await cluster.finish_job("pitr-drill", container="drill", message=json.dumps(DRILL_SUMMARY))
        status = await cluster.wait_for_status(
            "restoredrills", "pitr", "Succeeded", lambda s: s.get("phase") == "Succeeded"
        )
        assert (status["rtoSeconds"], status["verified"], status["mismatches"]) == (600.0, True, 0)
        assert status["recoveredTo"] == "2026-12-07T02:04:00Z"
        assert condition(status, "Verified")["status"] == "True"
        assert condition(status, "RTOCompliant")["status"] == "True"


@contextlib.asynccontextmanager
async def wal_stream_serving(report: StreamReport) -> AsyncIterator[str]:
    """An HTTP server answering GET /wal as `olist-dw backup stream` does."""

    async def wal(_: web.Request) -> web.Response:
        return web.json_response(report.as_json())

    app = web.Application()
    app.router.add_get("/wal", wal)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/wal"
    finally:
        await runner.cleanup()


async def test_the_wal_stream_keeps_a_backup_schedule_within_its_rpo(
    kmock: Any, settings: OperatorSettings
) -> None:
    three_hours_ago = datetime.now(UTC) - timedelta(hours=3)
    old_backup = {**BACKUP_SUMMARY, "end_time": three_hours_ago.isoformat()}
    streamed = StreamReport(True, datetime.now(UTC), three_hours_ago, 0, None)
    async with (
        wal_stream_serving(streamed) as url,
        running_operator(kmock, replace(settings, wal_stream_url=url)) as cluster,
    ):
        cluster.resource("backupschedules", "hourly", {"schedule": "0 * * * *", "rpoTarget": "1h"})
        cronjob = await cluster.wait_for(
            "the CronJob", lambda: cluster.object("batch/v1", "cronjobs", "hourly-backup")
        )
        cluster.spawn_job(cronjob, "hourly-backup-1")
        await cluster.finish_job(
            "hourly-backup-1", container="backup", message=json.dumps(old_backup)
        )

        status = await cluster.wait_for_status(
            "backupschedules",
            "hourly",
            "the stream's report",
            lambda s: "lastBackup" in s and (s.get("walStream") or {}).get("streaming"),
        )
        assert condition(status, "RPOCompliant")["status"] == "True"
        assert "archived WAL" in condition(status, "RPOCompliant")["message"]
        assert status["walStream"]["recoverableUntil"] == status["lastArchivedWal"]
