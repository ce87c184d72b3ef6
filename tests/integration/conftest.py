"""A context service run in-process against the real PostgreSQL and NATS, as its own
database role: a test module names it with a `service` fixture returning its Service."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from olist_dw.runtime.signing import mint
from services.chassis.auth.tokens import Role
from services.chassis.database import make_engine
from services.chassis.service import Service, build_app
from services.chassis.settings import ServiceSettings


@pytest.fixture
def role_url(service: Service, database_url: str, url_as) -> str:
    return url_as(database_url, f"olist_{service.name}")


@pytest.fixture
def client(service: Service, role_url, infrastructure):
    """The service's HTTP API, called as the loader (a service token); entering it runs the
    service's start-up (migrations...)."""
    settings = ServiceSettings(
        database_url=role_url,
        nats_url=infrastructure.nats.url,
        **infrastructure.security_settings(),
    )
    token = mint(infrastructure.home, "loader", [Role.SERVICE])
    with TestClient(
        build_app(service, settings), headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client


@pytest.fixture
def engine(role_url):
    engine = make_engine(role_url)
    yield engine
    engine.dispose()
