"""The `olist-dw` command as a user runs it: its installed entry point in a subprocess, with
its own OLIST_DW_HOME. One system for the whole module, from `up` to `down`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import httpx
import psycopg
import pytest

from olist_dw.runtime.processes import wait_until
from olist_dw.runtime.stack import SERVICES, Stack
from tests.e2e.conftest import read_rows

pytestmark = pytest.mark.e2e
OLIST_DW = Path(sys.executable).parent / "olist-dw"
WINDOW = ("2017-06-01", "2018-01-01")


class Cli:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.env = {**os.environ, "OLIST_DW_HOME": str(home), "COLUMNS": "200"}

    def __call__(self, *args: str, ok: bool = True, **env: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(OLIST_DW), *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=600,
        )
        if ok:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def status(self) -> dict[str, dict]:
        return {row["component"]: row for row in json.loads(self("status", "--json").stdout)}


@pytest.fixture(scope="module")
def cli() -> Cli:
    home = Path(tempfile.mkdtemp(prefix="olist-dw-cli-"))
    home.chmod(0o755)
    command = Cli(home)
    yield command
    command("down", ok=False)


@pytest.fixture(scope="module")
def extract(cli: Cli) -> Path:
    out = cli.home / "extract"
    cli("synth", "--orders", "400", "--seed", "11", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def running(cli: Cli, extract: Path) -> Cli:
    cli("up")
    return cli


def analyst_query(cli: Cli, sql: str) -> int:
    with psycopg.connect(cli("dsn", "--role", "analyst").stdout.strip()) as connection:
        return connection.execute(sql).fetchone()[0]


def purchased_in(extract: Path, start: str, end: str) -> int:
    return sum(
        1
        for order in read_rows(extract, "olist_orders_dataset.csv")
        if start <= order["order_purchase_timestamp"] < end
    )


def test_synth_writes_the_nine_files(extract: Path):
    assert len([p for p in extract.iterdir() if p.name.endswith(".csv")]) == 9


def test_up_starts_every_process_healthy(running: Cli):
    status = running.status()
    assert set(status) == {"postgres", "nats", *SERVICES}
    assert all(row["healthy"] for row in status.values()), status
    assert all(status[name]["restarts"] == 0 for name in SERVICES)


def test_dsn_gives_the_analyst_a_read_only_connection(running: Cli):
    url = running("dsn", "--role", "analyst").stdout.strip()
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT current_user").fetchone() == ("olist_analyst",)
    assert running("dsn", "--role", "nobody", ok=False).returncode != 0


def test_load_of_a_window_brings_the_orders_purchased_in_it(running: Cli, extract: Path):
    done = running("load", "--source", str(extract), "--from", WINDOW[0], "--to", WINDOW[1])
    assert "where to look" in done.stdout
    placed = analyst_query(
        running, "SELECT count(*) FROM dw.fact_order WHERE purchased_at IS NOT NULL"
    )
    assert placed == purchased_in(extract, *WINDOW)
    assert (
        analyst_query(
            running,
            "SELECT count(*) FROM dw.fact_order WHERE purchased_at"
            f" < '{WINDOW[0]}' OR purchased_at >= '{WINDOW[1]}'",
        )
        == 0
    )


def test_the_services_sign_in_as_their_own_roles_never_as_the_superuser(running: Cli):
    """After a load: who holds connections. The superuser is for `up` (bootstrap) and the
    administrator's commands only."""
    admin = running("dsn", "--role", "admin").stdout.strip()
    with psycopg.connect(admin) as connection:
        signed_in = {
            user
            for (user,) in connection.execute(
                "SELECT DISTINCT usename FROM pg_stat_activity"
                " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
        }
    assert signed_in, "no service holds a connection"
    assert signed_in <= {f"olist_{name}" for name in SERVICES}, signed_in
    status_table = running("status").stdout
    assert admin.split("@")[0].split(":")[-1] not in status_table  # no password printed


def test_the_services_stay_within_their_nats_permissions(running: Cli):
    """After a load: each service did its part as its own NATS user, and the server refused
    nothing (a missing permission would show here before it shows as a stuck pipeline)."""
    log = (running.home / "logs" / "nats.log").read_text()
    assert "user" in (running.home / "auth" / "nats.conf").read_text()
    refused = [line for line in log.splitlines() if "violation" in line.lower()]
    assert not refused, refused[:5]


def test_a_load_job_in_a_cluster_finds_the_services_and_its_token_in_its_environment(
    running: Cli, extract: Path
):
    """What a load Job of the operator runs: no local stack, the OLIST_DW_*_URL variables
    of the chart's loader ConfigMap, the outcome as the pod's termination message."""
    stack = Stack(running.home)
    endpoints = {f"OLIST_DW_{name.upper()}_URL": stack.service_url(name) for name in SERVICES}
    summary = running.home / "termination-log"
    job = dict(OLIST_DW_NATS_URL=stack.nats.url, OLIST_DW_HOME=str(running.home / "job"))
    load = ("load", "--source", str(extract), "--from", WINDOW[0], "--to", WINDOW[1])
    refused = running(*load, ok=False, **job, **endpoints)  # the Secret's token missing
    assert refused.returncode == 1 and "refused the loader (401" in refused.stdout
    assert "Traceback" not in refused.stdout + refused.stderr
    token = running("token", "--role", "service", "--ttl", "10m").stdout.strip()
    done = running(
        *load, *("--summary-file", str(summary)), **job, **endpoints, OLIST_DW_TOKEN=token
    )
    assert "where to look" not in done.stdout  # that is for a person at the local system
    outcome = json.loads(summary.read_text())
    assert outcome["load_id"].startswith("load-")
    assert outcome["source_rows"] == sum(
        len(read_rows(extract, f.name)) for f in extract.iterdir() if f.suffix == ".csv"
    )
    assert outcome["rows_read"] > outcome["source_rows"]  # the orders feed two contexts
    assert 0 < outcome["rows_accepted"] <= outcome["rows_read"]
    assert (outcome["window_from"], outcome["window_to"]) == WINDOW
    assert outcome["events"] == 0  # the window the test above loaded: nothing new
    assert len(summary.read_bytes()) < 4096  # a termination message's limit


def test_a_load_job_missing_a_service_address_names_it(running: Cli, extract: Path):
    done = running(
        "load", "--source", str(extract), ok=False, OLIST_DW_REPORTING_URL="http://x:8000"
    )
    assert done.returncode == 2
    assert "OLIST_DW_SALES_URL" in done.stdout and "OLIST_DW_NATS_URL" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_replay_brings_the_rest_of_the_history(running: Cli, extract: Path):
    running("replay", "--source", str(extract), "--step-days", "120")
    assert analyst_query(
        running, "SELECT count(*) FROM dw.fact_order WHERE purchased_at IS NOT NULL"
    ) == purchased_in(extract, "0000", "9999")


def test_a_crashed_service_is_restarted_and_status_says_so(running: Cli):
    before = running.status()["sales"]
    os.kill(before["pid"], 9)
    wait_until(
        lambda: running.status()["sales"]["healthy"] and running.status()["sales"]["restarts"] == 1,
        60,
        "sales to be restarted",
    )
    assert running.status()["sales"]["pid"] != before["pid"]


def test_a_load_fails_in_one_sentence_when_a_context_stays_away(running: Cli, extract: Path):
    stack = Stack(running.home)
    stack.stop_service("customer")
    try:
        started = datetime.now()
        done = running(
            "load", "--source", str(extract), ok=False, OLIST_DW_CONTEXT_WAIT_SECONDS="3"
        )
        assert done.returncode == 1
        assert (datetime.now() - started).total_seconds() < 60
        output = done.stdout + done.stderr
        assert f"The customer context at {stack.service_url('customer')} did not answer" in output
        assert "olist-dw up" in output
        assert "Traceback" not in output and "never retrieved" not in output
    finally:
        running("up")


def test_a_token_from_the_cli_opens_what_its_role_may_use_and_nothing_else(running: Cli):
    reporting = Stack(running.home).service_url("reporting")
    analyst = running("token", "--role", "analyst").stdout.strip()
    as_analyst = {"Authorization": f"Bearer {analyst}"}

    assert httpx.get(f"{reporting}/warehouse/tables").status_code == 401
    assert httpx.get(f"{reporting}/warehouse/tables", headers=as_analyst).status_code == 200
    assert httpx.post(f"{reporting}/warehouse/marts/refresh", headers=as_analyst).status_code == 403
    assert httpx.get(f"{reporting}/healthz").status_code == 200
    assert running("token", "--role", "root", ok=False).returncode == 2
    assert running("token", "--ttl", "forever", ok=False).returncode == 2


def test_down_stops_everything(running: Cli):
    running("down")
    status = running.status()
    assert not any(row["healthy"] for row in status.values()), status
