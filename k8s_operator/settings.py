"""The operator's settings, from its environment (the chart's operator ConfigMap): what
every Job it creates needs to know of the release (image, ServiceAccount, ConfigMap,
Secrets, the backup volume, the hardened pod settings) and its own defaults."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from k8s_operator.durations import DurationInvalid, parse_duration
from k8s_operator.specs import DEFAULT_FRESHNESS_TARGET

PREFIX = "OLIST_DW_"
HARDENED_POD: dict[str, Any] = {
    "runAsNonRoot": True,
    "runAsUser": 10001,
    "runAsGroup": 10001,
    "fsGroup": 10001,
    "seccompProfile": {"type": "RuntimeDefault"},
}
HARDENED_CONTAINER: dict[str, Any] = {
    "runAsNonRoot": True,
    "readOnlyRootFilesystem": True,
    "allowPrivilegeEscalation": False,
    "privileged": False,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}
LOADER_RESOURCES: dict[str, Any] = {
    "requests": {"cpu": "500m", "memory": "512Mi"},
    "limits": {"cpu": "2", "memory": "2Gi"},
}
BACKUP_RESOURCES: dict[str, Any] = {
    "requests": {"cpu": "250m", "memory": "512Mi"},
    "limits": {"cpu": "2", "memory": "2Gi"},
}


class SettingsInvalid(ValueError):
    pass


@dataclass(frozen=True)
class OperatorSettings:
    image: str
    instance: str  # the Helm release: app.kubernetes.io/instance of every pod
    secret: str  # the Secret with the PostgreSQL passwords (auth.existingSecret)
    loader_config_map: str
    loader_service_account: str
    backup_claim: str
    backup_conninfo: str  # libpq keyword/value of the server the backups are of
    namespace: str | None = None  # watched namespace (None: every namespace)
    app_name: str = "olist-dw"
    image_pull_policy: str = "IfNotPresent"
    image_pull_secrets: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)  # on every object created
    loader_secret_key: str = "loader-password"
    loader_token_key: str = "loader-token"  # the load Jobs' bearer token, in `secret`
    admin_secret: str | None = None  # default: `secret`
    admin_secret_key: str = "admin-password"
    nats_secret: str | None = None  # a full NATS URL with credentials, if any
    nats_secret_key: str = "nats-url"
    ssl_mode: str = "prefer"
    # a ConfigMap (key ca.crt) of the authorities PostgreSQL and NATS are verified against
    tls_ca_config_map: str | None = None
    pod_security_context: Mapping[str, Any] = field(default_factory=lambda: HARDENED_POD)
    container_security_context: Mapping[str, Any] = field(
        default_factory=lambda: HARDENED_CONTAINER
    )
    loader_resources: Mapping[str, Any] = field(default_factory=lambda: LOADER_RESOURCES)
    backup_resources: Mapping[str, Any] = field(default_factory=lambda: BACKUP_RESOURCES)
    loader_tmp_size: str = "2Gi"  # a generated data set and the load's lineage files
    backup_tmp_size: str = "1Gi"
    pod_placement: Mapping[str, Any] = field(default_factory=dict)
    pod_annotations: Mapping[str, str] = field(default_factory=dict)
    freshness_target: timedelta = DEFAULT_FRESHNESS_TARGET
    check_interval_seconds: float = 60.0
    liveness_endpoint: str | None = "http://0.0.0.0:8080/healthz"
    # `olist-dw backup stream`'s GET /wal: the RPO between backup Jobs (None: no stream)
    wal_stream_url: str | None = None
    # merged into the backup and drill pods' affinity: e.g. next to the stream on a
    # ReadWriteOnce backup volume
    backup_affinity: Mapping[str, Any] = field(default_factory=dict)

    @property
    def admin_secret_name(self) -> str:
        return self.admin_secret or self.secret


REQUIRED = {
    "image": "IMAGE",
    "instance": "INSTANCE",
    "secret": "SECRET",
    "loader_config_map": "LOADER_CONFIGMAP",
    "loader_service_account": "LOADER_SERVICE_ACCOUNT",
    "backup_claim": "BACKUP_CLAIM",
    "backup_conninfo": "BACKUP_CONNINFO",
}
OPTIONAL_TEXT = {
    "namespace": "OPERATOR_NAMESPACE",
    "app_name": "APP_NAME",
    "image_pull_policy": "IMAGE_PULL_POLICY",
    "loader_secret_key": "LOADER_SECRET_KEY",
    "loader_token_key": "LOADER_TOKEN_KEY",
    "admin_secret": "ADMIN_SECRET",
    "admin_secret_key": "ADMIN_SECRET_KEY",
    "nats_secret": "NATS_SECRET",
    "nats_secret_key": "NATS_SECRET_KEY",
    "ssl_mode": "SSL_MODE",
    "tls_ca_config_map": "TLS_CA_CONFIGMAP",
    "loader_tmp_size": "LOADER_TMP_SIZE",
    "backup_tmp_size": "BACKUP_TMP_SIZE",
    "liveness_endpoint": "LIVENESS_ENDPOINT",
    "wal_stream_url": "WAL_STREAM_URL",
}
JSON_OBJECTS = {
    "labels": "JOB_LABELS",
    "pod_security_context": "POD_SECURITY_CONTEXT",
    "container_security_context": "CONTAINER_SECURITY_CONTEXT",
    "loader_resources": "LOADER_RESOURCES",
    "backup_resources": "BACKUP_RESOURCES",
    "pod_placement": "POD_PLACEMENT",
    "pod_annotations": "POD_ANNOTATIONS",
    "backup_affinity": "BACKUP_AFFINITY",
}


def settings_from_environment(environ: Mapping[str, str] = os.environ) -> OperatorSettings:
    """`OLIST_DW_<NAME>` for each setting (docs/operator.md); SettingsInvalid names what is
    missing or wrong."""

    def get(name: str) -> str | None:
        value = environ.get(PREFIX + name)
        return value.strip() if value and value.strip() else None

    missing = [PREFIX + name for name in REQUIRED.values() if get(name) is None]
    if missing:
        raise SettingsInvalid(f"the operator needs {', '.join(missing)} (the chart sets them)")
    values: dict[str, Any] = {key: get(name) for key, name in REQUIRED.items()}
    values |= {key: get(name) for key, name in OPTIONAL_TEXT.items() if get(name) is not None}
    for key, name in JSON_OBJECTS.items():
        text = get(name)
        if text is None:
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise SettingsInvalid(f"{PREFIX}{name} is not JSON: {error}") from None
        if not isinstance(value, dict):
            raise SettingsInvalid(f"{PREFIX}{name} must be a JSON object")
        values[key] = value
    if secrets := get("IMAGE_PULL_SECRETS"):
        values["image_pull_secrets"] = tuple(s.strip() for s in secrets.split(",") if s.strip())
    if target := get("FRESHNESS_TARGET"):
        try:
            values["freshness_target"] = parse_duration(target)
        except DurationInvalid as error:
            raise SettingsInvalid(f"{PREFIX}FRESHNESS_TARGET: {error}") from None
    if interval := get("CHECK_INTERVAL_SECONDS"):
        try:
            values["check_interval_seconds"] = float(interval)
        except ValueError:
            raise SettingsInvalid(
                f"{PREFIX}CHECK_INTERVAL_SECONDS {interval!r} is no number"
            ) from None
        if values["check_interval_seconds"] <= 0:
            raise SettingsInvalid(f"{PREFIX}CHECK_INTERVAL_SECONDS must be above 0")
    if values.get("liveness_endpoint") == "-":
        values["liveness_endpoint"] = None  # no endpoint
    return OperatorSettings(**values)
