"""A Job of one of the resources moved on: its owner's status follows. Called by the Job
event handler as it happens, and by each resource's timer to catch up on what an event
handler missed (kopf does not retry event handlers; a timer comes back)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from k8s_operator import jobs, phases, statuses, windows
from k8s_operator.handlers.common import Dependencies, now, patch_cronjob
from k8s_operator.kubernetes import ApiError
from k8s_operator.phases import JobView, Phase
from k8s_operator.resources import (
    API_VERSION,
    BACKUP_SCHEDULE,
    BY_PLURAL,
    OWNER_UID_LABEL,
    RESTORE_DRILL,
    WAREHOUSE_LOAD,
)
from k8s_operator.specs import backup_schedule_spec, restore_drill_spec, warehouse_load_spec
from k8s_operator.summaries import termination_message


def shown_run(plural: str, status: Mapping[str, Any]) -> Mapping[str, Any]:
    """Where the status shows its Job: a BackupSchedule's last run, the others' top level."""
    if plural == BACKUP_SCHEDULE.plural:
        last_run = status.get("lastRun")
        return last_run if isinstance(last_run, Mapping) else {}
    return status


async def record(deps: Dependencies, job: JobView, owner: Mapping[str, Any] | None = None) -> bool:
    """Bring the owner's status to this Job, unless it shows it already (or a newer one).
    True if the status was patched."""
    kind = BY_PLURAL.get(job.owner_kind or "")
    if kind is None or not job.owner_uid or not job.owner_name or not job.namespace:
        return False
    if owner is None:
        try:
            owner = await deps.api.get(API_VERSION, kind.plural, job.namespace, job.owner_name)
        except ApiError as error:
            if error.status == 404:
                return False  # deleted: its Jobs go with it
            raise
    metadata = owner.get("metadata") or {}
    if metadata.get("uid") != job.owner_uid:
        return False
    status = owner.get("status") or {}
    shown = shown_run(kind.plural, status)
    if not phases.shows(shown, job) or phases.recorded(shown, job):
        return False
    if shown.get("jobName") == job.name and shown.get("phase") == job.phase.value:
        return False  # nothing new before the end
    message = None
    if job.phase.final:
        pods = await deps.api.list("v1", "pods", job.namespace, {"job-name": job.name})
        container = jobs.container_of(kind)
        message = termination_message(pods, container, succeeded=job.phase is Phase.SUCCEEDED)
    spec = owner.get("spec") or {}
    moment = now()
    if kind is WAREHOUSE_LOAD:
        load = warehouse_load_spec(spec, deps.settings.freshness_target)
        patch = statuses.load_status(status, job, message, load.freshness_target, moment)
    elif kind is BACKUP_SCHEDULE:
        target = backup_schedule_spec(spec).rpo_target
        patch = statuses.backup_status(status, job, message, target, moment)
    else:
        assert kind is RESTORE_DRILL
        target = restore_drill_spec(spec).rto_target
        patch = statuses.drill_status(status, job, message, target, moment)
    name = metadata.get("name", job.owner_name)
    await deps.api.patch(
        API_VERSION, kind.plural, job.namespace, name, {"status": patch}, subresource="status"
    )
    if kind is WAREHOUSE_LOAD and job.phase is Phase.SUCCEEDED:
        await _rearm(deps, owner, patch)
    return True


async def _rearm(deps: Dependencies, owner: Mapping[str, Any], patch: Mapping[str, Any]) -> None:
    """A scheduled load since the last load: its next run starts where this one ended."""
    spec = warehouse_load_spec(owner.get("spec") or {}, deps.settings.freshness_target)
    last = windows.last_load(patch)
    if not (spec.schedule and spec.since_last_load and last):
        return
    metadata = owner.get("metadata") or {}
    who = jobs.Owner(WAREHOUSE_LOAD, metadata["name"], metadata["uid"], metadata.get("namespace"))
    manifest = jobs.load_cronjob(spec, windows.load_window(spec, last), who, deps.settings)
    await patch_cronjob(deps.api, who, manifest)


async def reconcile(deps: Dependencies, owner: Mapping[str, Any]) -> bool:
    """Record the owner's newest Job, if its status does not show it yet."""
    metadata = owner.get("metadata") or {}
    namespace, uid = metadata.get("namespace"), metadata.get("uid")
    if not namespace or not uid:
        return False
    found = await deps.api.list("batch/v1", "jobs", namespace, {OWNER_UID_LABEL: uid})
    newest = phases.newest_job([phases.job_view(j) for j in found])
    if newest is None:
        return False
    return await record(deps, newest, owner)
