"""helm lint --strict on the chart with its defaults and with each ci/*-values.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.chart import CHART, VALUES_FILES
from tests.deploy.conftest import Helm


@pytest.mark.parametrize("variant", list(VALUES_FILES))
def test_helm_lint_strict(helm: Helm, variant: str) -> None:
    values_file: Path | None = VALUES_FILES[variant]
    arguments = ["--values", str(values_file)] if values_file else []
    result = helm.run("lint", "--strict", str(CHART), *arguments)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 chart(s) failed" in result.stdout


def test_every_mode_has_a_ci_values_file() -> None:
    assert {"dev", "production", "minimal"} <= set(VALUES_FILES)
