"""RestoreDrill: a Job running `olist-dw backup drill` (a restore into a scratch copy,
verified); its measured RTO and the Verified and RTOCompliant conditions."""

from __future__ import annotations

from typing import Any

import kopf

from k8s_operator import jobs
from k8s_operator.handlers import runs
from k8s_operator.handlers.common import (
    create_child,
    dependencies,
    kopf_errors,
    owner_of,
    register_resource,
)
from k8s_operator.resources import RESTORE_DRILL
from k8s_operator.settings import OperatorSettings
from k8s_operator.specs import restore_drill_spec

FINAL = ("Succeeded", "Failed")


def register(registry: kopf.OperatorRegistry, settings: OperatorSettings) -> None:
    register_resource(
        registry,
        RESTORE_DRILL,
        settings,
        created=created,
        updated=updated,
        check=check,
        when=unfinished,
    )


def unfinished(status: kopf.Status, **_: Any) -> bool:
    return status.get("phase") not in FINAL


async def created(
    body: kopf.Body,
    spec: kopf.Spec,
    patch: kopf.Patch,
    memo: kopf.Memo,
    logger: kopf.Logger,
    **_: Any,
) -> None:
    deps = dependencies(memo)
    async with kopf_errors(patch):
        drill = restore_drill_spec(spec)
        owner = owner_of(body, RESTORE_DRILL)
        manifest = jobs.drill_job(drill, owner, deps.settings)
        await create_child(deps.api, owner, body, manifest, "jobs")
    patch.status["phase"] = "Pending"
    patch.status["jobName"] = manifest["metadata"]["name"]
    patch.status["message"] = f"Job {manifest['metadata']['name']} created"
    logger.info(f"Job {manifest['metadata']['name']}: {' '.join(jobs.drill_command(drill))}")


def updated(patch: kopf.Patch, logger: kopf.Logger, **_: Any) -> None:
    patch.status["message"] = "the spec changed, but a drill runs once: create a new RestoreDrill"
    logger.warning(patch.status["message"])


async def check(body: kopf.Body, memo: kopf.Memo, **_: Any) -> None:
    """Catch up on the drill's Job if the event handler missed its end."""
    async with kopf_errors():
        await runs.reconcile(dependencies(memo), body)
