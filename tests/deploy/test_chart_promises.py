"""The chart's promises about every workload, in every variant: hardened pods, requests
and limits, probes, one image, and per service a ConfigMap, a Service and a PDB."""

from __future__ import annotations

import pytest

from tests.deploy.chart import (
    FULLNAME,
    SERVICES,
    VALUES_FILES,
    Object,
    Rendered,
    containers,
    pod_labels,
    selects,
)

VARIANTS = list(VALUES_FILES)


def workload_containers(rendered: Rendered) -> list[tuple[str, Object, Object]]:
    """(where, pod spec, container) for every container, init and hook Jobs included."""
    return [
        (f"{w['kind']}/{w['metadata']['name']}/{c['name']}", spec, c)
        for w, spec in rendered.workloads()
        for c in containers(spec)
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_pod_runs_as_a_non_root_user_with_the_default_seccomp_profile(
    renders: dict[str, Rendered], variant: str
) -> None:
    for workload, spec in renders[variant].workloads():
        pod = spec["securityContext"]
        where = f"{workload['kind']}/{workload['metadata']['name']}"
        assert pod["runAsNonRoot"] is True, where
        assert pod["runAsUser"] > 0, where
        assert pod["seccompProfile"] == {"type": "RuntimeDefault"}, where
        assert spec["automountServiceAccountToken"] is False, where


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_container_is_hardened(renders: dict[str, Rendered], variant: str) -> None:
    for where, _, container in workload_containers(renders[variant]):
        context = container["securityContext"]
        assert context["runAsNonRoot"] is True, where
        assert context["readOnlyRootFilesystem"] is True, where
        assert context["allowPrivilegeEscalation"] is False, where
        assert context.get("privileged", False) is False, where
        assert context["capabilities"]["drop"] == ["ALL"], where
        assert not context["capabilities"].get("add"), where
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, where


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_container_has_requests_and_limits(
    renders: dict[str, Rendered], variant: str
) -> None:
    for where, _, container in workload_containers(renders[variant]):
        resources = container["resources"]
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources.get(kind, {})), f"{where}: {kind}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_long_running_container_has_liveness_and_readiness_probes(
    renders: dict[str, Rendered], variant: str
) -> None:
    for workload, spec in renders[variant].workloads():
        if workload["kind"] not in ("Deployment", "StatefulSet"):
            continue
        for container in containers(spec):
            where = f"{workload['metadata']['name']}/{container['name']}"
            assert "livenessProbe" in container, where
            assert "readinessProbe" in container, where


def http_probe(container: Object, probe: str) -> tuple[str, object]:
    get = container[probe]["httpGet"]
    return get["path"], get["port"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_service_is_probed_on_healthz_and_readyz(
    renders: dict[str, Rendered], variant: str
) -> None:
    for service in SERVICES:
        (container,) = renders[variant].service_deployment(service)["spec"]["template"]["spec"][
            "containers"
        ]
        assert http_probe(container, "startupProbe") == ("/healthz", "http")
        assert http_probe(container, "livenessProbe") == ("/healthz", "http")
        assert http_probe(container, "readinessProbe") == ("/readyz", "http")
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports == {"http": 8000}


@pytest.mark.parametrize("variant", VARIANTS)
def test_one_image_runs_each_service_as_its_own_module(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    images = set()
    for service in SERVICES:
        (container,) = rendered.service_deployment(service)["spec"]["template"]["spec"][
            "containers"
        ]
        assert container["command"] == ["python", "-m", f"services.{service}"]
        images.add(container["image"])
    (job,) = rendered.of_kind("Job")
    images.add(job["spec"]["template"]["spec"]["containers"][0]["image"])
    assert len(images) == 1, images


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_image_is_pinned(renders: dict[str, Rendered], variant: str) -> None:
    for where, _, container in workload_containers(renders[variant]):
        image = container["image"]
        name, _, tag = image.rpartition(":")
        assert "@sha256:" in image or (name and tag and tag != "latest"), f"{where}: {image}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_service_has_a_config_map_a_service_and_a_disruption_budget(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    for service in SERVICES:
        deployment = rendered.service_deployment(service)
        labels = pod_labels(deployment)
        name = f"{FULLNAME}-{service}"
        (env_from,) = deployment["spec"]["template"]["spec"]["containers"][0]["envFrom"]
        assert env_from == {"configMapRef": {"name": name}}
        rendered.named("ConfigMap", name)
        kube_service = rendered.named("Service", name)
        assert selects({"matchLabels": kube_service["spec"]["selector"]}, labels)
        assert kube_service["spec"]["ports"][0]["targetPort"] == "http"
        budgets = [
            p
            for p in rendered.of_kind("PodDisruptionBudget")
            if selects(p["spec"]["selector"], labels)
        ]
        assert len(budgets) == 1, f"{service}: {len(budgets)} PodDisruptionBudgets"


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_disruption_budget_blocks_a_node_drain(
    renders: dict[str, Rendered], variant: str
) -> None:
    """A budget that allows no pod to go (minAvailable = replicas) makes `kubectl drain` hang."""
    rendered = renders[variant]
    for budget in rendered.of_kind("PodDisruptionBudget"):
        spec = budget["spec"]
        assert "minAvailable" not in spec, budget["metadata"]["name"]
        assert int(spec["maxUnavailable"]) >= 1, budget["metadata"]["name"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_services_run_as_their_service_account_without_an_api_token(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    account = rendered.named("ServiceAccount", FULLNAME)
    assert account["automountServiceAccountToken"] is False
    for service in SERVICES:
        spec = rendered.service_deployment(service)["spec"]["template"]["spec"]
        assert spec["serviceAccountName"] == account["metadata"]["name"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_services_write_only_to_tmp(renders: dict[str, Rendered], variant: str) -> None:
    """Read-only root filesystem: the one writable place is a bounded emptyDir at /tmp."""
    for service in SERVICES:
        spec = renders[variant].service_deployment(service)["spec"]["template"]["spec"]
        mounts = spec["containers"][0]["volumeMounts"]
        writable = [m["mountPath"] for m in mounts if not m.get("readOnly")]
        assert writable == ["/tmp"]  # the others (a CA, a JWKS) are read-only
        (tmp,) = [v for v in spec["volumes"] if v["name"] == "tmp"]
        assert tmp["emptyDir"]["sizeLimit"]
