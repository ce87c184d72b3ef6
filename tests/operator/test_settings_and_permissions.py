"""The operator's settings from its environment, and its declared RBAC rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from k8s_operator.permissions import RULES, rbac_rules
from k8s_operator.resources import KINDS
from k8s_operator.settings import SettingsInvalid, settings_from_environment

REQUIRED = {
    "OLIST_DW_IMAGE": "olist-dw:0.1.0",
    "OLIST_DW_INSTANCE": "wh",
    "OLIST_DW_SECRET": "s",
    "OLIST_DW_LOADER_CONFIGMAP": "c",
    "OLIST_DW_LOADER_SERVICE_ACCOUNT": "a",
    "OLIST_DW_BACKUP_CLAIM": "b",
    "OLIST_DW_BACKUP_CONNINFO": "host=h",
}


def test_the_settings_come_from_the_environment() -> None:
    settings = settings_from_environment({
        **REQUIRED,
        "OLIST_DW_OPERATOR_NAMESPACE": "warehouse",
        "OLIST_DW_IMAGE_PULL_SECRETS": "one, two",
        "OLIST_DW_JOB_LABELS": '{"team": "data"}',
        "OLIST_DW_FRESHNESS_TARGET": "6h",
        "OLIST_DW_CHECK_INTERVAL_SECONDS": "30",
        "OLIST_DW_LIVENESS_ENDPOINT": "-",
        "OLIST_DW_WAL_STREAM_URL": "http://wh-olist-dw-wal-stream:8070/wal",
        "OLIST_DW_BACKUP_AFFINITY": '{"podAffinity": {}}',
    })  # fmt: skip
    assert settings.wal_stream_url == "http://wh-olist-dw-wal-stream:8070/wal"
    assert settings.backup_affinity == {"podAffinity": {}}
    assert settings.namespace == "warehouse" and settings.image_pull_secrets == ("one", "two")
    assert settings.labels == {"team": "data"} and settings.freshness_target == timedelta(hours=6)
    assert settings.check_interval_seconds == 30.0 and settings.liveness_endpoint is None
    assert settings.admin_secret_name == "s"
    defaults = settings_from_environment(REQUIRED)
    assert defaults.namespace is None and defaults.pod_security_context["runAsNonRoot"] is True
    assert defaults.liveness_endpoint == "http://0.0.0.0:8080/healthz"
    assert defaults.wal_stream_url is None and defaults.backup_affinity == {}


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({}, "OLIST_DW_IMAGE"),
        ({**REQUIRED, "OLIST_DW_SECRET": " "}, "OLIST_DW_SECRET"),
        ({**REQUIRED, "OLIST_DW_LOADER_RESOURCES": "{"}, "not JSON"),
        ({**REQUIRED, "OLIST_DW_POD_PLACEMENT": "[]"}, "JSON object"),
        ({**REQUIRED, "OLIST_DW_FRESHNESS_TARGET": "soon"}, "FRESHNESS_TARGET"),
        ({**REQUIRED, "OLIST_DW_CHECK_INTERVAL_SECONDS": "0"}, "above 0"),
        ({**REQUIRED, "OLIST_DW_CHECK_INTERVAL_SECONDS": "x"}, "no number"),
    ],
)
def test_wrong_settings_say_which(environment: dict[str, str], complaint: str) -> None:
    with pytest.raises(SettingsInvalid, match=complaint):
        settings_from_environment(environment)


def test_the_rules_are_least_privilege() -> None:
    for rule in rbac_rules():
        assert "*" not in rule["apiGroups"] + rule["resources"] + rule["verbs"]
        assert not {"delete", "deletecollection", "update", "escalate", "bind"} & set(rule["verbs"])
    granted = {(r.api_group, resource): set(r.verbs) for r in RULES for resource in r.resources}
    for kind in KINDS:
        assert granted[("olist-dw.io", kind.plural)] == {"get", "list", "watch", "patch"}
        assert granted[("olist-dw.io", f"{kind.plural}/status")] == {"patch"}
    assert granted[("batch", "jobs")] == {"create", "get", "list", "watch"}
    assert granted[("", "pods")] == {"list"} and granted[("", "events")] == {"create"}
    assert ("", "secrets") not in granted  # the Jobs name the Secret; the operator never reads it
