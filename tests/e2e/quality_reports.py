"""A load's quality report as the quality service keeps it, for the e2e tests."""

from __future__ import annotations

from typing import Any

from olist_dw.quality import report_of


def result_of(report: dict[str, Any], rule: str) -> dict[str, Any]:
    (result,) = [r for r in report["results"] if r["rule"] == rule]
    return result


__all__ = ["report_of", "result_of"]
