"""Quality's domain: a rule's outcome from its measurement and tolerance, the scores per
dimension, and the gate's decision against the brief's SLAs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from services.loader.domain.plan import LOAD_PLAN
from services.quality.application.assessment import assess
from services.quality.application.ports import FileProfile, LoadFacts
from services.quality.domain.report import (
    Measurement,
    MeasurementInvalid,
    Outcome,
    QualityGate,
    QualityReport,
)
from services.quality.domain.rules import (
    Dimension,
    NotNull,
    QualityRule,
    RuleInvalid,
    Ruleset,
    Severity,
    SourceProfile,
)
from services.quality.domain.ruleset import CONTEXTS_OF, DEFAULT_RULESET
from shared_kernel.source_files import CRITICAL_FIELDS

CUSTOMER_ID = QualityRule(
    "orders.customer_id",
    Dimension.COMPLETENESS,
    NotNull("dw.fact_order", "customer_id"),
    "an order names its customer",
    tolerance=Decimal("0.02"),
)
REPEATED = QualityRule(
    "orders.unique",
    Dimension.UNIQUENESS,
    SourceProfile("olist_orders_dataset.csv", "repeated_key"),
    "an order once",
)
QUIRK = QualityRule(
    "orders.lifecycle",
    Dimension.CONSISTENCY,
    NotNull("dw.fact_order", "approved_at"),
    "known quirk",
    severity=Severity.WARNING,
)


def report(**failing: int) -> QualityReport:
    rules = (CUSTOMER_ID, REPEATED, QUIRK)
    measured = {
        r.name: Measurement(r.name, 1000, failing.get(r.name.split(".")[1], 0)) for r in rules
    }
    return QualityReport.of("load-1", "1", rules, measured)


def test_a_clean_load_passes_and_scores_100():
    clean = report()
    assert QualityGate().decide(clean).outcome is Outcome.PASSED
    assert clean.overall() == Decimal("100.00")


def test_a_quirk_warns_without_lowering_any_score():
    quirky = report(lifecycle=40)
    verdict = QualityGate().decide(quirky)
    assert verdict.outcome is Outcome.WARNED and verdict.passed
    assert quirky.scores()[Dimension.CONSISTENCY] == Decimal("100.00")


def test_within_its_tolerance_a_rule_passes_and_over_it_fails_the_gate():
    assert QualityGate().decide(report(customer_id=20)).outcome is Outcome.PASSED  # 2.0 %
    over = QualityGate().decide(report(customer_id=21))  # 2.1 %: below the 98 % SLA
    assert over.outcome is Outcome.FAILED and not over.passed
    assert any("orders.customer_id failed: 21 of 1000" in r for r in over.reasons)
    assert any("completeness 97.90 % is below its SLA of 98 %" in r for r in over.reasons)


def test_one_repeated_key_fails_a_rule_that_tolerates_none():
    verdict = QualityGate().decide(report(unique=1))
    assert verdict.outcome is Outcome.FAILED
    assert report(unique=1).scores()[Dimension.UNIQUENESS] == Decimal("99.90")


def test_the_overall_score_must_be_above_its_sla():
    lenient = QualityGate(minimums={}, overall=Decimal("99.99"))
    assert lenient.decide(report()).outcome is Outcome.PASSED
    tolerated = QualityRule(
        "orders.repeats", Dimension.UNIQUENESS, REPEATED.check, "", tolerance=Decimal("0.5")
    )
    half = QualityReport.of(
        "l", "1", (tolerated,), {"orders.repeats": Measurement("orders.repeats", 10, 5)}
    )
    assert half.overall() == Decimal("50.00")
    assert "not above 99.99 %" in lenient.decide(half).reasons[-1]


def test_rules_and_measurements_refuse_what_cannot_be():
    with pytest.raises(RuleInvalid):
        QualityRule("x", Dimension.VALIDITY, REPEATED.check, "", tolerance=Decimal("1"))
    with pytest.raises(RuleInvalid, match=r"repeated: orders\.unique"):
        Ruleset("1", (REPEATED, REPEATED))
    with pytest.raises(MeasurementInvalid):
        Measurement("x", 3, 4)
    with pytest.raises(MeasurementInvalid, match=r"not measured: orders\.lifecycle"):
        QualityReport.of("l", "1", (QUIRK,), {})


# every table the star schema loads (dim_date is a generated calendar, loaded from nothing)
DW_TABLES = {
    "fact_order",
    "fact_order_item",
    "fact_payment",
    "fact_review",
    "fact_shipment",
    "dim_product",
    "dim_seller",
    "dim_customer",
    "dim_geography",
    "customer_address_history",
    "customer_order_link",
}


def test_the_default_ruleset_covers_every_source_file_and_every_dw_table():
    targets = {rule.target for rule in DEFAULT_RULESET.rules}
    assert set(CRITICAL_FIELDS) <= targets
    named = {t.split(".")[1] for t in targets if t.startswith("dw.")}
    assert named >= DW_TABLES, DW_TABLES - named


def test_the_ruleset_knows_which_contexts_the_loader_sends_each_file_to():
    sent: dict[str, set[str]] = {}
    for source_file in LOAD_PLAN:
        sent.setdefault(source_file.name, set()).add(source_file.context)
    assert {f: set(c) for f, c in CONTEXTS_OF.items()} == sent


class NewestOnly:
    """The tables of a warehouse whose newest order was purchased at `newest`."""

    def __init__(self, newest: datetime | None) -> None:
        self._newest = newest

    def measure(self, rule, check):  # every other rule passes
        return Measurement(rule, 1, 0)

    def newest(self, table: str, column: str) -> datetime | None:
        return self._newest


def freshness(newest_read: datetime, reached: datetime | None, window_to=None):
    profile = FileProfile("olist_orders_dataset.csv", 10, newest=newest_read)
    facts = LoadFacts("load-1", {profile.file: profile}, [], window_to)
    assessment = assess(facts, NewestOnly(reached), DEFAULT_RULESET, QualityGate())
    (fresh,) = [r for r in assessment.report.results if r.rule.name == "dw.fact_order.fresh"]
    return fresh.measurement.failing, assessment.verdict.outcome


def test_a_warehouse_behind_what_the_load_read_is_stale_and_fails_the_gate():
    read = datetime(2018, 10, 17, 17, 30)
    assert freshness(read, read) == (0, Outcome.PASSED)
    assert freshness(read, datetime(2018, 9, 3)) == (1, Outcome.FAILED)
    assert freshness(read, None) == (1, Outcome.FAILED)
    # a window that ends before the newest row read is not measured; one past it is
    assert freshness(read, datetime(2018, 9, 3), window_to=datetime(2018, 9, 1)) == (
        0,
        Outcome.PASSED,
    )
    assert freshness(read, datetime(2018, 9, 3), window_to=datetime(2019, 1, 1)) == (
        1,
        Outcome.FAILED,
    )
