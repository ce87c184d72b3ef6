"""The dev NATS of the chart signs in a user per service with the permissions the local
runtime gives them (services/chassis/broker_permissions.py, through the generated
files/nats-permissions.json); the services, and the load Jobs through the operator, connect
as their own user. The rendered configuration is run by the real nats-server."""

from __future__ import annotations

import asyncio
import base64
import os
import re
import subprocess
import tempfile
from pathlib import Path

import nats
import pytest
import yaml

from helm.generate_nats_permissions import TARGET, rendered
from olist_dw.runtime.nats import nats_server_binary
from olist_dw.runtime.ports import free_port, is_listening
from olist_dw.runtime.processes import stop, wait_until
from services.chassis.broker_permissions import USERS
from tests.deploy.chart import (
    FULLNAME,
    SERVICES,
    VALUES_FILES,
    Rendered,
    containers,
    pod_template,
)
from tests.deploy.conftest import Helm

DEV = ("defaults", "dev")


def test_the_charts_permissions_are_the_runtimes():
    assert TARGET.read_text() == rendered(), "python helm/generate_nats_permissions.py"


def dev_secret(rendered_chart: Rendered) -> dict[str, str]:
    (secret,) = rendered_chart.of_kind("Secret")
    return {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}


@pytest.mark.parametrize("variant", DEV)
def test_each_service_connects_as_its_own_user(renders: dict[str, Rendered], variant: str):
    for service in SERVICES:
        (container, *_) = containers(
            pod_template(renders[variant].service_deployment(service))["spec"]
        )
        env = [v["name"] for v in container["env"]]
        values = {v["name"]: v for v in container["env"]}
        assert (
            values["NATS_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"]
            == f"nats-{service}-password"
        )
        url = values["OLIST_DW_NATS_URL"]["value"]
        assert url == f"nats://{service}:$(NATS_PASSWORD)@{FULLNAME}-nats:4222"
        assert env.index("NATS_PASSWORD") < env.index("OLIST_DW_NATS_URL")  # $(...) expands


def test_the_load_jobs_get_the_loaders_url_from_the_dev_secret(renders: dict[str, Rendered]):
    rendered_chart = renders["defaults"]
    operator = rendered_chart.named("ConfigMap", f"{FULLNAME}-operator")["data"]
    assert operator["OLIST_DW_NATS_SECRET_KEY"] == "nats-loader-url"
    secret = dev_secret(rendered_chart)
    password = secret["nats-loader-password"]
    assert secret["nats-loader-url"] == f"nats://loader:{password}@{FULLNAME}-nats:4222"
    assert {f"nats-{user}-password" for user in USERS} <= set(secret)


def test_the_rendered_configuration_runs_and_holds_each_user_to_its_part(
    renders: dict[str, Rendered],
):
    rendered_chart = renders["defaults"]
    config = rendered_chart.named("ConfigMap", f"{FULLNAME}-nats-config")["data"]["nats.conf"]
    secret = dev_secret(rendered_chart)
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        local = re.sub(r"^port: 4222$", f"port: {port}", config, flags=re.M)
        local = local.replace('store_dir: "/data"', f'store_dir: "{scratch}"')
        local = re.sub(r"^http_port: .*$", "", local, flags=re.M)
        path = Path(scratch) / "nats.conf"
        path.write_text(local)
        env = {
            **os.environ,
            **{f"NATS_PASSWORD_{u.upper()}": secret[f"nats-{u}-password"] for u in USERS},
        }
        server = subprocess.Popen([nats_server_binary(), "-c", str(path)], env=env)
        try:
            wait_until(lambda: is_listening(port), 20, "the chart's nats-server to listen")
            refused = asyncio.run(
                _sales_publishes_into_customer(port, secret["nats-sales-password"])
            )
        finally:
            stop(server.pid)
    assert refused


async def _sales_publishes_into_customer(port: int, password: str) -> bool:
    errors: list[str] = []

    async def record(error: Exception) -> None:
        errors.append(str(error))

    client = await nats.connect(f"nats://sales:{password}@127.0.0.1:{port}", error_cb=record)
    try:
        await client.publish("sales.order.placed", b"{}")
        await client.publish("customer.customer.registered", b"{}")
        await client.flush(timeout=2)
        await asyncio.sleep(0.2)
    finally:
        await client.close()
    return any("customer.customer.registered" in e and "violation" in e.lower() for e in errors)


def nats_url_keys(rendered_chart: Rendered) -> dict[str, dict[str, str]]:
    """Where each service and the load Jobs take their NATS URL from."""
    found = {}
    for service in SERVICES:
        (container, *_) = containers(
            pod_template(rendered_chart.service_deployment(service))["spec"]
        )
        (url,) = [v for v in container["env"] if v["name"] == "OLIST_DW_NATS_URL"]
        found[service] = url["valueFrom"]["secretKeyRef"]
    operator = rendered_chart.named("ConfigMap", f"{FULLNAME}-operator")["data"]
    found["loader"] = {
        "name": operator["OLIST_DW_NATS_SECRET"],
        "key": operator["OLIST_DW_NATS_SECRET_KEY"],
    }
    return found


def test_in_production_each_service_and_the_loader_read_a_url_of_their_own(
    renders: dict[str, Rendered],
):
    assert nats_url_keys(renders["production"]) == {
        user: {"name": "olist-dw-nats", "key": f"nats-{user}-url"} for user in [*SERVICES, "loader"]
    }
    assert set(nats_url_keys(renders["production"])) == set(USERS) - {"admin"}


def test_one_url_for_all_is_still_a_choice(helm: Helm):
    production = VALUES_FILES["production"]
    result = helm.template("--values", str(production), "--set", "nats.urlPerUser=false")
    assert result.returncode == 0, result.stderr
    one = Rendered("one-url", [d for d in yaml.safe_load_all(result.stdout) if d])
    assert {r["key"] for r in nats_url_keys(one).values()} == {"nats-url"}
