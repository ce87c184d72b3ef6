"""NetworkPolicies: every pod of the release is denied all traffic but what it needs. A
service reaches DNS, PostgreSQL and NATS only; the contexts take requests from the load
Jobs only; reporting also from the peers the values name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from tests.deploy.chart import (
    CONTEXTS,
    FULLNAME,
    RELEASE,
    SERVICES,
    VALUES_FILES,
    Object,
    Rendered,
    pod_labels,
    selects,
)

VARIANTS = list(VALUES_FILES)
LOADER = {
    "app.kubernetes.io/name": "olist-dw",
    "app.kubernetes.io/instance": RELEASE,
    "app.kubernetes.io/component": "loader",
}
BACKUP = {**LOADER, "app.kubernetes.io/component": "backup"}  # the operator's backup pods
DNS = {(53, "UDP"), (53, "TCP")}


def policies_for(rendered: Rendered, labels: dict[str, str]) -> list[Object]:
    return [
        p for p in rendered.of_kind("NetworkPolicy") if selects(p["spec"]["podSelector"], labels)
    ]


def own_policy(rendered: Rendered, labels: dict[str, str]) -> Object:
    """The one policy that names the pod's component (the others cover the whole release)."""
    own = [
        p
        for p in policies_for(rendered, labels)
        if "app.kubernetes.io/component" in p["spec"]["podSelector"].get("matchLabels", {})
    ]
    assert len(own) == 1, f"{labels}: {[p['metadata']['name'] for p in own]}"
    return own[0]


def service_policies(rendered: Rendered, services: Iterable[str]) -> Iterator[tuple[str, Object]]:
    """Each service with its own policy."""
    for service in services:
        yield service, own_policy(rendered, pod_labels(rendered.service_deployment(service)))


def egress_ports(policy: Object) -> set[tuple[int, str]]:
    return {(p["port"], p["protocol"]) for rule in policy["spec"]["egress"] for p in rule["ports"]}


def rule_to(policy: Object, port: int) -> list[Object] | None:
    """The peers of the egress rule for a port (None: any address)."""
    (rule,) = [r for r in policy["spec"]["egress"] if any(p["port"] == port for p in r["ports"])]
    return rule.get("to")


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_default_deny_policy_covers_every_pod_of_the_release(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    deny = rendered.named("NetworkPolicy", f"{FULLNAME}-default-deny")["spec"]
    assert deny["policyTypes"] == ["Ingress", "Egress"]
    assert not deny.get("ingress") and not deny.get("egress")
    for workload, _ in rendered.workloads():
        assert selects(deny["podSelector"], pod_labels(workload)), workload["metadata"]["name"]
    loader_pod = {**LOADER, "job-name": "load-1"}
    assert selects(deny["podSelector"], loader_pod)


@pytest.mark.parametrize("variant", ["production", "minimal"])
def test_the_default_deny_leaves_the_cloudnativepg_instances_alone(
    renders: dict[str, Rendered], variant: str
) -> None:
    """The operator talks to its instances, and they replicate: the chart must not cut that."""
    rendered = renders[variant]
    deny = rendered.named("NetworkPolicy", f"{FULLNAME}-default-deny")["spec"]
    (cluster,) = rendered.of_kind("Cluster")
    instance_labels = {
        **cluster["spec"]["inheritedMetadata"]["labels"],
        "cnpg.io/cluster": cluster["metadata"]["name"],
    }
    assert not selects(deny["podSelector"], instance_labels)


@pytest.mark.parametrize("variant", VARIANTS)
def test_services_reach_only_dns_postgresql_and_nats(
    renders: dict[str, Rendered], variant: str
) -> None:
    for service, policy in service_policies(renders[variant], SERVICES):
        assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"]
        assert egress_ports(policy) == DNS | {(5432, "TCP"), (4222, "TCP")}, service
        assert rule_to(policy, 53) == [
            {
                "namespaceSelector": {
                    "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                },
                "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
            }
        ]


@pytest.mark.parametrize("variant", ["defaults", "dev"])
def test_in_dev_mode_services_reach_the_release_s_own_servers_only(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    postgresql = pod_labels(rendered.named("StatefulSet", f"{FULLNAME}-postgresql"))
    nats = pod_labels(rendered.named("StatefulSet", f"{FULLNAME}-nats"))
    for _, policy in service_policies(rendered, SERVICES):
        (to_postgresql,) = rule_to(policy, 5432) or []
        (to_nats,) = rule_to(policy, 4222) or []
        assert selects(to_postgresql["podSelector"], postgresql)
        assert not selects(to_postgresql["podSelector"], nats)
        assert selects(to_nats["podSelector"], nats)


def test_with_cloudnativepg_services_reach_the_cluster_s_instances(
    renders: dict[str, Rendered],
) -> None:
    rendered = renders["production"]
    (cluster,) = rendered.of_kind("Cluster")
    policy = own_policy(rendered, pod_labels(rendered.service_deployment("sales")))
    assert rule_to(policy, 5432) == [
        {"podSelector": {"matchLabels": {"cnpg.io/cluster": cluster["metadata"]["name"]}}}
    ]
    assert rule_to(policy, 4222) == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "nats"}}}
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_contexts_take_requests_from_the_load_jobs_only(
    renders: dict[str, Rendered], variant: str
) -> None:
    for context, policy in service_policies(renders[variant], CONTEXTS):
        (rule,) = policy["spec"]["ingress"]
        assert rule["ports"] == [{"port": "http", "protocol": "TCP"}]
        assert rule["from"] == [{"podSelector": {"matchLabels": LOADER}}], context


def test_reporting_also_takes_requests_from_the_peers_the_values_name(
    renders: dict[str, Rendered],
) -> None:
    rendered = renders["production"]
    policy = own_policy(rendered, pod_labels(rendered.service_deployment("reporting")))
    (rule,) = policy["spec"]["ingress"]
    assert rule["from"] == [
        {"podSelector": {"matchLabels": LOADER}},
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "dashboards"}}},
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_load_jobs_reach_every_service_and_nothing_takes_requests_from_them(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    policy = own_policy(rendered, LOADER)
    assert "ingress" not in policy["spec"] and "Ingress" in policy["spec"]["policyTypes"]
    peers = rule_to(policy, 8000) or []
    for service in SERVICES:
        labels = pod_labels(rendered.service_deployment(service))
        assert any(selects(peer["podSelector"], labels) for peer in peers), service


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_migrations_job_reaches_dns_and_postgresql_only(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    (job,) = rendered.of_kind("Job")
    policy = own_policy(rendered, pod_labels(job))
    assert egress_ports(policy) == DNS | {(5432, "TCP")}
    assert "ingress" not in policy["spec"]


@pytest.mark.parametrize("variant", ["defaults", "dev"])
def test_the_dev_servers_take_connections_from_the_release_s_clients_only(
    renders: dict[str, Rendered], variant: str
) -> None:
    rendered = renders[variant]
    (job,) = rendered.of_kind("Job")
    services = [pod_labels(rendered.service_deployment(s)) for s in SERVICES]
    wal_stream = pod_labels(rendered.named("Deployment", f"{FULLNAME}-wal-stream"))
    expected = {
        "postgresql": (5432, [*services, pod_labels(job), LOADER, BACKUP, wal_stream]),
        "nats": (4222, [*services, LOADER]),
    }
    for server, (port, clients) in expected.items():
        policy = own_policy(
            rendered, pod_labels(rendered.named("StatefulSet", f"{FULLNAME}-{server}"))
        )
        (rule,) = policy["spec"]["ingress"]
        assert rule["ports"] == [{"port": port, "protocol": "TCP"}]
        peers = [peer["podSelector"] for peer in rule["from"]]
        assert all(any(selects(peer, c) for peer in peers) for c in clients), server
        assert all(any(selects(peer, c) for c in clients) for peer in peers), server
        assert all(peer.get("matchLabels") for peer in peers), server  # no catch-all peer
        assert "egress" not in policy["spec"]
