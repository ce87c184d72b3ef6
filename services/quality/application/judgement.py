"""The use case the loader calls once the warehouse applied a load: assess it, keep the
report in the history (with the gate's decision as an event), and answer the verdict."""

from __future__ import annotations

from typing import Any, Protocol

from services.quality.application.assessment import Assessment, assess
from services.quality.application.ports import LoadFacts, TableMeasurer
from services.quality.domain.report import QualityGate
from services.quality.domain.rules import Ruleset


class ReportHistory(Protocol):
    def keep(self, assessment: Assessment) -> dict[str, Any]:
        """Record the report and publish the decision, in one transaction; the record."""
        ...


def judge(
    facts: LoadFacts,
    tables: TableMeasurer,
    history: ReportHistory,
    ruleset: Ruleset,
    gate: QualityGate,
) -> dict[str, Any]:
    return history.keep(assess(facts, tables, ruleset, gate))
