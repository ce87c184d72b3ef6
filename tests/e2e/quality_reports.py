"""A rule's result in a quality report (olist_dw.quality.report_of), for the e2e tests."""

from __future__ import annotations

from typing import Any


def result_of(report: dict[str, Any], rule: str) -> dict[str, Any]:
    (result,) = [r for r in report["results"] if r["rule"] == rule]
    return result
