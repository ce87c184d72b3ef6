"""Vendor the part of CloudNativePG's `Cluster` CRD schema that the chart renders.

kubernetes-validate knows only the built-in kinds, so tests/deploy validates the chart's
`postgresql.cnpg.io/v1` `Cluster` against this subset of the operator's own CRD
(config/crd/bases/postgresql.cnpg.io_clusters.yaml of github.com/cloudnative-pg/cloudnative-pg):
the openAPIV3Schema without descriptions, `spec` cut down to the fields in KEPT_SPEC_FIELDS.
A field outside them is then refused by the test: when the chart starts rendering one, add
it here and run again.

    python tools/vendor_cnpg_schema.py CRD.yaml --version 1.30.0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TARGET = PROJECT_ROOT / "tests" / "deploy" / "schemas" / "cnpg-cluster-v1.json"

KEPT_SPEC_FIELDS = (
    "instances",
    "imageName",
    "primaryUpdateStrategy",
    "enableSuperuserAccess",
    "superuserSecret",
    "bootstrap",
    "postgresql",
    "storage",
    "resources",
    "inheritedMetadata",
    "backup",
)


def without_descriptions(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: without_descriptions(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [without_descriptions(item) for item in node]
    return node


def cluster_subset(crd: dict[str, Any], version: str) -> dict[str, Any]:
    served = {v["name"]: v for v in crd["spec"]["versions"]}
    schema = without_descriptions(served["v1"]["schema"]["openAPIV3Schema"])
    spec = schema["properties"]["spec"]
    spec["properties"] = {k: spec["properties"][k] for k in KEPT_SPEC_FIELDS}
    schema["properties"] = {k: schema["properties"][k] for k in ("apiVersion", "kind", "metadata")}
    schema["properties"]["spec"] = spec
    return {
        "x-source": "github.com/cloudnative-pg/cloudnative-pg "
        f"config/crd/bases/postgresql.cnpg.io_clusters.yaml, operator {version}",
        "x-kept-spec-fields": list(KEPT_SPEC_FIELDS),
        **schema,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("crd", type=Path, help="postgresql.cnpg.io_clusters.yaml")
    parser.add_argument("--version", required=True, help="the operator version it comes from")
    arguments = parser.parse_args()
    crd = yaml.safe_load(arguments.crd.read_text())
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    subset = cluster_subset(crd, arguments.version)
    TARGET.write_text(json.dumps(subset, indent=1, sort_keys=True) + "\n")
    print(f"{TARGET.relative_to(PROJECT_ROOT)}: {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main()
