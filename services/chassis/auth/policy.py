"""One mechanism for every route: `dependencies=[allow(Role.ANALYST, ...)]` verifies the
bearer token and the caller's roles; `route_policies(app)` reads them back (the test that
walks every route of every service, and docs/security.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.chassis.auth.tokens import Principal, Role, TokenRefused, TokenVerifier

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
        if credentials is None:
            raise HTTPException(401, "a bearer token is required", headers=CHALLENGE)
        verifier: TokenVerifier = request.app.state.token_verifier
        try:
            principal = verifier.verify(credentials.credentials)
        except TokenRefused as refused:
            await _audit(request, "anonymous", "authentication.refused", str(refused))
            raise HTTPException(401, f"token refused: {refused}", headers=CHALLENGE) from None
        if not principal.roles & self.roles:
            allowed = ", ".join(sorted(self.roles))
            await _audit(request, principal.subject, "authorization.refused", allowed)
            raise HTTPException(403, f"this needs one of the roles {allowed}")
        return principal


async def _audit(request: Request, actor: str, action: str, reason: str) -> None:
    """The refusal in the audit log (what was asked and why not; never the token)."""
    audit = getattr(request.app.state, "audit", None)
    if audit is not None:
        where = {"method": request.method, "path": request.url.path, "reason": reason}
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
