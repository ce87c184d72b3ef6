"""Every route of every service, read from the apps themselves, declares who may call it;
called with no token, with a bad one and as each role, it answers 401 or 403 where the
caller is not allowed, and never a 5xx. A new route without a policy fails here."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from olist_dw.runtime.signing import mint
from services.chassis.auth.policy import route_policies
from services.chassis.auth.tokens import Role
from services.chassis.service import Service, build_app
from services.chassis.settings import ServiceSettings
from services.customer.__main__ import CUSTOMER
from services.fulfillment.__main__ import FULFILLMENT
from services.marketplace.__main__ import MARKETPLACE
from services.reporting.__main__ import REPORTING
from services.sales.__main__ import SALES

SERVICES = [SALES, MARKETPLACE, CUSTOMER, FULFILLMENT, REPORTING]
PUBLIC = {"/healthz", "/readyz"}


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "policy-walk", path)


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_every_route_declares_and_enforces_who_may_call_it(
    service: Service, database_url: str, infrastructure, url_as
) -> None:
    settings = ServiceSettings(
        database_url=url_as(database_url, f"olist_{service.name}"),
        nats_url=infrastructure.nats.url,
        **infrastructure.security_settings(),
        # the walk fails twice per route from one address on purpose: no lockout here
        # (tests/unit/test_lockout.py and test_audit_log.py have it)
        auth_failure_limit=10_000,
    )
    app = build_app(service, settings)
    routes = [r for r in route_policies(app) if r.path not in PUBLIC]
    assert routes, f"{service.name} has no routes to protect"
    undeclared = [r.path for r in routes if r.roles is None]
    assert not undeclared, f"routes of {service.name} without a policy: {undeclared}"
    tokens = {role: mint(infrastructure.home, f"walk-{role}", [role]) for role in Role}

    with TestClient(app) as client:
        for route in routes:
            allowed = route.roles or frozenset()
            for method in route.methods:
                path, where = concrete(route.path), f"{service.name} {method} {route.path}"

                def call(method: str = method, path: str = path, **headers: str) -> Response:
                    return client.request(method, path, json={}, headers=headers)

                assert call().status_code == 401, where
                assert call(Authorization="Bearer forged.token.here").status_code == 401, where
                for role, token in tokens.items():
                    status = call(Authorization=f"Bearer {token}").status_code
                    assert status < 500, f"{where} as {role}: {status}"
                    if role in allowed:
                        assert status not in (401, 403), f"{where} as {role}: {status}"
                    else:
                        assert status == 403, f"{where} as {role}: {status}"
        for path in PUBLIC:
            assert client.get(path).status_code == 200, f"{service.name} {path}"
