"""The values: the schema refuses typos and wrong types, production refuses to render
without what it needs (with a sentence saying what), and the README's parameters table is
the one values.yaml's comments generate."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
import yaml

from helm import generate_readme
from tests.deploy.chart import CHART, PROJECT_ROOT
from tests.deploy.conftest import Helm

MINIMAL = str(CHART / "ci" / "minimal-values.yaml")


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (["--set", "reporting.replicaCont=2"], "additional properties 'replicaCont' not allowed"),
        (["--set", "networkPolicy.enable=false"], "additional properties 'enable' not allowed"),
        (["--set", "postgresql.cloudnativepg.bakup.enabled=true"], "'bakup' not allowed"),
        (["--set-string", "reporting.replicaCount=two"], "got string, want integer"),
        (["--set", "networkPolicy.enabled=yes please"], "want boolean"),
        (["--set", "mode=staging"], "value must be one of 'dev', 'production'"),
        (["--set", "config.logLevel=LOUD"], "value must be one of"),
    ],
)
def test_the_schema_refuses_typos_and_wrong_types(
    helm: Helm, arguments: list[str], complaint: str
) -> None:
    result = helm.template(*arguments)
    assert result.returncode != 0
    assert "don't meet the specifications of the schema" in result.stderr
    assert complaint in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (
            ["--set", "mode=production", "--set", "nats.url=nats://nats:4222"],
            "auth.existingSecret is required in production mode",
        ),
        (
            ["--set", "mode=production", "--set", "auth.existingSecret=s"],
            "nats.url is required in production mode",
        ),
        (
            ["-f", MINIMAL, "--set", "postgresql.cloudnativepg.enabled=false"],
            "postgresql.host is required in production mode",
        ),
        (
            ["-f", MINIMAL, "--set", "postgresql.cloudnativepg.backup.enabled=true"],
            "postgresql.cloudnativepg.backup.destinationPath is required",
        ),
        (
            [
                "-f",
                MINIMAL,
                "--set",
                "postgresql.cloudnativepg.backup.enabled=true",
                "--set",
                "postgresql.cloudnativepg.backup.destinationPath=s3://b/p",
            ],
            "s3Credentials.existingSecret is required",
        ),
    ],
)
def test_production_refuses_to_render_without_what_it_needs(
    helm: Helm, arguments: list[str], complaint: str
) -> None:
    result = helm.template(*arguments)
    assert result.returncode != 0
    assert complaint in result.stderr, result.stderr
    assert result.stdout == ""


def test_the_defaults_meet_the_schema_and_every_value_is_in_it() -> None:
    import jsonschema

    schema = json.loads((CHART / "values.schema.json").read_text())
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    jsonschema.Draft202012Validator(schema).validate(values)
    registry_root = schema

    def declared(path: str) -> bool:
        node: Any = registry_root
        for part in path.split("."):
            while "$ref" in node:
                node = registry_root["$defs"][node["$ref"].rsplit("/", 1)[1]]
            if "properties" not in node:
                return node.get("type") in ("object", "array") or "additionalProperties" in node
            if part not in node["properties"]:
                return False
            node = node["properties"][part]
        return True

    undeclared = [p for p in generate_readme.leaf_paths(values) if not declared(p)]
    assert not undeclared, f"values.yaml has values the schema does not declare: {undeclared}"


def test_every_value_is_documented_and_the_readme_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "helm" / "generate_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_readme_check_notices_an_undocumented_value(tmp_path: Any) -> None:
    chart = tmp_path / "chart"
    chart.mkdir()
    (chart / "values.yaml").write_text("## @section S\n## @param a Documented\na: 1\nb: 2\n")
    (chart / "README.md").write_text(f"{generate_readme.START}\n{generate_readme.END}\n")
    with pytest.raises(generate_readme.ValuesDocumentationError, match="without a @param: b"):
        generate_readme.generated_readme(chart)


def test_the_readme_table_shows_each_default(tmp_path: Any) -> None:
    chart = tmp_path / "chart"
    chart.mkdir()
    (chart / "values.yaml").write_text(
        "## @section Things\n## Intro line.\n\n## @param a.b The b | pipe\n## @param c C\n"
        "a:\n  b: x\nc: []\n"
    )
    (chart / "README.md").write_text(f"top\n{generate_readme.START}\nold\n{generate_readme.END}\n")
    readme = generate_readme.generated_readme(chart)
    assert "### Things\n\nIntro line.\n" in readme
    assert '| `a.b` | The b \\| pipe | `"x"` |' in readme
    assert "| `c` | C | `[]` |" in readme
    assert "old" not in readme and readme.startswith("top\n")
