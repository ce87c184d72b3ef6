"""FastAPI app factory: every service gets the same health and readiness routes (public),
the token verifier and the lockout of failing clients its routes' policies use
(services/chassis/auth), and a limit on the size of request bodies (body_limit.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from fastapi import FastAPI, Response

from services.chassis.auth.lockout import FailedAuthentications
from services.chassis.auth.tokens import TokenVerifier
from services.chassis.body_limit import BodySizeLimit
from services.chassis.refusals import document_refusals

ReadinessCheck = Callable[[], bool]


def create_app(
    service: str,
    *,
    ready: ReadinessCheck,
    verifier: TokenVerifier,
    failed_authentications: FailedAuthentications,
    max_request_bytes: int,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    app = FastAPI(title=f"olist-dw {service}", lifespan=lifespan)
    app.state.token_verifier = verifier
    app.state.failed_authentications = failed_authentications
    app.add_middleware(BodySizeLimit, max_bytes=max_request_bytes)
    document_refusals(app)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"service": service, "status": "alive"}

    @app.get("/readyz", tags=["health"])
    def readyz(response: Response) -> dict[str, str]:
        is_ready = ready()
        response.status_code = 200 if is_ready else 503
        return {"service": service, "status": "ready" if is_ready else "starting"}

    return app
