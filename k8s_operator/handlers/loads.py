"""WarehouseLoad: a Job (or, with a schedule, a CronJob) running `olist-dw load`; the Fresh
condition kept current by a timer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import kopf

from k8s_operator import jobs, statuses, windows
from k8s_operator.conditions import fresh, merged
from k8s_operator.handlers import runs
from k8s_operator.handlers.common import (
    apply_cronjob,
    create_child,
    dependencies,
    kopf_errors,
    now,
    owner_of,
    register_resource,
)
from k8s_operator.resources import GROUP, VERSION, WAREHOUSE_LOAD
from k8s_operator.settings import OperatorSettings
from k8s_operator.specs import SpecInvalid, WarehouseLoadSpec, warehouse_load_spec

PLURAL = WAREHOUSE_LOAD.plural
LAST_LOADS = "last_loads"  # the index: namespace -> each WarehouseLoad's last success


def register(registry: kopf.OperatorRegistry, settings: OperatorSettings) -> None:
    kopf.index(GROUP, VERSION, PLURAL, id=LAST_LOADS, registry=registry)(index_last_load)
    register_resource(
        registry, WAREHOUSE_LOAD, settings, created=created, updated=updated, check=check
    )


def index_last_load(namespace: str | None, status: kopf.Status, **_: Any) -> dict[str, Any]:
    return {namespace or "": status.get("lastSuccessfulLoad")}


def since(namespace: str | None, index: kopf.Index[str, Any]) -> windows.LastLoad | None:
    """The newest successful load of any WarehouseLoad of the namespace."""
    records: Iterable[Any] = index.get(namespace or "", [])
    return windows.newest(windows.last_load({"lastSuccessfulLoad": r}) for r in records)


def parse(spec: kopf.Spec, memo: kopf.Memo) -> WarehouseLoadSpec:
    return warehouse_load_spec(spec, dependencies(memo).settings.freshness_target)


async def created(
    body: kopf.Body,
    spec: kopf.Spec,
    status: kopf.Status,
    patch: kopf.Patch,
    memo: kopf.Memo,
    logger: kopf.Logger,
    **kwargs: Any,
) -> None:
    deps = dependencies(memo)
    async with kopf_errors(patch):
        load = parse(spec, memo)
        owner = owner_of(body, WAREHOUSE_LOAD)
        window = windows.load_window(load, since(owner.namespace, kwargs[LAST_LOADS]))
        if load.schedule:
            manifest = jobs.load_cronjob(load, window, owner, deps.settings)
            await apply_cronjob(deps.api, owner, body, manifest)
            patch.status["cronJobName"] = manifest["metadata"]["name"]
            patch.status["message"] = f"scheduled {load.schedule!r}: no run yet"
        else:
            manifest = jobs.load_job(load, window, owner, deps.settings)
            await create_child(deps.api, owner, body, manifest, "jobs")
            patch.status["jobName"] = manifest["metadata"]["name"]
            patch.status["message"] = f"Job {manifest['metadata']['name']} created"
    patch.status["phase"] = "Pending"
    last = windows.last_load(status)
    condition = fresh(last.completion_time if last else None, load.freshness_target, now())
    patch.status["conditions"] = merged(status.get("conditions"), [condition], now())
    logger.info(
        f"{manifest['kind']} {manifest['metadata']['name']}: {' '.join(jobs.load_command(load, window))}"
    )


async def updated(
    body: kopf.Body,
    spec: kopf.Spec,
    status: kopf.Status,
    patch: kopf.Patch,
    memo: kopf.Memo,
    logger: kopf.Logger,
    **kwargs: Any,
) -> None:
    """A scheduled load's CronJob follows its spec; a one-off load never runs twice."""
    deps = dependencies(memo)
    async with kopf_errors(patch, phase=False):
        load = parse(spec, memo)
        if not load.schedule or not status.get("cronJobName"):
            patch.status["message"] = (
                "the spec changed, but a one-off load runs once: create a new WarehouseLoad "
                "to load again"
            )
            logger.warning(patch.status["message"])
            return
        owner = owner_of(body, WAREHOUSE_LOAD)
        last = windows.newest(
            [windows.last_load(status), since(owner.namespace, kwargs[LAST_LOADS])]
        )
        manifest = jobs.load_cronjob(load, windows.load_window(load, last), owner, deps.settings)
        await apply_cronjob(deps.api, owner, body, manifest)
        patch.status["message"] = f"scheduled {load.schedule!r}"


async def check(
    body: kopf.Body,
    spec: kopf.Spec,
    status: kopf.Status,
    patch: kopf.Patch,
    memo: kopf.Memo,
    **_: Any,
) -> None:
    """Catch up on a Job whose end the event handler missed; then Fresh as of now. (An
    invalid spec was said at creation: nothing to check.)"""
    try:
        load = parse(spec, memo)
    except SpecInvalid:
        return
    finished = status.get("phase") in ("Succeeded", "Failed") and not load.schedule
    async with kopf_errors():
        if not finished and await runs.reconcile(dependencies(memo), body):
            return  # the status was just rewritten, Fresh with it
    update = statuses.freshness(status, load.freshness_target, now())
    if update:
        patch.status.update(update)
