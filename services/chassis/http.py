"""FastAPI app factory: every service gets the same health and readiness routes (public)
and the token verifier its routes' policies use (services/chassis/auth)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from fastapi import FastAPI, Response

from services.chassis.auth.tokens import TokenVerifier

ReadinessCheck = Callable[[], bool]


def create_app(
    service: str,
    *,
    ready: ReadinessCheck,
    verifier: TokenVerifier,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    app = FastAPI(title=f"olist-dw {service}", lifespan=lifespan)
    app.state.token_verifier = verifier

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"service": service, "status": "alive"}

    @app.get("/readyz", tags=["health"])
    def readyz(response: Response) -> dict[str, str]:
        is_ready = ready()
        response.status_code = 200 if is_ready else 503
        return {"service": service, "status": "ready" if is_ready else "starting"}

    return app
