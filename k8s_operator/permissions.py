"""Every Kubernetes API call the operator makes, as RBAC rules: the chart's operator Role
grants exactly these (tests/deploy/test_operator_chart.py compares them), in the release's
namespace only. kopf runs standalone (no peering objects) and with cluster scanning off
(no namespaces or CRDs to list), so nothing cluster-wide is needed."""

from __future__ import annotations

from dataclasses import dataclass

from k8s_operator.resources import GROUP, KINDS


@dataclass(frozen=True)
class Rule:
    api_group: str
    resources: tuple[str, ...]
    verbs: tuple[str, ...]
    why: str

    def as_rbac(self) -> dict[str, list[str]]:
        return {
            "apiGroups": [self.api_group],
            "resources": list(self.resources),
            "verbs": list(self.verbs),
        }


RULES = (
    Rule(
        GROUP,
        tuple(k.plural for k in KINDS),
        ("get", "list", "watch", "patch"),
        "kopf watches the resources and patches its annotations on them; the Job handlers "
        "read the owner of a finished Job",
    ),
    Rule(
        GROUP,
        tuple(f"{k.plural}/status" for k in KINDS),
        ("patch",),
        "phases, counts and conditions",
    ),
    Rule(
        "batch",
        ("jobs",),
        ("create", "get", "list", "watch"),
        "the load Jobs and drills; the Jobs the CronJobs start are watched to read outcomes",
    ),
    Rule(
        "batch",
        ("cronjobs",),
        ("create", "get", "patch"),
        "scheduled loads and backups; a spec change or a load's next window patches them",
    ),
    Rule("", ("pods",), ("list",), "the termination message of a finished Job's pod"),
    Rule("", ("events",), ("create",), "kopf reports what it did on each resource"),
)


def rbac_rules() -> list[dict[str, list[str]]]:
    return [rule.as_rbac() for rule in RULES]
