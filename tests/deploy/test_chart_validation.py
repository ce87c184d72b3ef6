"""Every rendered object is valid for Kubernetes 1.33 (kubernetes-validate, strict: an
unknown field is an error); the CloudNativePG Cluster, a custom resource, against the
vendored subset of the operator's CRD schema (tools/vendor_cnpg_schema.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.chart import KUBERNETES_VERSION, VALUES_FILES, Object, Rendered

CNPG_SCHEMA = Path(__file__).parent / "schemas" / "cnpg-cluster-v1.json"
CUSTOM_KINDS = {("postgresql.cnpg.io/v1", "Cluster")}


def kubernetes_validate() -> Any:
    try:
        import kubernetes_validate as module
    except ImportError:
        pytest.fail(
            "kubernetes-validate is not installed (the test extra: pip install -e '.[test]')"
        )
    return module


def strict(schema: Any) -> Any:
    """Refuse unknown fields, as `kubectl apply --validate=strict` does for a CRD."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: strict(value) for key, value in schema.items()}
    if (
        "properties" in result
        and "additionalProperties" not in result
        and not result.get("x-kubernetes-preserve-unknown-fields")
    ):
        result["additionalProperties"] = False
    return result


@pytest.fixture(scope="session")
def cnpg_cluster_validator() -> Any:
    try:
        import jsonschema
    except ImportError:
        pytest.fail("jsonschema is not installed (the test extra: pip install -e '.[test]')")
    schema = strict(json.loads(CNPG_SCHEMA.read_text()))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def describe(o: Object) -> str:
    return f"{o['kind']}/{o['metadata']['name']}"


@pytest.mark.parametrize("variant", list(VALUES_FILES))
def test_every_object_is_valid_for_kubernetes(renders: dict[str, Rendered], variant: str) -> None:
    validator = kubernetes_validate()
    errors = []
    for o in renders[variant].objects:
        if (o["apiVersion"], o["kind"]) in CUSTOM_KINDS:
            continue
        try:
            validator.validate(o, KUBERNETES_VERSION, strict=True)
        except (validator.ValidationError, validator.SchemaNotFoundError) as error:
            errors.append(f"{describe(o)}: {getattr(error, 'message', error)}")
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("variant", ["production", "minimal"])
def test_the_cloudnativepg_cluster_is_valid_for_its_crd(
    renders: dict[str, Rendered], variant: str, cnpg_cluster_validator: Any
) -> None:
    (cluster,) = renders[variant].of_kind("Cluster")
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in cnpg_cluster_validator.iter_errors(cluster)
    ]
    assert not errors, "\n".join(errors)


def test_the_vendored_crd_subset_refuses_a_misspelt_field(cnpg_cluster_validator: Any) -> None:
    cluster = {
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "Cluster",
        "metadata": {"name": "x"},
        "spec": {"instances": 3, "backup": {"barmanObjectStore": {"destinationPth": "s3://b"}}},
    }
    messages = [e.message for e in cnpg_cluster_validator.iter_errors(cluster)]
    assert any("destinationPth" in m for m in messages), messages
    assert any("destinationPath" in m for m in messages), messages  # and it is required
