"""A quality report as JSON for scripts and the report history (stable names)."""

from __future__ import annotations

from typing import Any

from services.quality.application.assessment import Assessment


def record_of(assessment: Assessment) -> dict[str, Any]:
    report, verdict = assessment.report, assessment.verdict
    return {
        "load_id": report.load_id,
        "ruleset_version": report.ruleset_version,
        "gate": verdict.outcome.value,
        "reasons": list(verdict.reasons),
        "overall": str(report.overall()),
        "scores": {dimension.value: str(s) for dimension, s in report.scores().items()},
        "results": [
            {
                "rule": r.rule.name,
                "dimension": r.rule.dimension.value,
                "severity": r.rule.severity.value,
                "target": r.rule.target,
                "outcome": r.outcome.value,
                "checked": r.measurement.checked,
                "failing": r.measurement.failing,
                "tolerance": str(r.rule.tolerance),
                "samples": list(r.measurement.samples),
                "description": r.rule.description,
            }
            for r in report.results
        ],
    }
