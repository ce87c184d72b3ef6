"""The kopf handlers: thin. Each reads what kopf hands it, asks the pure modules what to
do (specs, windows, jobs, statuses, conditions), and does it through the API adapter.
`register` puts them on a registry with the settings' intervals; the composition root
(k8s_operator/__main__.py, or a test) injects the dependencies through kopf's memo."""

from __future__ import annotations

import kopf

from k8s_operator.handlers import backups, drills, jobs, lifecycle, loads
from k8s_operator.handlers.common import Dependencies, dependencies
from k8s_operator.settings import OperatorSettings

__all__ = ["Dependencies", "dependencies", "memo_for", "register"]


def register(
    registry: kopf.OperatorRegistry, settings: OperatorSettings, *, login: bool = True
) -> kopf.OperatorRegistry:
    """Every handler on `registry`; `login=False` leaves the login to the caller (a test
    logs in to its mock API server and hands the same credentials to the adapter)."""
    lifecycle.register(registry, login=login)
    loads.register(registry, settings)
    backups.register(registry, settings)
    drills.register(registry, settings)
    jobs.register(registry)
    return registry


def memo_for(deps: Dependencies) -> kopf.Memo:
    return kopf.Memo(dependencies=deps)
