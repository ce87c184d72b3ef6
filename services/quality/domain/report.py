"""What a load's quality is: a measurement per rule, its result, scores per dimension and
overall, and the gate's decision (docs/quality.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from services.quality.domain.rules import Dimension, QualityRule, Severity

HUNDRED = Decimal(100)
SAMPLE_SIZE = 5


class Outcome(StrEnum):
    PASSED = "passed"
    WARNED = "warned"
    FAILED = "failed"


class MeasurementInvalid(ValueError):
    pass


@dataclass(frozen=True)
class Measurement:
    """How many rows a rule checked, how many failed it, and a few of the failing keys."""

    rule: str
    checked: int
    failing: int
    samples: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.failing <= self.checked:
            raise MeasurementInvalid(
                f"{self.rule}: {self.failing} failing of {self.checked} checked"
            )


@dataclass(frozen=True)
class RuleResult:
    rule: QualityRule
    measurement: Measurement

    @property
    def failing_share(self) -> Decimal:
        m = self.measurement
        return Decimal(m.failing) / Decimal(m.checked) if m.checked else Decimal(0)

    @property
    def outcome(self) -> Outcome:
        if self.failing_share <= self.rule.tolerance:
            return Outcome.PASSED
        return Outcome.FAILED if self.rule.severity is Severity.CRITICAL else Outcome.WARNED


def score(passing: int, checked: int) -> Decimal:
    """A share as a percentage with two decimals (100.00 when nothing was checked)."""
    if checked == 0:
        return HUNDRED
    return (HUNDRED * passing / checked).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class QualityReport:
    load_id: str
    ruleset_version: str
    results: tuple[RuleResult, ...]

    @classmethod
    def of(
        cls,
        load_id: str,
        ruleset_version: str,
        rules: Sequence[QualityRule],
        measurements: Mapping[str, Measurement],
    ) -> QualityReport:
        missing = [rule.name for rule in rules if rule.name not in measurements]
        if missing:
            raise MeasurementInvalid(f"rules not measured: {', '.join(missing)}")
        return cls(
            load_id,
            ruleset_version,
            tuple(RuleResult(rule, measurements[rule.name]) for rule in rules),
        )

    def scores(self) -> dict[Dimension, Decimal]:
        """Per dimension measured: the share of checked rows that passed its critical
        rules (warnings count the quirks, they do not lower the score)."""
        checked: dict[Dimension, int] = {}
        failing: dict[Dimension, int] = {}
        for result in self.results:
            dimension, m = result.rule.dimension, result.measurement
            checked[dimension] = checked.get(dimension, 0) + m.checked
            counted = m.failing if result.rule.severity is Severity.CRITICAL else 0
            failing[dimension] = failing.get(dimension, 0) + counted
        return {d: score(checked[d] - failing[d], checked[d]) for d in Dimension if d in checked}

    def overall(self) -> Decimal:
        scores = self.scores()
        if not scores:
            return HUNDRED
        mean = sum(scores.values(), Decimal(0)) / len(scores)
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)

    def with_outcome(self, outcome: Outcome) -> list[RuleResult]:
        return [r for r in self.results if r.outcome is outcome]


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome  # PASSED, WARNED (passed, with quirks counted) or FAILED
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return self.outcome is not Outcome.FAILED


# The brief's SLAs: completeness > 98 % on critical fields, accuracy > 99.5 %
# (reconciliation with the source's control totals), zero referential violations in dw,
# an overall score > 95 %.
DEFAULT_MINIMUMS: Mapping[Dimension, Decimal] = {
    Dimension.COMPLETENESS: Decimal("98"),
    Dimension.ACCURACY: Decimal("99.5"),
    Dimension.REFERENTIAL: HUNDRED,
    Dimension.TIMELINESS: HUNDRED,  # the brief: freshness within the window
}
DEFAULT_OVERALL = Decimal("95")


@dataclass(frozen=True)
class QualityGate:
    """Decides whether a load is good enough for analysts. A failed gate keeps the marts
    at the last good load (docs/quality.md: the consequence)."""

    minimums: Mapping[Dimension, Decimal] = field(default_factory=lambda: dict(DEFAULT_MINIMUMS))
    overall: Decimal = DEFAULT_OVERALL

    def decide(self, report: QualityReport) -> Verdict:
        reasons = [
            f"rule {r.rule.name} failed: {r.measurement.failing} of {r.measurement.checked}"
            f" over its tolerance {r.rule.tolerance}"
            for r in report.with_outcome(Outcome.FAILED)
        ]
        scores = report.scores()
        for dimension, minimum in self.minimums.items():
            achieved = scores.get(dimension)
            if achieved is not None and achieved < minimum:
                reasons.append(f"{dimension} {achieved} % is below its SLA of {minimum} %")
        if (overall := report.overall()) <= self.overall:
            reasons.append(f"the overall score {overall} % is not above {self.overall} %")
        if reasons:
            return Verdict(Outcome.FAILED, tuple(reasons))
        if report.with_outcome(Outcome.WARNED):
            return Verdict(Outcome.WARNED)
        return Verdict(Outcome.PASSED)
