"""The local quality service's reports, as the CLI (`olist-dw quality`) and the tests read
them: its API, called with an analyst's token this runtime mints."""

from __future__ import annotations

from typing import Any

import httpx

from olist_dw.runtime.signing import mint
from olist_dw.runtime.stack import Stack
from services.chassis.auth.tokens import Role


class NoReport(LookupError):
    pass


def _get(stack: Stack, path: str, **params: Any) -> Any:
    token = mint(stack.home, "olist-dw quality", [Role.ANALYST])
    response = httpx.get(
        f"{stack.service_url('quality')}{path}",
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    if response.status_code == 404:
        raise NoReport(response.json()["detail"])
    response.raise_for_status()
    return response.json()


def report_of(stack: Stack, load_id: str | None = None) -> dict[str, Any]:
    """A load's report (default: the last load judged); NoReport when there is none."""
    if load_id is None:
        load_id = _get(stack, "/quality/score")["load_id"]
    return _get(stack, f"/quality/reports/{load_id}")


def reports_of(stack: Stack, limit: int = 50) -> list[dict[str, Any]]:
    """The loads judged, newest first."""
    return _get(stack, "/quality/reports", limit=limit)


def trend_of(stack: Stack, rule: str, limit: int = 50) -> list[dict[str, Any]]:
    return _get(stack, f"/quality/rules/{rule}/trend", limit=limit)
