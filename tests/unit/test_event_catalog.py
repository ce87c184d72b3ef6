"""An event is named in three places: a domain event class (services/*/domain), a contract
(contracts/registry.py) and a projection declaration (services/reporting). Each event in
one place is in the other two, with the same payload model."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from contracts.contexts import PUBLISHING_CONTEXTS
from contracts.registry import EVENTS, latest_version, payload_model
from services.reporting.application.projection import FEEDS, PROJECTIONS, SUBSCRIBED_CONTEXTS
from shared_kernel import DomainEvent

ROOT = Path(__file__).resolve().parents[2]


def domain_event_types() -> set[str]:
    for module in pkgutil.walk_packages([str(ROOT / "services")], "services."):
        if ".domain" in module.name:
            importlib.import_module(module.name)
    found, pending = set(), list(DomainEvent.__subclasses__())
    while pending:
        kind = pending.pop()
        pending.extend(kind.__subclasses__())
        if getattr(kind, "event_type", None):
            found.add(kind.event_type)
    return found


def contract_event_types() -> set[str]:
    return {event_type for event_type, _ in EVENTS}


def test_every_domain_event_has_a_contract_and_every_contract_a_domain_event():
    assert domain_event_types() == contract_event_types()


def test_every_contract_has_a_projection_declaration_and_none_other():
    assert set(PROJECTIONS) == contract_event_types()


def test_each_projection_reads_the_latest_version_of_its_contract():
    for event_type, projection in PROJECTIONS.items():
        assert projection.payload is payload_model(event_type, latest_version(event_type)), (
            event_type
        )


def test_lineage_and_subscriptions_come_from_the_declarations():
    assert set(FEEDS) == set(PROJECTIONS)
    assert SUBSCRIBED_CONTEXTS == PUBLISHING_CONTEXTS


def test_each_context_declares_how_it_publishes_every_one_of_its_domain_events():
    domain_event_types()  # imports every domain module
    for context in PUBLISHING_CONTEXTS:
        own = {
            kind
            for kind in _all_subclasses(DomainEvent)
            if kind.__module__.startswith(f"services.{context}.domain")
        }
        declared = importlib.import_module(f"services.{context}.adapters.events").PUBLISHED
        assert [p.event for p in declared if p.event in own] == [p.event for p in declared]
        assert sorted(p.event.__name__ for p in declared) == sorted(k.__name__ for k in own)


def _all_subclasses(kind: type) -> set[type]:
    found = set()
    for sub in kind.__subclasses__():
        found |= {sub, *_all_subclasses(sub)}
    return found
