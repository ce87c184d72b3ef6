"""The audit log on a real PostgreSQL: the services append through audit.record and can do
nothing else with it; the chain names an entry that was changed, deleted or moved; a
refused token lands in it without the token, and so does the lockout of an address whose
tokens keep being refused."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from olist_dw.audit.log import entries, record, verify
from olist_dw.audit.shipment import shipped
from olist_dw.cli.audit import audit_app
from services.chassis.service import build_app
from services.chassis.settings import ServiceSettings
from services.reporting.__main__ import REPORTING

pytestmark = pytest.mark.integration


def plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def as_role(url_as):
    """as_role(url, role): a connection to that database as that role, with its password."""
    return lambda url, role: psycopg.connect(plain(url_as(url, role)), autocommit=True)


@pytest.fixture
def admin(database_url: str) -> str:
    url = plain(database_url)
    for n in range(1, 5):
        record(url, "cli:tester", f"action.{n}", {"n": n})
    return url


def test_an_untouched_log_verifies_and_a_service_can_only_append(admin, database_url, as_role):
    assert verify(admin) == (4, [])
    with as_role(database_url, "olist_sales") as sales:
        sales.execute("SELECT audit.record('sales', 'test.appended', '{}')")
        for statement in (
            "SELECT * FROM audit.entry",
            "UPDATE audit.entry SET detail = '{}'",
            "DELETE FROM audit.entry",
            "INSERT INTO audit.entry VALUES (99, now(), 'x', 'x', 'x', '', '')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                sales.execute(statement)
    with as_role(database_url, "olist_analyst") as analyst:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            analyst.execute("SELECT audit.record('analyst', 'x', '{}')")
    assert verify(admin) == (5, [])


@pytest.mark.parametrize(
    ("tampering", "named"),
    [
        ("UPDATE audit.entry SET detail = '{\"n\": 9}' WHERE id = 2", "entry 2: its contents"),
        ("DELETE FROM audit.entry WHERE id = 3", "entry 4: expected entry 3"),
        (
            "UPDATE audit.entry SET id = -id WHERE id IN (2, 3);"
            "UPDATE audit.entry SET id = 3 WHERE id = -2; UPDATE audit.entry SET id = 2 WHERE id = -3",
            "entry 2: does not follow",
        ),
    ],
    ids=["edited", "deleted", "reordered"],
)
def test_a_tampered_entry_is_named(admin, tampering, named):
    with psycopg.connect(admin, autocommit=True) as connection:  # as the superuser could
        connection.execute(tampering)
    _, problems = verify(admin)
    assert any(p.startswith(named) for p in problems), problems


def test_the_cli_verifies_and_fails_on_a_tampered_log(admin, monkeypatch):
    monkeypatch.setattr("olist_dw.cli.audit.Stack", lambda: _AtUrl(admin))
    intact = CliRunner().invoke(audit_app, ["verify"])
    assert intact.exit_code == 0 and "4 entries chained" in intact.output
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("UPDATE audit.entry SET actor = 'someone else' WHERE id = 1")
    tampered = CliRunner().invoke(audit_app, ["verify"])
    assert tampered.exit_code == 1 and "entry 1: its contents were changed" in tampered.output


class _AtUrl:
    def __init__(self, url: str) -> None:
        self.url = url

    def database_url(self) -> str:
        return self.url


def test_a_refused_token_is_audited_without_the_token(database_url, infrastructure, url_as):
    settings = ServiceSettings(
        database_url=url_as(database_url, "olist_reporting"),
        nats_url=infrastructure.nats.url,
        **infrastructure.security_settings(),
    )
    forged = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl"
    with TestClient(build_app(REPORTING, settings)) as client:
        answer = client.get("/warehouse/tables", headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401
    (entry,) = [e for e in entries(plain(database_url)) if e.action == "authentication.refused"]
    assert entry.actor == "anonymous@reporting" and '"/warehouse/tables"' in entry.detail
    assert forged not in entry.detail and "c2lnbmF0dXJl" not in entry.detail


def test_an_address_locked_out_after_refused_tokens_is_audited_once(
    database_url, infrastructure, url_as
):
    settings = ServiceSettings(
        database_url=url_as(database_url, "olist_reporting"),
        nats_url=infrastructure.nats.url,
        **infrastructure.security_settings(),
        auth_failure_limit=2,
    )
    forged = {"Authorization": "Bearer forged.token.here"}
    with TestClient(build_app(REPORTING, settings), client=("10.1.2.3", 40000)) as client:
        answers = [client.get("/warehouse/tables", headers=forged) for _ in range(4)]
    assert [a.status_code for a in answers] == [401, 401, 429, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    actions = [e.action for e in entries(plain(database_url))]
    assert actions.count("authentication.refused") == 2
    (entry,) = [e for e in entries(plain(database_url)) if e.action == "authentication.locked_out"]
    assert entry.actor == "anonymous@reporting" and '"10.1.2.3"' in entry.detail


REWRITE_WHOLE_CHAIN = """
UPDATE audit.entry SET detail = '{"n": 99}' WHERE id = 2;
DO $$
DECLARE e audit.entry; previous bytea := decode(repeat('00', 32), 'hex');
BEGIN
    FOR e IN SELECT * FROM audit.entry ORDER BY id LOOP
        UPDATE audit.entry SET prev_hash = previous,
            hash = sha256(previous || audit.canonical(e.id, e.at, e.actor, e.action, e.detail))
        WHERE id = e.id RETURNING hash INTO previous;
    END LOOP;
END $$;
"""


def test_a_chain_rewritten_whole_verifies_alone_but_not_against_its_shipped_copy(
    admin, monkeypatch, tmp_path
):
    monkeypatch.setattr("olist_dw.cli.audit.Stack", lambda: _AtUrl(admin))
    copy = tmp_path / "off-host" / "audit.jsonl"
    copy.parent.mkdir()
    first = CliRunner().invoke(audit_app, ["ship", str(copy)])
    assert first.exit_code == 0 and "shipped 4 new entries" in first.output
    record(admin, "cli:tester", "action.5", {"n": 5})
    again = CliRunner().invoke(audit_app, ["ship", str(copy)])
    assert again.exit_code == 0 and "shipped 1 new entries" in again.output
    assert [e.id for e in shipped(copy)] == [1, 2, 3, 4, 5]  # each once, in order
    assert copy.stat().st_mode & 0o777 == 0o600
    with psycopg.connect(admin, autocommit=True) as connection:  # as the superuser could
        connection.execute(REWRITE_WHOLE_CHAIN)
    assert verify(admin) == (5, [])  # the database alone cannot tell
    checked = CliRunner().invoke(audit_app, ["verify", "--against", str(copy)])
    assert checked.exit_code == 1
    assert "entry 2: differs from the shipped copy" in checked.output
    assert "entry 1:" not in checked.output  # the entries before it are as shipped
    refused = CliRunner().invoke(audit_app, ["ship", str(copy)])
    assert refused.exit_code == 1 and "entry 2" in refused.output
    assert len(shipped(copy)) == 5  # the rewritten chain was not shipped on top
