"""The use case: measure every rule of a ruleset for one load, report, and decide."""

from __future__ import annotations

from dataclasses import dataclass

from services.quality.application.ports import Delivery, LoadFacts, TableMeasurer
from services.quality.domain.report import Measurement, QualityGate, QualityReport, Verdict
from services.quality.domain.rules import Fresh, QualityRule, Reconciles, Ruleset, SourceProfile


@dataclass(frozen=True)
class Assessment:
    report: QualityReport
    verdict: Verdict


def assess(
    facts: LoadFacts, tables: TableMeasurer, ruleset: Ruleset, gate: QualityGate
) -> Assessment:
    measurements = {rule.name: _measure(rule, facts, tables) for rule in ruleset.rules}
    report = QualityReport.of(facts.load_id, ruleset.version, ruleset.rules, measurements)
    return Assessment(report, gate.decide(report))


def _measure(rule: QualityRule, facts: LoadFacts, tables: TableMeasurer) -> Measurement:
    check = rule.check
    if isinstance(check, SourceProfile):
        return _from_profile(rule.name, check, facts)
    if isinstance(check, Reconciles):
        delivery = _delivery(facts, check.file, check.context)
        if delivery is None:
            return Measurement(rule.name, 0, 0)  # not sent in this load: nothing to reconcile
        answered = delivery.accepted + delivery.quarantined
        return Measurement(
            rule.name, delivery.sent, min(delivery.sent, abs(delivery.sent - answered))
        )
    if isinstance(check, Fresh):
        return _freshness(rule.name, check, facts, tables)
    return tables.measure(rule.name, check)


def _freshness(name: str, check: Fresh, facts: LoadFacts, tables: TableMeasurer) -> Measurement:
    profile = facts.profiles.get(check.file)
    expected = profile.newest if profile else None
    if expected is None:  # nothing read with an event time: nothing to be fresh about
        return Measurement(name, 0, 0)
    if facts.window_to is not None and expected >= facts.window_to:
        # a window that ends before the extract does: which rows it holds is the contexts'
        # choice at completion, the newest of them unknown here; not measured
        return Measurement(name, 0, 0)
    reached = tables.newest(check.table, check.column)
    stale = reached is None or reached < expected
    return Measurement(name, 1, int(stale), (f"read {expected}, warehouse {reached}",))


def _from_profile(name: str, check: SourceProfile, facts: LoadFacts) -> Measurement:
    figure, _, detail = check.figure.partition(":")
    if figure == "quarantined":
        delivery = _delivery(facts, check.file, detail)
        return Measurement(name, *((delivery.sent, delivery.quarantined) if delivery else (0, 0)))
    profile = facts.profiles.get(check.file)
    if profile is None:  # a load of some contexts only: the file was not read
        return Measurement(name, 0, 0)
    if figure == "repeated_key":
        return Measurement(name, profile.rows, profile.repeated_keys, profile.repeated_samples)
    if figure == "missing":
        return Measurement(name, profile.rows, profile.missing.get(detail, 0))
    raise ValueError(f"{name}: no figure {check.figure!r} in a source profile")


def _delivery(facts: LoadFacts, file: str, context: str) -> Delivery | None:
    return next((d for d in facts.deliveries if (d.file, d.context) == (file, context)), None)
