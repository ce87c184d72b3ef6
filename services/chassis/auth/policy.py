"""One mechanism for every route: `dependencies=[allow(Role.ANALYST, ...)]` verifies the
bearer token and the caller's roles; `route_policies(app)` reads them back (the test that
walks every route of every service, and docs/security.md). A client address whose
authentications keep failing is locked out for a while (lockout.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.chassis.auth.lockout import FailedAuthentications
from services.chassis.auth.tokens import Principal, Role, TokenRefused, TokenVerifier

log = logging.getLogger(__name__)

BEARER = HTTPBearer(auto_error=False)
CHALLENGE = {"WWW-Authenticate": "Bearer"}

# who reads, who writes: the common policies
READERS = (Role.ANALYST, Role.DATA_ENGINEER, Role.ADMIN, Role.SERVICE)
WRITERS = (Role.DATA_ENGINEER, Role.ADMIN, Role.SERVICE)


class Allow:
    """The route's policy, as a FastAPI dependency: the principal, or 401/403."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(
        self,
        request: Request,
        credentials: HTTPAuthorizationCredentials | None = Depends(BEARER),
    ) -> Principal:
        client = client_address(request)
        failures: FailedAuthentications | None = getattr(
            request.app.state, "failed_authentications", None
        )
        lockout = failures.lockout(client) if failures is not None else None
        if lockout is not None:
            raise HTTPException(
                429,
                f"too many failed authentications from {client}: try again in"
                f" {lockout.retry_after} s",
                headers={"Retry-After": str(lockout.retry_after)},
            )
        if credentials is None:
            await _failed(request, client, failures)
            raise HTTPException(401, "a bearer token is required", headers=CHALLENGE)
        verifier: TokenVerifier = request.app.state.token_verifier
        try:
            principal = verifier.verify(credentials.credentials)
        except TokenRefused as refused:
            await _audit(request, "anonymous", "authentication.refused", str(refused))
            await _failed(request, client, failures)
            raise HTTPException(401, f"token refused: {refused}", headers=CHALLENGE) from None
        if not principal.roles & self.roles:
            allowed = ", ".join(sorted(self.roles))
            await _audit(request, principal.subject, "authorization.refused", allowed)
            raise HTTPException(403, f"this needs one of the roles {allowed}")
        return principal


def client_address(request: Request) -> str:
    """Who is calling, as far as the connection tells (behind a proxy: the address the
    server takes from its forwarded headers, uvicorn's --forwarded-allow-ips)."""
    return request.client.host if request.client else "unknown"


async def _failed(request: Request, client: str, failures: FailedAuthentications | None) -> None:
    """Count a 401 against the client; the one that locks it out is audited and logged."""
    lockout = failures.failed(client) if failures is not None else None
    if lockout is None or failures is None:
        return
    reason = (
        f"{lockout.failures} failed authentications within {failures.window_seconds:g} s:"
        f" refused for {lockout.retry_after} s"
    )
    log.warning("locked out %s: %s", client, reason)
    await _audit(request, "anonymous", "authentication.locked_out", reason)


async def _audit(request: Request, actor: str, action: str, reason: str) -> None:
    """The refusal in the audit log (what was asked, by which address, and why not; never
    the token)."""
    audit = getattr(request.app.state, "audit", None)
    if audit is not None:
        where = {
            "method": request.method,
            "path": request.url.path,
            "client": client_address(request),
            "reason": reason,
        }
        await run_in_threadpool(audit, actor, action, where)


def allow(*roles: Role) -> Any:
    return Depends(Allow(*roles))


@dataclass(frozen=True)
class RoutePolicy:
    path: str
    methods: frozenset[str]
    roles: frozenset[Role] | None  # None: the route declares no policy


def route_policies(app: FastAPI) -> list[RoutePolicy]:
    """Every API route of the app (included routers too, their prefixes applied) with the
    roles it admits."""
    return [
        RoutePolicy(context.path_format or "", frozenset(context.methods or ()), _roles(context))
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
    ]


def _roles(context: RouteContext) -> frozenset[Role] | None:
    for dependency in context.dependant.dependencies:
        if isinstance(dependency.call, Allow):
            return dependency.call.roles
    return None
