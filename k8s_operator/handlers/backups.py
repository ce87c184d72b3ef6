"""BackupSchedule: a CronJob running `olist-dw backup create`; RPOCompliant kept current by
a timer, from what the WAL stream reports where there is one."""

from __future__ import annotations

from typing import Any

import kopf

from k8s_operator import jobs, statuses
from k8s_operator.conditions import merged, rpo_compliant
from k8s_operator.handlers import runs
from k8s_operator.handlers.common import (
    Dependencies,
    apply_cronjob,
    dependencies,
    kopf_errors,
    now,
    owner_of,
    register_resource,
)
from k8s_operator.resources import BACKUP_SCHEDULE
from k8s_operator.settings import OperatorSettings
from k8s_operator.specs import SpecInvalid, backup_schedule_spec
from k8s_operator.summaries import SummaryInvalid, WalStreamReport, wal_stream_report
from k8s_operator.wal_stream import WalStreamUnreachable


def register(registry: kopf.OperatorRegistry, settings: OperatorSettings) -> None:
    register_resource(
        registry, BACKUP_SCHEDULE, settings, created=scheduled, updated=scheduled, check=check
    )


async def scheduled(
    body: kopf.Body,
    spec: kopf.Spec,
    status: kopf.Status,
    patch: kopf.Patch,
    memo: kopf.Memo,
    logger: kopf.Logger,
    **_: Any,
) -> None:
    """Create the CronJob, or bring it to a changed spec."""
    deps = dependencies(memo)
    async with kopf_errors(patch, phase=False):
        backup = backup_schedule_spec(spec)
        owner = owner_of(body, BACKUP_SCHEDULE)
        manifest = jobs.backup_cronjob(backup, owner, deps.settings)
        await apply_cronjob(deps.api, owner, body, manifest)
    patch.status["cronJobName"] = manifest["metadata"]["name"]
    patch.status["message"] = f"backups scheduled {backup.schedule!r}, retention {backup.retention}"
    if not status.get("conditions"):
        condition = rpo_compliant(None, None, backup.rpo_target, now())
        patch.status["conditions"] = merged(status.get("conditions"), [condition], now())
    logger.info(f"CronJob {manifest['metadata']['name']}: {' '.join(jobs.backup_command(backup))}")


async def check(
    body: kopf.Body,
    spec: kopf.Spec,
    status: kopf.Status,
    patch: kopf.Patch,
    memo: kopf.Memo,
    **_: Any,
) -> None:
    """Catch up on a backup Job the event handler missed; then what the WAL stream says,
    if there is one, and RPOCompliant as of now."""
    try:
        backup = backup_schedule_spec(spec)
    except SpecInvalid:
        return  # said when it was created or changed
    deps = dependencies(memo)
    async with kopf_errors():
        if await runs.reconcile(deps, body):
            return
    if deps.settings.wal_stream_url:
        report, problem = await _wal_stream_report(deps, deps.settings.wal_stream_url)
        update = statuses.wal_stream(status, report, problem, backup.rpo_target, now())
    else:
        update = statuses.rpo(status, backup.rpo_target, now())
    if update:
        patch.status.update(update)


async def _wal_stream_report(
    deps: Dependencies, url: str
) -> tuple[WalStreamReport | None, str | None]:
    try:
        return wal_stream_report(await deps.read_wal_stream(url)), None
    except (WalStreamUnreachable, SummaryInvalid) as error:
        return None, str(error)
