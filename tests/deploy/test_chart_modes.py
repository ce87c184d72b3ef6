"""The two modes: where credentials come from, where the services find PostgreSQL and
NATS, the migrations hook, the CloudNativePG cluster and the reporting autoscaler."""

from __future__ import annotations

import base64

import pytest
import yaml
from sqlalchemy.engine import make_url

from olist_dw.database import role_of
from services.chassis.personal_data import personal_data_of
from services.chassis.settings import ServiceSettings
from tests.deploy.chart import (
    CONTEXTS,
    FULLNAME,
    PRODUCTION_VARIANTS,
    SERVICES,
    VALUES_FILES,
    Object,
    Rendered,
    containers,
    pod_template,
)
from tests.deploy.conftest import Helm

VARIANTS = list(VALUES_FILES)
# what a service container may get from the environment besides its settings: libpq's own
LIBPQ_VARIABLES = {"PGPASSWORD", "PGSSLMODE", "PGSSLROOTCERT"}
# settings that are secrets: from the credentials Secret into the contexts' environment only
SECRET_SETTINGS = {"OLIST_DW_PSEUDONYM_KEY", "OLIST_DW_TEXT_KEYS"}


def ci_values(variant: str) -> dict[str, object]:
    path = VALUES_FILES[variant]
    return yaml.safe_load(path.read_text()) if path else {}


def secret_refs(rendered: Rendered) -> set[tuple[str, str]]:
    refs = set()
    for _, spec in rendered.workloads():
        for container in containers(spec):
            for variable in container.get("env", []):
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    refs.add((ref["name"], ref["key"]))
    return refs


@pytest.mark.parametrize("variant", PRODUCTION_VARIANTS)
def test_production_renders_no_secret(renders: dict[str, Rendered], variant: str) -> None:
    rendered = renders[variant]
    assert rendered.of_kind("Secret") == []
    for o in rendered.objects:
        assert "stringData" not in o and not (o["kind"] == "Secret" and "data" in o)


@pytest.mark.parametrize("variant", PRODUCTION_VARIANTS)
def test_production_takes_every_password_from_the_existing_secrets(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    values = ci_values(variant)
    allowed = {values["auth"]["existingSecret"], values["nats"].get("existingSecret")}  # type: ignore[index, union-attr]
    if rendered.of_kind("Cluster"):
        allowed.add(f"{FULLNAME}-postgresql-superuser")  # the operator's own
    assert {name for name, _ in secret_refs(rendered)} <= allowed
    for _, spec in rendered.workloads():
        for container in containers(spec):
            for variable in container.get("env", []):
                if "PASSWORD" in variable["name"]:
                    assert "value" not in variable, variable["name"]


def test_dev_mode_generates_every_password_the_pods_use(renders: dict[str, Rendered]) -> None:
    rendered = renders["defaults"]
    (secret,) = rendered.of_kind("Secret")
    assert secret["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    keys = set(secret["data"])
    assert {(secret["metadata"]["name"], key) for key in keys} >= secret_refs(rendered)
    # a password per role (9), the pseudonym key, the text key ring, a NATS password per user
    # (8) and the load Jobs' NATS URL
    assert len(keys) == 20 and all(len(v) >= 32 for v in secret["data"].values())


def test_dev_mode_with_an_existing_secret_generates_none(helm: Helm) -> None:
    result = helm.template("--set", "auth.existingSecret=mine")
    assert result.returncode == 0, result.stderr
    objects = [o for o in yaml.safe_load_all(result.stdout) if o]
    assert [o for o in objects if o["kind"] == "Secret"] == []
    assert "name: mine" in result.stdout


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_service_config_map_holds_only_real_settings_and_all_of_them(
    renders: dict[str, Rendered], variant: str
) -> None:
    """A misspelt OLIST_DW_ variable would be ignored silently (extra="ignore")."""
    settings = {f"OLIST_DW_{name.upper()}" for name in ServiceSettings.model_fields}
    for service in SERVICES:
        data = renders[variant].named("ConfigMap", f"{FULLNAME}-{service}")["data"]
        assert set(data) - LIBPQ_VARIABLES == settings - SECRET_SETTINGS, service
        assert data["OLIST_DW_HTTP_HOST"] == "0.0.0.0"
        ServiceSettings.model_validate(  # every value parses as its setting's type
            {
                key.removeprefix("OLIST_DW_").lower(): value
                for key, value in data.items()
                if key.startswith("OLIST_DW_")
            }
        )


def service_env(rendered: Rendered, service: str) -> dict[str, Object]:
    (container, *_) = containers(pod_template(rendered.service_deployment(service))["spec"])
    return {v["name"]: v for v in container.get("env", [])}


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_contexts_take_the_personal_data_keys_from_the_secret_and_the_others_none(
    renders: dict[str, Rendered], variant: str
) -> None:
    held = {s: SECRET_SETTINGS & set(service_env(renders[variant], s)) for s in SERVICES}
    assert held == {s: SECRET_SETTINGS if s in CONTEXTS else set() for s in SERVICES}
    for service, names in held.items():
        env = service_env(renders[variant], service)
        assert all(env[n]["valueFrom"]["secretKeyRef"]["name"] for n in names), service


def test_a_tls_authority_is_mounted_and_named_to_libpq_and_nats(
    renders: dict[str, Rendered],
) -> None:
    rendered = renders["external"]  # its values: verify-full and an authority ConfigMap
    for service in SERVICES:
        data = rendered.named("ConfigMap", f"{FULLNAME}-{service}")["data"]
        assert data["PGSSLROOTCERT"] == data["OLIST_DW_NATS_TLS_CA"] == "/etc/olist-dw/tls/ca.crt"
        assert data["PGSSLMODE"] == "verify-full" and data["OLIST_DW_NATS_URL"].startswith("tls://")
        spec = pod_template(rendered.service_deployment(service))["spec"]
        assert {"name": "tls-ca", "configMap": {"name": "warehouse-ca"}} in spec["volumes"]
        (container, *_) = containers(spec)
        assert {m["mountPath"] for m in container["volumeMounts"]} >= {"/etc/olist-dw/tls"}
    defaults = renders["defaults"].named("ConfigMap", f"{FULLNAME}-sales")["data"]
    assert "PGSSLROOTCERT" not in defaults and defaults["OLIST_DW_NATS_TLS_CA"] == ""
    operator = rendered.named("ConfigMap", f"{FULLNAME}-operator")["data"]
    assert operator["OLIST_DW_TLS_CA_CONFIGMAP"] == "warehouse-ca"  # the Jobs mount it too
    defaults = renders["defaults"].named("ConfigMap", f"{FULLNAME}-operator")["data"]
    assert "OLIST_DW_TLS_CA_CONFIGMAP" not in defaults


def test_the_dev_secret_makes_keys_the_contexts_accept(renders: dict[str, Rendered]) -> None:
    (secret,) = renders["defaults"].of_kind("Secret")
    data = {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}
    personal_data_of(data["pseudonym-key"], data["text-keys"])  # refuses what it cannot use


def endpoints(rendered: Rendered, service: str) -> tuple[object, str]:
    data = rendered.named("ConfigMap", f"{FULLNAME}-{service}")["data"]
    return make_url(data["OLIST_DW_DATABASE_URL"]), data["OLIST_DW_NATS_URL"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_service_connects_as_its_own_role_without_a_password_in_the_url(
    renders: dict[str, Rendered], variant: str
) -> None:
    for service in SERVICES:
        url, _ = endpoints(renders[variant], service)
        assert url.username == role_of(service)  # type: ignore[attr-defined]
        assert url.password is None  # type: ignore[attr-defined]
        assert url.drivername == "postgresql+psycopg"  # type: ignore[attr-defined]
        assert url.database == "olist"  # type: ignore[attr-defined]


@pytest.mark.parametrize("variant", ["defaults", "dev"])
def test_dev_services_find_the_release_s_own_servers(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    url, nats = endpoints(rendered, "sales")
    postgresql = rendered.named("Service", url.host)  # type: ignore[attr-defined]
    assert postgresql["spec"]["ports"][0]["port"] == url.port  # type: ignore[attr-defined]
    assert nats == f"nats://{FULLNAME}-nats:4222"
    assert rendered.named("Service", f"{FULLNAME}-nats")["spec"]["ports"][0]["port"] == 4222


def test_production_services_find_the_cloudnativepg_primary_and_the_nats_cluster(
    renders: dict[str, Rendered],
) -> None:
    rendered = renders["production"]
    (cluster,) = rendered.of_kind("Cluster")
    url, nats = endpoints(rendered, "reporting")
    assert url.host == f"{cluster['metadata']['name']}-rw"  # type: ignore[attr-defined]
    assert nats == "nats://nats.nats.svc:4222"
    env = rendered.service_deployment("reporting")["spec"]["template"]["spec"]["containers"][0][
        "env"
    ]
    nats_override = {v["name"]: v for v in env}["OLIST_DW_NATS_URL"]
    assert nats_override["valueFrom"]["secretKeyRef"] == {
        "name": "olist-dw-nats",
        "key": "nats-reporting-url",  # its own user's
    }


@pytest.mark.parametrize(("variant", "replicas"), [("dev", "1"), ("production", "3")])
def test_every_service_keeps_its_streams_on_as_many_nats_servers_as_the_mode_has(
    renders: dict[str, Rendered], variant: str, replicas: str
) -> None:
    for service in SERVICES:
        data = renders[variant].named("ConfigMap", f"{FULLNAME}-{service}")["data"]
        assert data["OLIST_DW_STREAM_REPLICAS"] == replicas, service


def test_the_cloudnativepg_cluster_archives_to_the_object_store(
    renders: dict[str, Rendered],
) -> None:
    (cluster,) = renders["production"].of_kind("Cluster")
    spec = cluster["spec"]
    assert spec["instances"] == 3
    assert spec["enableSuperuserAccess"] is True
    store = spec["backup"]["barmanObjectStore"]
    assert store["destinationPath"] == "s3://olist-dw-backups/warehouse"
    assert store["s3Credentials"]["accessKeyId"]["name"] == "olist-dw-backup-s3"
    assert store["s3Credentials"]["secretAccessKey"]["name"] == "olist-dw-backup-s3"
    assert spec["backup"]["retentionPolicy"] == "14d"
    (minimal,) = renders["minimal"].of_kind("Cluster")
    assert "backup" not in minimal["spec"]
    assert renders["external"].of_kind("Cluster") == []


def hook_objects(rendered: Rendered) -> dict[str, Object]:
    return {
        o["kind"]: o
        for o in rendered.objects
        if "helm.sh/hook" in o["metadata"].get("annotations", {})
    }


@pytest.mark.parametrize(
    ("variant", "phases"),
    [
        ("defaults", "post-install,pre-upgrade"),  # the release runs PostgreSQL itself
        ("production", "post-install,pre-upgrade"),  # the chart renders the Cluster
        ("external", "pre-install,pre-upgrade"),  # the server exists before the release
    ],
)
def test_the_migrations_run_as_a_hook_before_an_upgrade_replaces_any_pod(
    renders: dict[str, Rendered], variant: str, phases: str
) -> None:
    hooks = hook_objects(renders[variant])
    assert set(hooks) == {"Job"}
    assert hooks["Job"]["metadata"]["annotations"]["helm.sh/hook"] == phases


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_migrations_job_runs_olist_dw_migrate_with_every_role_s_password(
    renders: dict[str, Rendered], variant: str
) -> None:
    hooks = hook_objects(renders[variant])
    spec = hooks["Job"]["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    assert container["command"] == ["olist-dw", "migrate"]
    env = {v["name"]: v for v in container["env"]}
    assert env["OLIST_DW_MIGRATE_SERVICES"]["value"].split(",") == list(SERVICES)
    roles = [*SERVICES, "loader", "analyst"]
    for role in roles:
        assert "secretKeyRef" in env[f"OLIST_DW_PASSWORD_{role.upper()}"]["valueFrom"], role
    assert make_url(env["OLIST_DW_ADMIN_URL"]["value"]).password is None
    assert spec["restartPolicy"] == "Never"
    assert hooks["Job"]["spec"]["activeDeadlineSeconds"] > 0


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_reporting_consumers_autoscale_only_when_asked(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    autoscalers = rendered.of_kind("HorizontalPodAutoscaler")
    reporting = rendered.service_deployment("reporting")
    if variant != "production":
        assert autoscalers == []
        assert reporting["spec"]["replicas"] == 1
        return
    (autoscaler,) = autoscalers
    assert autoscaler["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": reporting["metadata"]["name"],
    }
    assert (autoscaler["spec"]["minReplicas"], autoscaler["spec"]["maxReplicas"]) == (2, 4)
    assert "replicas" not in reporting["spec"]  # else every upgrade resets the autoscaler
