"""The operator in the chart: its CRDs (structural, every property typed), the examples
valid for them and for the operator, its Role exactly k8s_operator/permissions.py, its
Deployment, ConfigMaps and NetworkPolicies; and the Jobs the operator builds from the
chart's settings valid Kubernetes objects that the chart's policies and promises cover."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from k8s_operator import jobs, permissions, resources
from k8s_operator.jobs import Owner
from k8s_operator.settings import settings_from_environment
from k8s_operator.specs import (
    SpecInvalid,
    backup_schedule_spec,
    restore_drill_spec,
    warehouse_load_spec,
)
from k8s_operator.windows import Window
from tests.deploy.chart import (
    CHART,
    FULLNAME,
    KUBERNETES_VERSION,
    RELEASE,
    SERVICES,
    VALUES_FILES,
    Object,
    Rendered,
    containers,
    pod_labels,
    selects,
)
from tests.deploy.conftest import Helm
from tests.deploy.test_chart_validation import strict

VARIANTS = list(VALUES_FILES)
CRDS = {
    path.name: yaml.safe_load(path.read_text()) for path in sorted((CHART / "crds").glob("*.yaml"))
}
EXAMPLES = sorted((CHART / "examples").glob("*.yaml"))
OPERATOR = f"{FULLNAME}-operator"
LOADER = f"{FULLNAME}-loader"
WAL_STREAM = f"{FULLNAME}-wal-stream"
SPEC_READERS = {
    "WarehouseLoad": warehouse_load_spec,
    "BackupSchedule": backup_schedule_spec,
    "RestoreDrill": restore_drill_spec,
}


def crd_of(kind: str) -> Object:
    (crd,) = [c for c in CRDS.values() if c["spec"]["names"]["kind"] == kind]
    return crd


def validator(kind: str) -> jsonschema.Draft7Validator:
    """The CRD's schema as the API server applies it with `kubectl apply --validate=strict`:
    unknown fields refused, date-times checked."""
    (version,) = crd_of(kind)["spec"]["versions"]
    schema = strict(version["schema"]["openAPIV3Schema"])
    checker = jsonschema.FormatChecker()
    checker.checks("date-time", raises=ValueError)(
        lambda value: not isinstance(value, str) or bool(datetime.fromisoformat(value))
    )
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=checker)


def walk(schema: Object, path: str = "") -> list[tuple[str, Object]]:
    found = [(path, schema)]
    for name, child in (schema.get("properties") or {}).items():
        found += walk(child, f"{path}.{name}")
    if "items" in schema:
        found += walk(schema["items"], f"{path}[]")
    return found


# CRDs and examples ----------------------------------------------------------------------


def test_the_crds_declare_the_operator_s_resources() -> None:
    assert {c["spec"]["names"]["kind"] for c in CRDS.values()} == {k.kind for k in resources.KINDS}
    for kind in resources.KINDS:
        crd = crd_of(kind.kind)
        assert crd["metadata"]["name"] == f"{kind.plural}.{resources.GROUP}"
        assert crd["spec"]["group"] == resources.GROUP and crd["spec"]["scope"] == "Namespaced"
        names = crd["spec"]["names"]
        assert (names["plural"], names["singular"], names["shortNames"]) == (
            kind.plural,
            kind.singular,
            [kind.short_name],
        )
        (version,) = crd["spec"]["versions"]
        assert version["name"] == resources.VERSION and version["served"] and version["storage"]
        assert version["subresources"] == {"status": {}}


@pytest.mark.parametrize("name", list(CRDS))
def test_every_crd_is_a_valid_custom_resource_definition(name: str) -> None:
    import kubernetes_validate

    kubernetes_validate.validate(CRDS[name], KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("name", list(CRDS))
def test_every_crd_schema_is_structural(name: str) -> None:
    """Every property has a type (or is int-or-string); no free-form object but metadata."""
    (version,) = CRDS[name]["spec"]["versions"]
    schema = version["schema"]["openAPIV3Schema"]
    for path, node in walk(schema):
        assert "type" in node or node.get("x-kubernetes-int-or-string"), f"{name}: {path} untyped"
        if node.get("type") == "object" and path not in (".metadata",):
            assert node.get("properties"), f"{name}: {path} is an object without properties"
        assert not node.get("x-kubernetes-preserve-unknown-fields"), f"{name}: {path}"
    assert {"spec", "status"} <= set(schema["properties"])


@pytest.mark.parametrize("name", list(CRDS))
def test_the_printer_columns_show_declared_fields_and_the_age(name: str) -> None:
    (version,) = CRDS[name]["spec"]["versions"]
    declared = {path for path, _ in walk(version["schema"]["openAPIV3Schema"])}
    columns = version["additionalPrinterColumns"]
    assert columns[-1] == {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}
    for column in columns[:-1]:
        path = column["jsonPath"].split("[?", 1)[0]  # a condition's status: .status.conditions
        assert path in declared, column


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_is_valid_for_its_crd_and_for_the_operator(example: Path) -> None:
    resource = yaml.safe_load(example.read_text())
    assert resource["apiVersion"] == resources.API_VERSION
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(resource["kind"]).iter_errors(resource)
    ]
    assert not errors, "\n".join(errors)
    SPEC_READERS[resource["kind"]](resource["spec"])  # SpecInvalid would fail the test


def test_the_examples_cover_every_resource() -> None:
    kinds = [yaml.safe_load(p.read_text())["kind"] for p in EXAMPLES]
    assert {"warehouseload-generated.yaml", "warehouseload-nightly.yaml", "backupschedule.yaml",
            "restoredrill.yaml", "restoredrill-pitr.yaml"} <= {p.name for p in EXAMPLES}  # fmt: skip
    assert set(kinds) == set(SPEC_READERS)


def test_the_crd_schema_refuses_a_misspelt_field_and_a_bad_time() -> None:
    load = {"apiVersion": resources.API_VERSION, "kind": "WarehouseLoad", "metadata": {"name": "x"},
            "spec": {"generatedOrder": 5, "from": "yesterday"}}  # fmt: skip
    messages = [e.message for e in validator("WarehouseLoad").iter_errors(load)]
    assert any("generatedOrder" in m for m in messages), messages
    assert any("yesterday" in m for m in messages), messages
    with pytest.raises(SpecInvalid):  # what the schema leaves to CEL, the operator refuses too
        warehouse_load_spec({"source": "/d", "generatedOrders": 5})


# The rendered operator ------------------------------------------------------------------


def operator_settings(rendered: Rendered) -> Any:
    data = rendered.named("ConfigMap", OPERATOR)["data"]
    return settings_from_environment({**data, "OLIST_DW_OPERATOR_NAMESPACE": "warehouse"})


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_operator_s_role_grants_exactly_what_it_declares(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    role = rendered.named("Role", OPERATOR)

    def normal(rules: list[Object]) -> set[tuple[str, str, str]]:
        return {
            (group, resource, verb)
            for rule in rules
            for group in rule["apiGroups"]
            for resource in rule["resources"]
            for verb in rule["verbs"]
        }

    assert normal(role["rules"]) == normal(permissions.rbac_rules())
    assert rendered.of_kind("ClusterRole") == [] and rendered.of_kind("ClusterRoleBinding") == []
    binding = rendered.named("RoleBinding", OPERATOR)
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": OPERATOR,
    }
    spec = rendered.named("Deployment", OPERATOR)["spec"]["template"]["spec"]
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": spec["serviceAccountName"], "namespace": "warehouse"}
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_operator_runs_alone_probed_on_kopf_s_liveness_endpoint(
    renders: dict[str, Rendered], variant: str
) -> None:
    deployment = renders[variant].named("Deployment", OPERATOR)
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}  # standalone: never two
    spec = deployment["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    assert container["command"] == ["python", "-m", "k8s_operator"]
    for probe in ("livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"] == {"path": "/healthz", "port": "health"}
    assert container["ports"] == [{"name": "health", "containerPort": 8080, "protocol": "TCP"}]
    settings = operator_settings(renders[variant])
    assert settings.liveness_endpoint == "http://0.0.0.0:8080/healthz"
    # no automounted token: a projected one, at the path kopf's in-cluster login reads
    assert spec["automountServiceAccountToken"] is False
    (mount,) = [m for m in container["volumeMounts"] if m["name"] == "api-token"]
    assert (
        mount["mountPath"] == "/var/run/secrets/kubernetes.io/serviceaccount" and mount["readOnly"]
    )
    (volume,) = [v for v in spec["volumes"] if v["name"] == "api-token"]
    sources = volume["projected"]["sources"]
    assert sources[0]["serviceAccountToken"]["path"] == "token"
    (namespace,) = container["env"]
    assert namespace == {
        "name": "OLIST_DW_OPERATOR_NAMESPACE",
        "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}},
    }


def operator_objects(objects: list[Object]) -> list[str]:
    return [
        f"{o['kind']}/{o['metadata']['name']}"
        for o in objects
        if o["metadata"].get("labels", {}).get("app.kubernetes.io/component")
        in ("operator", "loader", "backup", "wal-stream")
        and o["kind"] != "NetworkPolicy"  # the loader's policy predates the operator
    ]


def test_without_the_operator_nothing_of_it_is_rendered(
    helm: Helm, renders: dict[str, Rendered]
) -> None:
    result = helm.template("--set", "operator.enabled=false")
    assert result.returncode == 0, result.stderr
    objects = [o for o in yaml.safe_load_all(result.stdout) if o]
    assert operator_objects(objects) == []
    assert not [o for o in objects if o["metadata"]["name"] in (OPERATOR, f"{FULLNAME}-backup")]
    assert sorted(operator_objects(renders["defaults"].objects)) == sorted([
        f"ConfigMap/{OPERATOR}", f"ServiceAccount/{OPERATOR}", f"Role/{OPERATOR}",
        f"RoleBinding/{OPERATOR}", f"Deployment/{OPERATOR}", f"ServiceAccount/{LOADER}",
        f"ConfigMap/{LOADER}", f"PersistentVolumeClaim/{FULLNAME}-backups",
        f"Deployment/{WAL_STREAM}", f"Service/{WAL_STREAM}",
    ])  # fmt: skip


def test_an_existing_backup_volume_replaces_the_chart_s(helm: Helm) -> None:
    result = helm.template("--set", "operator.backups.storage.existingClaim=my-backups")
    assert result.returncode == 0, result.stderr
    objects = [o for o in yaml.safe_load_all(result.stdout) if o]
    assert not [
        o
        for o in objects
        if o["kind"] == "PersistentVolumeClaim" and "backups" in o["metadata"]["name"]
    ]
    (config,) = [
        o for o in objects if o["kind"] == "ConfigMap" and o["metadata"]["name"] == OPERATOR
    ]
    assert config["data"]["OLIST_DW_BACKUP_CLAIM"] == "my-backups"


def test_the_schema_refuses_a_misspelt_operator_value(helm: Helm) -> None:
    result = helm.template("--set", "operator.enable=false")
    assert result.returncode != 0 and "'enable' not allowed" in result.stderr


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_loader_config_map_names_the_six_endpoints_and_no_password(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    data = rendered.named("ConfigMap", LOADER)["data"]
    for service in SERVICES:
        url = data[f"OLIST_DW_{service.upper()}_URL"]
        kube_service = rendered.named("Service", f"{FULLNAME}-{service}")
        assert (
            url
            == f"http://{kube_service['metadata']['name']}:{kube_service['spec']['ports'][0]['port']}"
        )
    assert (
        data["OLIST_DW_NATS_URL"]
        == rendered.named("ConfigMap", f"{FULLNAME}-sales")["data"]["OLIST_DW_NATS_URL"]
    )
    assert data["OLIST_DW_DATABASE_URL"].startswith("postgresql+psycopg://olist_loader@")
    assert (
        ":" not in data["OLIST_DW_DATABASE_URL"].split("//", 1)[1].split("@", 1)[0]
    )  # no password
    assert not [key for key in data if "PASSWORD" in key]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_operator_s_settings_name_the_release_s_objects(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    settings = operator_settings(rendered)
    assert settings.loader_config_map == LOADER
    rendered.named("ServiceAccount", settings.loader_service_account)
    assert settings.instance == RELEASE and settings.app_name == "olist-dw"
    assert (
        settings.image
        == rendered.service_deployment("sales")["spec"]["template"]["spec"]["containers"][0][
            "image"
        ]
    )
    migrations = next(o for o in rendered.of_kind("Job"))
    env = {v["name"]: v for v in containers(migrations["spec"]["template"]["spec"])[0]["env"]}
    admin = env["OLIST_DW_ADMIN_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert (settings.admin_secret_name, settings.admin_secret_key) == (admin["name"], admin["key"])
    sales = env["OLIST_DW_PASSWORD_SALES"]["valueFrom"]["secretKeyRef"]
    assert settings.secret == sales["name"]
    assert "dbname=olist" in settings.backup_conninfo


def built_jobs(rendered: Rendered) -> list[Object]:
    """What the operator creates with the chart's settings, one of each."""
    settings = operator_settings(rendered)
    load = Owner(
        resources.WAREHOUSE_LOAD, "nightly", "0f7c2d7e-1111-4aaa-9bbb-123456789abc", "warehouse"
    )
    backups = Owner(
        resources.BACKUP_SCHEDULE, "hourly", "0f7c2d7e-2222-4aaa-9bbb-123456789abc", "warehouse"
    )
    drill = Owner(
        resources.RESTORE_DRILL, "drill", "0f7c2d7e-3333-4aaa-9bbb-123456789abc", "warehouse"
    )
    spec = warehouse_load_spec(
        {"source": "/var/lib/olist-dw/source/x", "sourceClaim": "extracts", "schedule": "0 2 * * *"}
    )
    return [
        jobs.load_job(warehouse_load_spec({"generatedOrders": 5000}), Window(), load, settings),
        jobs.load_cronjob(spec, Window(), load, settings),
        jobs.backup_cronjob(backup_schedule_spec({"schedule": "@hourly"}), backups, settings),
        jobs.drill_job(restore_drill_spec({"toTime": "2026-12-01T03:00:00Z"}), drill, settings),
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_operator_s_jobs_are_valid_hardened_and_covered_by_the_policies(
    renders: dict[str, Rendered], variant: str
) -> None:
    import kubernetes_validate

    rendered = renders[variant]
    deny = rendered.named("NetworkPolicy", f"{FULLNAME}-default-deny")["spec"]["podSelector"]
    own = {
        "loader": rendered.named("NetworkPolicy", f"{FULLNAME}-loader")["spec"]["podSelector"],
        "backup": rendered.named("NetworkPolicy", f"{FULLNAME}-backup")["spec"]["podSelector"],
    }
    for manifest in built_jobs(rendered):
        where = f"{manifest['kind']}/{manifest['metadata']['name']}"
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
        labels = pod_labels(manifest)
        assert selects(deny, labels), where
        assert selects(own[labels["app.kubernetes.io/component"]], labels), where
        spec = jobs_pod_spec(manifest)
        assert (
            spec["automountServiceAccountToken"] is False
            and spec["securityContext"]["runAsNonRoot"]
        )
        for container in containers(spec):
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] and context["capabilities"]["drop"] == [
                "ALL"
            ], where
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), where
            for variable in container["env"]:
                if "PASSWORD" in variable["name"]:
                    assert "secretKeyRef" in variable["valueFrom"], where


def jobs_pod_spec(manifest: Object) -> Object:
    spec = manifest["spec"]
    if manifest["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    result: Object = spec["template"]["spec"]
    return result


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_operator_reaches_dns_and_the_api_and_backups_reach_postgresql_only(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    ports = lambda policy: {
        (p["port"], p["protocol"]) for r in policy["spec"]["egress"] for p in r["ports"]
    }
    operator = rendered.named("NetworkPolicy", OPERATOR)
    assert selects(
        operator["spec"]["podSelector"], pod_labels(rendered.named("Deployment", OPERATOR))
    )
    cloudnativepg = bool(rendered.of_kind("Cluster"))  # archives its own WAL: no stream
    stream = set() if cloudnativepg else {(8070, "TCP")}
    assert ports(operator) == {(53, "UDP"), (53, "TCP"), (443, "TCP"), (6443, "TCP")} | stream
    assert "ingress" not in operator["spec"] and operator["spec"]["policyTypes"] == [
        "Ingress",
        "Egress",
    ]
    backup = rendered.named("NetworkPolicy", f"{FULLNAME}-backup")
    assert ports(backup) == {(53, "UDP"), (53, "TCP"), (5432, "TCP")}
    assert "ingress" not in backup["spec"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_service_account_mounts_an_api_token_and_the_services_share_theirs(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    accounts = rendered.of_kind("ServiceAccount")
    assert {a["metadata"]["name"] for a in accounts} == {FULLNAME, OPERATOR, LOADER}
    assert all(a["automountServiceAccountToken"] is False for a in accounts)
    for service in SERVICES:
        spec = rendered.service_deployment(service)["spec"]["template"]["spec"]
        assert spec["serviceAccountName"] == FULLNAME


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_wal_stream_writes_to_the_backup_volume_and_the_operator_reads_it(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    settings = operator_settings(rendered)
    if rendered.of_kind("Cluster"):  # CloudNativePG archives its own WAL
        assert settings.wal_stream_url is None and settings.backup_affinity == {}
        assert not [o for o in rendered.objects if o["metadata"]["name"] == WAL_STREAM]
        return
    deployment = rendered.named("Deployment", WAL_STREAM)
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}  # one receiver per slot
    pod = deployment["spec"]["template"]["spec"]
    (container,) = containers(pod)
    assert container["command"][:3] == ["olist-dw", "backup", "stream"]
    assert {"name": "backups", "mountPath": "/var/lib/olist-dw/backups"} in container[
        "volumeMounts"
    ]
    claim = next(v for v in pod["volumes"] if v["name"] == "backups")["persistentVolumeClaim"]
    assert claim["claimName"] == settings.backup_claim
    env = {v["name"]: v for v in container["env"]}
    assert env["OLIST_DW_BACKUP_CONNINFO"]["value"] == settings.backup_conninfo
    assert env["PGPASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": settings.admin_secret_name, "key": settings.admin_secret_key
    }  # fmt: skip
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    service = rendered.named("Service", WAL_STREAM)
    assert settings.wal_stream_url == f"http://{WAL_STREAM}:8070/wal"
    assert selects(service["spec"]["selector"], pod_labels(deployment))
    policy = rendered.named("NetworkPolicy", WAL_STREAM)
    assert selects(policy["spec"]["podSelector"], pod_labels(deployment))
    (rule,) = policy["spec"]["ingress"]
    assert [peer["podSelector"] for peer in rule["from"]] == [
        rendered.named("NetworkPolicy", OPERATOR)["spec"]["podSelector"]
    ]
    egress = {(p["port"], p["protocol"]) for r in policy["spec"]["egress"] for p in r["ports"]}
    assert egress == {(53, "UDP"), (53, "TCP"), (5432, "TCP")}
    # a ReadWriteOnce volume: the backup and drill pods must run on the stream's node
    (together,) = settings.backup_affinity["podAffinity"][
        "requiredDuringSchedulingIgnoredDuringExecution"
    ]
    assert selects(together["labelSelector"], pod_labels(deployment))
    assert together["topologyKey"] == "kubernetes.io/hostname"


def test_a_shared_backup_volume_needs_no_affinity(helm: Helm) -> None:
    result = helm.template("--set", "operator.backups.storage.accessModes={ReadWriteMany}")
    assert result.returncode == 0, result.stderr
    objects = [o for o in yaml.safe_load_all(result.stdout) if o]
    (config,) = [
        o for o in objects if o["kind"] == "ConfigMap" and o["metadata"]["name"] == OPERATOR
    ]
    assert "OLIST_DW_BACKUP_AFFINITY" not in config["data"]
    assert config["data"]["OLIST_DW_WAL_STREAM_URL"].endswith("-wal-stream:8070/wal")
