"""`make kind-up` cannot run here (no Docker): what it hands to kind, helm and kubectl is
checked instead, so that the script is not broken when a user with Docker runs it."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import yaml

from olist_dw.runtime.signing import ensure_keys, jwks_file
from tests.deploy.chart import CHART, Rendered, containers
from tests.deploy.conftest import Helm

KIND = Path(__file__).resolve().parents[2] / "tools" / "kind"
UP = KIND / "up.sh"


def helm_install_arguments(keys_home: Path) -> list[str]:
    """The arguments of the script's `helm upgrade --install` after the chart's path."""
    joined = re.sub(r"\\\n\s*", " ", UP.read_text()).replace('"$KEYS_HOME', f'"{keys_home}')
    (line,) = [line for line in joined.splitlines() if line.startswith("helm upgrade --install")]
    words = shlex.split(line.replace('"${IMAGE#*:}"', "dev").replace('"$NAMESPACE"', "olist-dw"))
    return words[words.index("helm/olist-dw") + 1 :]


def test_the_scripts_are_valid_bash() -> None:
    for script in KIND.glob("*.sh"):
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script.name}: {result.stderr}"


def test_the_kind_cluster_config_names_the_cluster_the_scripts_use() -> None:
    config = yaml.safe_load((KIND / "cluster.yaml").read_text())
    assert config["kind"] == "Cluster" and config["apiVersion"] == "kind.x-k8s.io/v1alpha4"
    assert "KIND_CLUSTER:-olist-dw" in UP.read_text()
    assert config["name"] == "olist-dw"


def test_the_chart_installs_with_the_script_s_values_using_the_image_it_loaded(
    helm: Helm, tmp_path: Path
) -> None:
    ensure_keys(tmp_path)  # what the script's `olist-dw token` makes
    arguments = helm_install_arguments(tmp_path)
    arguments = [a for a in arguments if a not in ("--create-namespace",)]
    namespace = arguments.index("--namespace")
    del arguments[namespace : namespace + 2]
    result = helm.template(*arguments)
    assert result.returncode == 0, result.stderr
    rendered = Rendered("kind", [d for d in yaml.safe_load_all(result.stdout) if d])
    assert rendered.of_kind("StatefulSet"), "dev mode runs PostgreSQL and NATS in the release"
    for _, spec in rendered.workloads():
        for container in containers(spec):
            if container["image"].startswith("olist-dw"):
                assert container["image"] == "olist-dw:dev"
                assert container["imagePullPolicy"] == "Never"  # only the image kind loaded
    jwks = rendered.named("ConfigMap", "wh-olist-dw-jwks")["data"]["jwks.json"]
    assert json.loads(jwks) == json.loads(jwks_file(tmp_path).read_text())  # the services' keys
    sales = rendered.named("ConfigMap", "wh-olist-dw-sales")["data"]
    assert sales["OLIST_DW_AUTH_JWKS"] == "/etc/olist-dw/auth/jwks.json"


def test_the_load_it_applies_is_a_warehouse_load_of_generated_data() -> None:
    example = CHART / "examples" / "warehouseload-generated.yaml"
    assert example.name in UP.read_text()
    load = yaml.safe_load(example.read_text())
    assert load["kind"] == "WarehouseLoad"
    assert "source" not in load["spec"]  # the Job generates its data set
