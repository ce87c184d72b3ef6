"""The Jobs and CronJobs as manifests: the command per spec, the labels the chart's
NetworkPolicies select, the owner, the volumes, the deadlines, the hardened pod."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from k8s_operator import jobs
from k8s_operator.jobs import Owner, child_name
from k8s_operator.resources import BACKUP_SCHEDULE, RESTORE_DRILL, WAREHOUSE_LOAD
from k8s_operator.settings import OperatorSettings
from k8s_operator.specs import backup_schedule_spec, restore_drill_spec, warehouse_load_spec
from k8s_operator.windows import Window
from olist_dw.cli.commands import QUALITY_GATE_FAILED

LOAD = Owner(WAREHOUSE_LOAD, "nightly", "uid-1", "warehouse")
BACKUPS = Owner(BACKUP_SCHEDULE, "hourly", "uid-2", "warehouse")
DRILL = Owner(RESTORE_DRILL, "monthly", "uid-3", "warehouse")


def pod_spec(manifest: dict[str, Any]) -> dict[str, Any]:
    spec = manifest["spec"]
    if manifest["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    result: dict[str, Any] = spec["template"]["spec"]
    return result


def container(manifest: dict[str, Any]) -> dict[str, Any]:
    (found,) = pod_spec(manifest)["containers"]
    return found


@pytest.mark.parametrize(
    ("spec", "window", "arguments"),
    [
        ({"generatedOrders": 5000}, Window(), ["--orders", "5000"]),
        ({"source": "/data/olist"}, Window(), ["--source", "/data/olist"]),
        (
            {"source": "postgresql://erp/olist?schema=olist"},
            Window(datetime(2018, 1, 1, tzinfo=UTC), datetime(2018, 2, 1, tzinfo=UTC)),
            [
                "--source",
                "postgresql://erp/olist?schema=olist",
                "--from",
                "2018-01-01T00:00:00",
                "--to",
                "2018-02-01T00:00:00",
            ],
        ),
    ],
)
def test_the_load_job_runs_olist_dw_load_with_the_spec_s_arguments(
    settings: OperatorSettings, spec: dict[str, Any], window: Window, arguments: list[str]
) -> None:
    manifest = jobs.load_job(warehouse_load_spec(spec), window, LOAD, settings)
    assert container(manifest)["command"] == [
        "olist-dw", "load", *arguments, "--summary-file", "/dev/termination-log",
    ]  # fmt: skip
    assert manifest["metadata"]["name"] == "nightly-load"
    assert manifest["metadata"]["namespace"] == "warehouse"


@pytest.mark.parametrize("scheduled", [False, True])
def test_a_load_the_quality_gate_failed_fails_its_job_without_loading_again(
    settings: OperatorSettings, scheduled: bool
) -> None:
    spec = warehouse_load_spec(
        {"generatedOrders": 5, **({"schedule": "@daily"} if scheduled else {})}
    )
    manifest = (jobs.load_cronjob if scheduled else jobs.load_job)(spec, Window(), LOAD, settings)
    job = manifest["spec"]["jobTemplate"]["spec"] if scheduled else manifest["spec"]
    (rule,) = job["podFailurePolicy"]["rules"]
    assert rule["action"] == "FailJob"
    assert rule["onExitCodes"] == {
        "containerName": container(manifest)["name"],
        "operator": "In",
        "values": [QUALITY_GATE_FAILED],  # what `olist-dw load` exits with
    }
    backup = jobs.backup_cronjob(backup_schedule_spec({"schedule": "@hourly"}), BACKUPS, settings)
    assert "podFailurePolicy" not in backup["spec"]["jobTemplate"]["spec"]


def test_the_load_job_is_labelled_for_the_loader_s_network_policy_and_its_owner(
    settings: OperatorSettings,
) -> None:
    manifest = jobs.load_job(warehouse_load_spec({"generatedOrders": 5}), Window(), LOAD, settings)
    labels = manifest["spec"]["template"]["metadata"]["labels"]
    assert {
        "app.kubernetes.io/name": "olist-dw",
        "app.kubernetes.io/instance": "wh",
        "app.kubernetes.io/component": "loader",
        "app.kubernetes.io/managed-by": "olist-dw-operator",
        "olist-dw.io/owner-kind": "warehouseloads",
        "olist-dw.io/owner-uid": "uid-1",
    }.items() <= labels.items()
    assert manifest["metadata"]["labels"] == labels
    assert manifest["metadata"]["annotations"] == {"olist-dw.io/owner-name": "nightly"}


def test_the_load_job_reads_the_loader_s_config_map_password_and_token(
    settings: OperatorSettings,
) -> None:
    manifest = jobs.load_job(warehouse_load_spec({"generatedOrders": 5}), Window(), LOAD, settings)
    spec, load = pod_spec(manifest), container(manifest)
    assert spec["serviceAccountName"] == "wh-olist-dw-loader"
    assert spec["automountServiceAccountToken"] is False and spec["restartPolicy"] == "Never"
    assert load["envFrom"] == [{"configMapRef": {"name": "wh-olist-dw-loader"}}]
    assert load["env"] == [
        {"name": "PGPASSWORD", "valueFrom": {"secretKeyRef": {
            "name": "wh-olist-dw-credentials", "key": "loader-password", "optional": True}}},
        {"name": "OLIST_DW_TOKEN", "valueFrom": {"secretKeyRef": {
            "name": "wh-olist-dw-credentials", "key": "loader-token", "optional": True}}},
    ]  # fmt: skip
    assert load["terminationMessagePath"] == "/dev/termination-log"
    assert load["terminationMessagePolicy"] == "FallbackToLogsOnError"
    assert (
        manifest["spec"]["backoffLimit"] == 2 and manifest["spec"]["activeDeadlineSeconds"] == 7200
    )


def test_every_pod_is_hardened_and_placed_as_the_chart_says(settings: OperatorSettings) -> None:
    placed = replace(
        settings,
        image_pull_secrets=("registry",),
        pod_placement={
            "priorityClassName": "data",
            "tolerations": [{"key": "k", "operator": "Exists"}],
        },
        pod_annotations={"a": "b"},
    )
    manifests = [
        jobs.load_job(warehouse_load_spec({"generatedOrders": 5}), Window(), LOAD, placed),
        jobs.backup_cronjob(backup_schedule_spec({"schedule": "@hourly"}), BACKUPS, placed),
        jobs.drill_job(restore_drill_spec({}), DRILL, placed),
    ]
    for manifest in manifests:
        spec, box = pod_spec(manifest), container(manifest)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert box["securityContext"]["readOnlyRootFilesystem"] is True
        assert box["securityContext"]["capabilities"] == {"drop": ["ALL"]}
        assert {"requests", "limits"} <= set(box["resources"])
        assert box["image"] == "olist-dw:0.1.0"
        assert {"name": "tmp", "mountPath": "/tmp"} in box["volumeMounts"]
        assert spec["imagePullSecrets"] == [{"name": "registry"}]
        assert spec["priorityClassName"] == "data" and spec["tolerations"]
        assert "nodeSelector" not in spec


def test_backup_pods_join_the_wal_stream_s_node_and_load_pods_do_not(
    settings: OperatorSettings,
) -> None:
    together = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app.kubernetes.io/component": "wal-stream"}},
         "topologyKey": "kubernetes.io/hostname"}]}}  # fmt: skip
    zones = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": []}}
    placed = replace(settings, backup_affinity=together, pod_placement={"affinity": zones})

    backup = jobs.backup_cronjob(backup_schedule_spec({"schedule": "@hourly"}), BACKUPS, placed)
    drill = jobs.drill_job(restore_drill_spec({}), DRILL, placed)
    load = jobs.load_job(warehouse_load_spec({"generatedOrders": 5}), Window(), LOAD, placed)

    assert pod_spec(backup)["affinity"] == {**zones, **together}
    assert pod_spec(drill)["affinity"] == {**zones, **together}
    assert pod_spec(load)["affinity"] == zones


def test_a_source_volume_is_mounted_read_only(settings: OperatorSettings) -> None:
    spec = warehouse_load_spec({"source": "/var/lib/olist-dw/source/x", "sourceClaim": "extracts"})
    manifest = jobs.load_job(spec, Window(), LOAD, settings)
    assert {
        "name": "source",
        "mountPath": "/var/lib/olist-dw/source",
        "readOnly": True,
    } in container(manifest)["volumeMounts"]
    assert {
        "name": "source",
        "persistentVolumeClaim": {"claimName": "extracts", "readOnly": True},
    } in pod_spec(manifest)["volumes"]


def test_a_nats_url_with_credentials_comes_from_its_secret(settings: OperatorSettings) -> None:
    manifest = jobs.load_job(
        warehouse_load_spec({"generatedOrders": 5}),
        Window(),
        LOAD,
        replace(settings, nats_secret="nats"),
    )
    env = {e["name"]: e for e in container(manifest)["env"]}
    assert env["OLIST_DW_NATS_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": "nats",
        "key": "nats-url",
    }


def test_the_jobs_trust_the_releases_authorities_when_it_has_them(
    settings: OperatorSettings,
) -> None:
    with_ca = replace(settings, tls_ca_config_map="warehouse-ca")
    load = jobs.load_job(warehouse_load_spec({"generatedOrders": 5}), Window(), LOAD, with_ca)
    backups = jobs.backup_cronjob(backup_schedule_spec({"schedule": "0 * * * *"}), BACKUPS, with_ca)
    for manifest in (load, backups):
        env = {e["name"]: e.get("value") for e in container(manifest)["env"]}
        assert env["PGSSLROOTCERT"] == env["OLIST_DW_NATS_TLS_CA"] == "/etc/olist-dw/tls/ca.crt"
        assert {"name": "tls-ca", "mountPath": "/etc/olist-dw/tls", "readOnly": True} in container(
            manifest
        )["volumeMounts"]
        assert {"name": "tls-ca", "configMap": {"name": "warehouse-ca"}} in pod_spec(manifest)[
            "volumes"
        ]
    plain = jobs.load_job(warehouse_load_spec({"generatedOrders": 5}), Window(), LOAD, settings)
    assert "PGSSLROOTCERT" not in {e["name"] for e in container(plain)["env"]}


def test_a_scheduled_load_is_a_cronjob_that_runs_one_load_at_a_time(
    settings: OperatorSettings,
) -> None:
    spec = warehouse_load_spec({"generatedOrders": 5, "schedule": "0 2 * * *", "backoffLimit": 1})
    manifest = jobs.load_cronjob(spec, Window(), LOAD, settings)
    assert manifest["kind"] == "CronJob" and manifest["metadata"]["name"] == "nightly-load"
    assert manifest["spec"]["schedule"] == "0 2 * * *"
    assert manifest["spec"]["concurrencyPolicy"] == "Forbid"
    template = manifest["spec"]["jobTemplate"]
    assert (
        template["metadata"]["labels"]["olist-dw.io/owner-uid"] == "uid-1"
    )  # on each Job it starts
    assert template["metadata"]["annotations"] == {"olist-dw.io/owner-name": "nightly"}
    assert template["spec"]["backoffLimit"] == 1


def test_the_backups_run_olist_dw_backup_create_on_the_backup_volume(
    settings: OperatorSettings,
) -> None:
    manifest = jobs.backup_cronjob(
        backup_schedule_spec({"schedule": "0 * * * *", "retention": "3"}), BACKUPS, settings
    )
    box = container(manifest)
    assert box["command"] == [
        "olist-dw",
        "backup",
        "create",
        "--retention",
        "3",
        "--summary-file",
        "/dev/termination-log",
    ]
    assert {"name": "backups", "mountPath": "/var/lib/olist-dw/backups"} in box["volumeMounts"]
    assert {
        "name": "backups",
        "persistentVolumeClaim": {"claimName": "wh-olist-dw-backups"},
    } in pod_spec(manifest)["volumes"]
    env = {e["name"]: e for e in box["env"]}
    assert env["OLIST_DW_BACKUP_HOME"]["value"] == "/var/lib/olist-dw/backups"
    assert env["OLIST_DW_BACKUP_CONNINFO"]["value"].startswith("host=")
    assert env["PGPASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "wh-olist-dw-credentials",
        "key": "admin-password",
    }
    labels = manifest["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    assert labels["app.kubernetes.io/component"] == "backup"
    assert "envFrom" not in box  # the backups need none of the loader's settings


def test_the_drill_restores_to_a_time_without_retries(settings: OperatorSettings) -> None:
    spec = restore_drill_spec({"toTime": "2026-12-01T03:00:00Z", "storage": "other-backups"})
    manifest = jobs.drill_job(spec, DRILL, settings)
    assert container(manifest)["command"] == [
        "olist-dw", "backup", "drill", "--to-time", "2026-12-01T03:00:00Z", "--summary-file", "/dev/termination-log",
    ]  # fmt: skip
    assert manifest["spec"]["backoffLimit"] == 0  # a retry would be measured into the RTO
    assert {"name": "backups", "persistentVolumeClaim": {"claimName": "other-backups"}} in pod_spec(
        manifest
    )["volumes"]
    assert (
        container(jobs.drill_job(restore_drill_spec({}), DRILL, settings))["command"][3]
        == "--summary-file"
    )


def test_child_names_fit_the_limits() -> None:
    assert child_name("demo", "load") == "demo-load"
    long = child_name("a" * 100, "backup", 52)
    assert len(long) <= 52 and long.endswith("-backup")
    assert child_name("a" * 100, "backup", 52) != child_name("a" * 99 + "b", "backup", 52)
