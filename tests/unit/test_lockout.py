"""Failed authentications lock a client address out: after the limit within the window,
its requests get 429 with Retry-After until the oldest failure leaves the window; other
addresses go on; the lockout is audited once."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from olist_dw.runtime.signing import AUDIENCE, ISSUER, jwks_file, mint
from services.chassis.auth.lockout import FailedAuthentications
from services.chassis.auth.policy import allow
from services.chassis.auth.tokens import Role, TokenVerifier
from services.chassis.http import create_app

LIMIT, WINDOW = 3, 60.0
FORGED = {"Authorization": "Bearer forged.token.here"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def failures(clock: Clock) -> FailedAuthentications:
    return FailedAuthentications(LIMIT, WINDOW, clock=clock)


def test_a_client_is_locked_out_at_the_limit_until_its_oldest_failure_leaves_the_window(
    failures, clock
):
    assert failures.failed("10.0.0.1") is None
    clock.now += 10
    assert failures.failed("10.0.0.1") is None
    assert failures.lockout("10.0.0.1") is None
    clock.now += 10
    started = failures.failed("10.0.0.1")
    assert started is not None and started.failures == LIMIT
    assert started.retry_after == 40  # the first failure, 20 s ago, leaves in 40 s
    clock.now += 39
    assert failures.lockout("10.0.0.1") is not None
    clock.now += 1
    assert failures.lockout("10.0.0.1") is None


def test_the_lockout_starts_once_and_failures_older_than_the_window_do_not_count(failures, clock):
    failures.failed("10.0.0.1")
    failures.failed("10.0.0.1")
    clock.now += WINDOW  # both leave the window
    assert failures.failed("10.0.0.1") is None
    assert failures.lockout("10.0.0.1") is None
    failures.failed("10.0.0.1")
    assert failures.failed("10.0.0.1") is not None
    assert failures.failed("10.0.0.1") is None  # already locked: no second start


def test_other_clients_are_not_locked_out(failures):
    for _ in range(LIMIT):
        failures.failed("10.0.0.1")
    assert failures.lockout("10.0.0.1") is not None
    assert failures.lockout("10.0.0.2") is None


def test_a_flood_of_addresses_forgets_the_stalest_first(clock):
    failures = FailedAuthentications(1, WINDOW, clock=clock, max_clients=2)
    for client in ("a", "b", "c"):
        failures.failed(client)
    assert failures.lockout("a") is None
    assert failures.lockout("b") is not None and failures.lockout("c") is not None


def test_a_lockout_needs_a_limit_and_a_window():
    with pytest.raises(ValueError):
        FailedAuthentications(0, WINDOW)
    with pytest.raises(ValueError):
        FailedAuthentications(1, 0)


# --- through the HTTP app -------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> Path:
    mint(tmp_path, "warm-up", [])  # makes the key pair
    return tmp_path


@pytest.fixture
def audited() -> list[tuple[str, str, dict]]:
    return []


@pytest.fixture
def app(home: Path, failures, audited) -> FastAPI:
    app = create_app(
        "test",
        ready=lambda: True,
        verifier=TokenVerifier(str(jwks_file(home)), ISSUER, AUDIENCE),
        failed_authentications=failures,
        max_request_bytes=1024 * 1024,
    )
    app.state.audit = lambda actor, action, detail: audited.append((actor, action, detail))

    @app.get("/figures", dependencies=[allow(Role.ANALYST)])
    def figures() -> dict[str, int]:
        return {"orders": 1}

    return app


def client_at(app: FastAPI, address: str, token: str | None = None) -> TestClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(app, client=(address, 40000), headers=headers)


def test_failed_authentications_lock_the_address_out_with_retry_after(app, home, clock, audited):
    analyst = mint(home, "ana", [Role.ANALYST])
    guesser = client_at(app, "10.0.0.66")
    answers = [guesser.get("/figures", headers=FORGED).status_code for _ in range(LIMIT)]
    assert answers == [401] * LIMIT

    locked = guesser.get("/figures", headers={"Authorization": f"Bearer {analyst}"})
    assert locked.status_code == 429, "a valid token from a locked-out address waits too"
    assert locked.headers["Retry-After"] == str(int(WINDOW))
    assert "too many failed authentications" in locked.json()["detail"]
    assert guesser.get("/healthz").status_code == 200, "health stays public"

    assert client_at(app, "10.0.0.7", analyst).get("/figures").status_code == 200
    assert client_at(app, "10.0.0.8").get("/figures").status_code == 401

    clock.now += WINDOW
    assert guesser.get("/figures", headers={"Authorization": f"Bearer {analyst}"}).json() == {
        "orders": 1
    }
    (lockout,) = [entry for entry in audited if entry[1] == "authentication.locked_out"]
    actor, _, detail = lockout
    assert actor == "anonymous" and detail["client"] == "10.0.0.66"
    assert detail["path"] == "/figures" and "3 failed authentications" in detail["reason"]


def test_a_missing_token_counts_as_a_failed_authentication(app):
    anonymous = client_at(app, "10.0.0.9")
    assert [anonymous.get("/figures").status_code for _ in range(LIMIT + 1)] == [401] * LIMIT + [
        429
    ]
