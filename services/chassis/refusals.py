"""How a service says no, in the shapes its OpenAPI document declares: a 422 is FastAPI's
validation error (where in the request, and what is wrong), any other refusal a `detail`
sentence; `document_refusals` adds the chassis's own refusals (401, 403, 429 of the route
policies, 413 of the body limit, FastAPI's 400 for a body it cannot parse) to every
operation that can answer them."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from services.chassis.auth.policy import route_policies


class Refusal(BaseModel):
    """Why the request was refused (4xx other than 422)."""

    detail: str


def unprocessable(message: str, *where: str | int) -> RequestValidationError:
    """A 422 naming the part of the request at fault: `unprocessable(why, "query", "month")`."""
    return RequestValidationError([{"loc": where, "msg": message, "type": "value_error"}])


def invalid(error: ValidationError, *where: str | int) -> RequestValidationError:
    """A 422 of what pydantic found in a part of the request read by the route itself;
    without the input (a batch's body is not echoed back)."""
    return RequestValidationError(
        [
            {"loc": (*where, *problem["loc"]), "msg": problem["msg"], "type": problem["type"]}
            for problem in error.errors(include_url=False)
        ]
    )


def refusal(description: str) -> dict[str, Any]:
    """A route's `responses` entry for a refusal it answers itself (404, 409...)."""
    return {"model": Refusal, "description": description}


_POLICY_REFUSALS = {
    "401": ("No bearer token, or one refused (expired, forged, another issuer...).",
            {"WWW-Authenticate": "The scheme to authenticate with: Bearer."}),
    "403": ("The token has none of the roles this route admits.", {}),
    "429": ("Too many failed authentications from this address: try again later.",
            {"Retry-After": "Seconds until the address may try again."}),
}  # fmt: skip
_BODY_REFUSALS = {
    "400": "The body is not text that can be parsed (bytes that are not UTF-8...).",
    "413": "The body is larger than the service accepts (OLIST_DW_MAX_REQUEST_BYTES).",
}


def document_refusals(app: FastAPI) -> None:
    """Make the app's OpenAPI document declare the refusals of its route policies and of
    the body limit, on each operation that can answer them."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _declare(generate(), app)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def _declare(document: dict[str, Any], app: FastAPI) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Refusal", Refusal.model_json_schema())
    protected = {
        (policy.path, method.lower())
        for policy in route_policies(app)
        if policy.roles is not None
        for method in policy.methods
    }
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if (path, method) in protected:
                for status, (description, headers) in _POLICY_REFUSALS.items():
                    responses.setdefault(status, _response(description, headers))
            if "requestBody" in operation:
                for status, description in _BODY_REFUSALS.items():
                    responses.setdefault(status, _response(description, {}))


def _response(description: str, headers: dict[str, str]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}},
    }
    if headers:
        response["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in headers.items()
        }
    return response
