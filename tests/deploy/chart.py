"""What the deployment tests know about the chart: where it is, its variants, and how to
read a rendered release (objects, pod specs, containers)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHART = PROJECT_ROOT / "helm" / "olist-dw"
RELEASE = "wh"
FULLNAME = "wh-olist-dw"
KUBERNETES_VERSION = "1.33"

CONTEXTS = ("marketplace", "customer", "fulfillment", "sales")
SERVICES = (*CONTEXTS, "reporting", "quality")
# variant -> values file (None: the chart's defaults)
VALUES_FILES: dict[str, Path | None] = {
    "defaults": None,
    **{
        path.name.removesuffix("-values.yaml"): path
        for path in sorted(CHART.glob("ci/*-values.yaml"))
    },
}
PRODUCTION_VARIANTS = ("production", "minimal", "external")
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "Job", "DaemonSet", "CronJob")

Object = dict[str, Any]


@dataclass(frozen=True)
class Rendered:
    variant: str
    objects: list[Object]

    def of_kind(self, kind: str) -> list[Object]:
        return [o for o in self.objects if o["kind"] == kind]

    def named(self, kind: str, name: str) -> Object:
        matches = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert len(matches) == 1, f"{self.variant}: {len(matches)} {kind} named {name}"
        return matches[0]

    def workloads(self) -> Iterator[tuple[Object, Object]]:
        """(workload, pod spec) for every object that runs pods."""
        for o in self.objects:
            if o["kind"] in WORKLOAD_KINDS:
                yield o, pod_template(o)["spec"]

    def service_deployment(self, service: str) -> Object:
        return self.named("Deployment", f"{FULLNAME}-{service}")


def pod_template(workload: Object) -> Object:
    if workload["kind"] == "CronJob":
        return workload["spec"]["jobTemplate"]["spec"]["template"]
    return workload["spec"]["template"]


def containers(pod_spec: Object) -> list[Object]:
    return [*pod_spec.get("initContainers", []), *pod_spec["containers"]]


def pod_labels(workload: Object) -> dict[str, str]:
    return pod_template(workload)["metadata"]["labels"]


def selects(selector: Object, labels: dict[str, str]) -> bool:
    """Does a label selector (matchLabels only, as the chart writes them) match labels?"""
    assert not selector.get("matchExpressions"), "the chart selects with matchLabels only"
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())
