"""Every service against its own OpenAPI document: schemathesis generates requests from the
document (valid ones, then invalid ones) for every operation, sends them with a token of
a role the route admits to the real app on the real PostgreSQL and NATS, and checks that
no answer is a 5xx and that every answer is one the document declares (status, content
type, body schema). The apps are built as tests/integration/test_route_policies.py builds
them."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from olist_dw.runtime.signing import mint
from services.chassis.auth.policy import route_policies
from services.chassis.auth.tokens import Role
from services.chassis.service import Service, build_app
from services.chassis.settings import ServiceSettings
from tests.integration.test_route_policies import SERVICES

pytestmark = pytest.mark.integration

# examples per operation and mode: enough to reach every parameter's edge cases in a few
# seconds per service; raise it to explore (OLIST_DW_OPENAPI_EXAMPLES=500)
EXAMPLES = int(os.environ.get("OLIST_DW_OPENAPI_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def tokens_by_route(app: FastAPI, home) -> dict[tuple[str, str], dict[str, str]]:
    """The Authorization header of each operation: a token of a role it admits (the
    loader's `service` where it may call), none for the public routes."""
    minted = {role: mint(home, f"openapi-{role}", [role]) for role in Role}
    headers = {}
    for policy in route_policies(app):
        roles = sorted(policy.roles or ())
        role = Role.SERVICE if Role.SERVICE in roles else (roles[0] if roles else None)
        for method in policy.methods:
            key = (policy.path, method.upper())
            headers[key] = {"Authorization": f"Bearer {minted[role]}"} if role else {}
    return headers


def as_httpx(request: dict[str, Any]) -> dict[str, Any]:
    """schemathesis's request (requests' arguments) as the TestClient's (httpx's)."""
    request = dict(request)
    assert not request.pop("cookies", None), "no operation takes cookies"
    request.pop("auth", None)
    if isinstance(request.get("data"), bytes | str):
        request["content"] = request.pop("data")
    return request


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_every_operation_answers_as_its_openapi_document_says(
    service: Service, database_url: str, infrastructure, url_as
) -> None:
    app = build_app(
        service,
        ServiceSettings(
            database_url=url_as(database_url, f"olist_{service.name}"),
            nats_url=infrastructure.nats.url,
            **infrastructure.security_settings(),
        ),
    )
    schema = schemathesis.openapi.from_dict(app.openapi())
    authorization = tokens_by_route(app, infrastructure.home)
    failures: list[str] = []

    with TestClient(app, raise_server_exceptions=False) as client:
        for result in schema.get_all_operations():
            operation = result.ok()
            headers = authorization[(operation.path, operation.method.upper())]
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    check(client, operation, mode, headers)
                except Unsatisfiable:  # nothing to make invalid: no parameters, no body
                    assert mode is GenerationMode.NEGATIVE, operation.label
                except Exception as failure:
                    failures.append(f"{operation.label} ({mode.value}): {failure}")

    assert not failures, f"{service.name}:\n" + "\n\n".join(failures)


def check(
    client: TestClient,
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    headers: dict[str, str],
) -> None:
    """EXAMPLES requests of the operation in that mode, each answer checked (hypothesis
    shrinks a failing one to the smallest it finds, reported with a curl line)."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: schemathesis.Case) -> None:
        request = as_httpx(case.as_transport_kwargs(base_url="http://testserver"))
        request["headers"] = {**(request.get("headers") or {}), **headers}
        case.validate_response(client.request(**request), checks=CHECKS)

    answers_as_documented()
