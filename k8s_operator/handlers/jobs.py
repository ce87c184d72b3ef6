"""Jobs labelled by the operator (its own, and those its CronJobs start): each change is
told to the owning resource's status as it happens."""

from __future__ import annotations

from typing import Any

import kopf

from k8s_operator.handlers import runs
from k8s_operator.handlers.common import dependencies
from k8s_operator.kubernetes import ApiError
from k8s_operator.phases import job_view
from k8s_operator.resources import MANAGED_BY, MANAGED_BY_LABEL
from k8s_operator.specs import SpecInvalid


def register(registry: kopf.OperatorRegistry) -> None:
    kopf.on.event("batch", "v1", "jobs", labels={MANAGED_BY_LABEL: MANAGED_BY}, registry=registry)(
        job_changed
    )


async def job_changed(
    type: str | None, body: kopf.Body, memo: kopf.Memo, logger: kopf.Logger, **_: Any
) -> None:
    if type == "DELETED":
        return
    job = job_view(body)
    try:
        await runs.record(dependencies(memo), job)
    except (ApiError, SpecInvalid) as error:
        # event handlers are not retried: the owner's timer catches up on this Job
        logger.warning(f"Job {job.name}: its owner's status waits for the next check: {error}")
