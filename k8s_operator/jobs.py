"""The Jobs and CronJobs the operator creates, as manifests (plain dicts) built from a
resource's spec and the operator's settings. The work is the project's own CLI (the same
commands run locally): `olist-dw load`, `olist-dw backup create`, `olist-dw backup drill`,
each writing its summary JSON to the termination message. The handlers add the owner
references (kopf.adopt) and send them."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from k8s_operator.resources import (
    BACKUP_COMPONENT,
    BACKUP_SCHEDULE,
    COMPONENT_LABEL,
    LOADER_COMPONENT,
    MANAGED_BY,
    MANAGED_BY_LABEL,
    OWNER_KIND_LABEL,
    OWNER_NAME_ANNOTATION,
    OWNER_UID_LABEL,
    RESTORE_DRILL,
    WAREHOUSE_LOAD,
    Kind,
)
from k8s_operator.settings import OperatorSettings
from k8s_operator.specs import BackupScheduleSpec, RestoreDrillSpec, WarehouseLoadSpec
from k8s_operator.timestamps import format_time
from k8s_operator.windows import Window

Manifest = dict[str, Any]

TERMINATION_LOG = "/dev/termination-log"
BACKUP_HOME = "/var/lib/olist-dw/backups"
TLS_MOUNT = "/etc/olist-dw/tls"  # as in the services' Deployments
SOURCE_MOUNT = "/var/lib/olist-dw/source"
JOB_NAME_LIMIT = 63  # a Job's name is its pods' job-name label value
CRONJOB_NAME_LIMIT = 52  # the CronJob controller appends 11 characters to name its Jobs
CRONJOB_HISTORY = 3
CRONJOB_STARTING_DEADLINE_SECONDS = 600
BACKUP_BACKOFF_LIMIT = 1
DRILL_BACKOFF_LIMIT = 0  # a retried drill would measure the retries into its RTO
LOAD_CONTAINER, BACKUP_CONTAINER, DRILL_CONTAINER = "load", "backup", "drill"
# `olist-dw load` exits with this when the quality gate failed (olist_dw/cli/commands.py):
# the load is done and judged, so the Job fails at once instead of loading it again
QUALITY_GATE_FAILED_EXIT = 3


@dataclass(frozen=True)
class Owner:
    kind: Kind
    name: str
    uid: str
    namespace: str | None = None


def child_name(owner: str, suffix: str, limit: int = JOB_NAME_LIMIT) -> str:
    """`<owner>-<suffix>`, shortened with a hash of the owner's name when too long."""
    name = f"{owner}-{suffix}"
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(owner.encode()).hexdigest()[:8]
    keep = limit - len(suffix) - len(digest) - 2
    return f"{owner[:keep].rstrip('-.')}-{digest}-{suffix}"


def load_command(spec: WarehouseLoadSpec, window: Window) -> list[str]:
    """`olist-dw load --source S | --orders N [--from T] [--to T] --summary-file ...`"""
    if spec.source is not None:
        what = ["--source", spec.source]
    else:
        what = ["--orders", str(spec.generated_orders)]
    return ["olist-dw", "load", *what, *window.arguments(), "--summary-file", TERMINATION_LOG]


def backup_command(spec: BackupScheduleSpec) -> list[str]:
    return [
        "olist-dw",
        "backup",
        "create",
        "--retention",
        spec.retention,
        "--summary-file",
        TERMINATION_LOG,
    ]


def drill_command(spec: RestoreDrillSpec) -> list[str]:
    to_time = ["--to-time", format_time(spec.to_time)] if spec.to_time else []
    return ["olist-dw", "backup", "drill", *to_time, "--summary-file", TERMINATION_LOG]


def load_job_name(owner: Owner) -> str:
    return child_name(owner.name, "load")


def load_job(
    spec: WarehouseLoadSpec, window: Window, owner: Owner, settings: OperatorSettings
) -> Manifest:
    """The one Job of a WarehouseLoad without a schedule."""
    return _job(
        load_job_name(owner),
        owner,
        settings,
        _load_template(spec, window, owner, settings),
        spec.backoff_limit,
        spec.active_deadline_seconds,
        _judged_loads_are_final(),
    )


def load_cronjob_name(owner: Owner) -> str:
    return child_name(owner.name, "load", CRONJOB_NAME_LIMIT)


def load_cronjob(
    spec: WarehouseLoadSpec, window: Window, owner: Owner, settings: OperatorSettings
) -> Manifest:
    """A scheduled WarehouseLoad's CronJob (its window is rewritten after each success when
    it loads since the last load)."""
    assert spec.schedule is not None
    return _cronjob(
        load_cronjob_name(owner),
        spec.schedule,
        owner,
        settings,
        _load_template(spec, window, owner, settings),
        spec.backoff_limit,
        spec.active_deadline_seconds,
        _judged_loads_are_final(),
    )


def backup_cronjob_name(owner: Owner) -> str:
    return child_name(owner.name, "backup", CRONJOB_NAME_LIMIT)


def backup_cronjob(spec: BackupScheduleSpec, owner: Owner, settings: OperatorSettings) -> Manifest:
    template = _backup_template(
        BACKUP_CONTAINER, backup_command(spec), spec.storage, owner, settings
    )
    return _cronjob(
        backup_cronjob_name(owner),
        spec.schedule,
        owner,
        settings,
        template,
        BACKUP_BACKOFF_LIMIT,
        spec.active_deadline_seconds,
    )


def drill_job_name(owner: Owner) -> str:
    return child_name(owner.name, "drill")


def drill_job(spec: RestoreDrillSpec, owner: Owner, settings: OperatorSettings) -> Manifest:
    template = _backup_template(DRILL_CONTAINER, drill_command(spec), spec.storage, owner, settings)
    return _job(
        drill_job_name(owner),
        owner,
        settings,
        template,
        DRILL_BACKOFF_LIMIT,
        spec.active_deadline_seconds,
    )


def container_of(kind: Kind) -> str:
    return {
        WAREHOUSE_LOAD.plural: LOAD_CONTAINER,
        BACKUP_SCHEDULE.plural: BACKUP_CONTAINER,
        RESTORE_DRILL.plural: DRILL_CONTAINER,
    }[kind.plural]


def labels(owner: Owner, settings: OperatorSettings, component: str) -> dict[str, str]:
    """The release's labels, the pod's component (which NetworkPolicy applies), and which
    resource the Job belongs to (how the operator finds it again)."""
    return {
        **settings.labels,
        "app.kubernetes.io/name": settings.app_name,
        "app.kubernetes.io/instance": settings.instance,
        COMPONENT_LABEL: component,
        MANAGED_BY_LABEL: MANAGED_BY,
        OWNER_KIND_LABEL: owner.kind.plural,
        OWNER_UID_LABEL: owner.uid,
    }


def _metadata(name: str, owner: Owner, settings: OperatorSettings, component: str) -> Manifest:
    metadata: Manifest = {"name": name}
    if owner.namespace:
        metadata["namespace"] = owner.namespace
    return metadata | {
        "labels": labels(owner, settings, component),
        "annotations": {OWNER_NAME_ANNOTATION: owner.name},
    }


def _job(
    name: str,
    owner: Owner,
    settings: OperatorSettings,
    template: Manifest,
    backoff_limit: int,
    deadline: int,
    pod_failure_policy: Manifest | None = None,
) -> Manifest:
    component = template["metadata"]["labels"][COMPONENT_LABEL]
    spec: Manifest = {
        "backoffLimit": backoff_limit,
        "activeDeadlineSeconds": deadline,
        "template": template,
    }
    if pod_failure_policy:
        spec["podFailurePolicy"] = pod_failure_policy
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": _metadata(name, owner, settings, component),
        "spec": spec,
    }


def _judged_loads_are_final() -> Manifest:
    return {
        "rules": [
            {
                "action": "FailJob",
                "onExitCodes": {
                    "containerName": LOAD_CONTAINER,
                    "operator": "In",
                    "values": [QUALITY_GATE_FAILED_EXIT],
                },
            }
        ]
    }


def _cronjob(
    name: str,
    schedule: str,
    owner: Owner,
    settings: OperatorSettings,
    template: Manifest,
    backoff_limit: int,
    deadline: int,
    pod_failure_policy: Manifest | None = None,
) -> Manifest:
    """The Job `_job` would make, run on a schedule: its metadata the CronJob's, and (less
    the name, which the CronJob controller gives each run) its Jobs'."""
    job = _job(name, owner, settings, template, backoff_limit, deadline, pod_failure_policy)
    run_metadata = {key: dict(job["metadata"][key]) for key in ("labels", "annotations")}
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": job["metadata"],
        "spec": {
            "schedule": schedule,
            "concurrencyPolicy": "Forbid",
            "startingDeadlineSeconds": CRONJOB_STARTING_DEADLINE_SECONDS,
            "successfulJobsHistoryLimit": CRONJOB_HISTORY,
            "failedJobsHistoryLimit": CRONJOB_HISTORY,
            "jobTemplate": {"metadata": run_metadata, "spec": job["spec"]},
        },
    }


def _load_template(
    spec: WarehouseLoadSpec, window: Window, owner: Owner, settings: OperatorSettings
) -> Manifest:
    env: list[Manifest] = [
        _secret_env("PGPASSWORD", settings.secret, settings.loader_secret_key, optional=True),
        _secret_env("OLIST_DW_TOKEN", settings.secret, settings.loader_token_key, optional=True),
    ]
    if settings.nats_secret:
        env.append(_secret_env("OLIST_DW_NATS_URL", settings.nats_secret, settings.nats_secret_key))
    mounts: list[Manifest] = [{"name": "tmp", "mountPath": "/tmp"}]
    volumes: list[Manifest] = [{"name": "tmp", "emptyDir": {"sizeLimit": settings.loader_tmp_size}}]
    _trust_authorities(settings, env, mounts, volumes)
    if spec.source_claim:
        mounts.append({"name": "source", "mountPath": SOURCE_MOUNT, "readOnly": True})
        volumes.append(
            {
                "name": "source",
                "persistentVolumeClaim": {"claimName": spec.source_claim, "readOnly": True},
            }
        )
    container = _container(
        LOAD_CONTAINER,
        load_command(spec, window),
        settings,
        settings.loader_resources,
        env=env,
        mounts=mounts,
        env_from=[{"configMapRef": {"name": settings.loader_config_map}}],
    )
    return _pod_template(owner, settings, LOADER_COMPONENT, container, volumes)


def _backup_template(
    container_name: str,
    command: list[str],
    storage: str | None,
    owner: Owner,
    settings: OperatorSettings,
) -> Manifest:
    env: list[Manifest] = [
        {"name": "OLIST_DW_BACKUP_HOME", "value": BACKUP_HOME},
        {"name": "OLIST_DW_BACKUP_CONNINFO", "value": settings.backup_conninfo},
        _secret_env("PGPASSWORD", settings.admin_secret_name, settings.admin_secret_key),
        {"name": "PGSSLMODE", "value": settings.ssl_mode},
    ]
    mounts: list[Manifest] = [
        {"name": "tmp", "mountPath": "/tmp"},
        {"name": "backups", "mountPath": BACKUP_HOME},
    ]
    volumes: list[Manifest] = [
        {"name": "tmp", "emptyDir": {"sizeLimit": settings.backup_tmp_size}},
        {
            "name": "backups",
            "persistentVolumeClaim": {"claimName": storage or settings.backup_claim},
        },
    ]
    _trust_authorities(settings, env, mounts, volumes)
    container = _container(
        container_name, command, settings, settings.backup_resources, env=env, mounts=mounts
    )
    return _pod_template(
        owner, settings, BACKUP_COMPONENT, container, volumes, affinity=settings.backup_affinity
    )


def _trust_authorities(
    settings: OperatorSettings, env: list[Manifest], mounts: list[Manifest], volumes: list[Manifest]
) -> None:
    """Mounts the release's CA ConfigMap, if any, where libpq and the NATS client read it."""
    if not settings.tls_ca_config_map:
        return
    authorities = f"{TLS_MOUNT}/ca.crt"
    env += [
        {"name": "PGSSLROOTCERT", "value": authorities},
        {"name": "OLIST_DW_NATS_TLS_CA", "value": authorities},
    ]
    mounts.append({"name": "tls-ca", "mountPath": TLS_MOUNT, "readOnly": True})
    volumes.append({"name": "tls-ca", "configMap": {"name": settings.tls_ca_config_map}})


def _container(
    name: str,
    command: list[str],
    settings: OperatorSettings,
    resources: Any,
    *,
    env: list[Manifest],
    mounts: list[Manifest],
    env_from: list[Manifest] | None = None,
) -> Manifest:
    container: Manifest = {
        "name": name,
        "image": settings.image,
        "imagePullPolicy": settings.image_pull_policy,
        "command": command,
    }
    if env_from:
        container["envFrom"] = env_from
    container |= {
        "env": env,
        "resources": dict(resources),
        "securityContext": dict(settings.container_security_context),
        # the summary JSON on success; the log's tail when the command failed without one
        "terminationMessagePath": TERMINATION_LOG,
        "terminationMessagePolicy": "FallbackToLogsOnError",
        "volumeMounts": mounts,
    }
    return container


def _pod_template(
    owner: Owner,
    settings: OperatorSettings,
    component: str,
    container: Manifest,
    volumes: list[Manifest],
    *,
    affinity: Mapping[str, Any] | None = None,
) -> Manifest:
    metadata: Manifest = {"labels": labels(owner, settings, component)}
    if settings.pod_annotations:
        metadata["annotations"] = dict(settings.pod_annotations)
    spec: Manifest = {
        "restartPolicy": "Never",
        "serviceAccountName": settings.loader_service_account,
        "automountServiceAccountToken": False,  # the Jobs never call the Kubernetes API
        "enableServiceLinks": False,
        "securityContext": dict(settings.pod_security_context),
    }
    if settings.image_pull_secrets:
        spec["imagePullSecrets"] = [{"name": s} for s in settings.image_pull_secrets]
    for key in ("priorityClassName", "nodeSelector", "tolerations", "affinity"):
        if settings.pod_placement.get(key):
            spec[key] = settings.pod_placement[key]
    if affinity:
        spec["affinity"] = {**spec.get("affinity", {}), **affinity}
    spec |= {"containers": [container], "volumes": volumes}
    return {"metadata": metadata, "spec": spec}


def _secret_env(name: str, secret: str, key: str, *, optional: bool = False) -> Manifest:
    reference: Manifest = {"name": secret, "key": key}
    if optional:
        reference["optional"] = True
    return {"name": name, "valueFrom": {"secretKeyRef": reference}}
