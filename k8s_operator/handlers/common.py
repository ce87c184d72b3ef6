"""What the handlers share: their dependencies, the API errors as kopf errors, the owner
of a child, creating a child idempotently."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import kopf

from k8s_operator.jobs import Manifest, Owner
from k8s_operator.kubernetes import ApiError, KubernetesApi
from k8s_operator.resources import GROUP, OWNER_UID_LABEL, VERSION, Kind
from k8s_operator.settings import OperatorSettings
from k8s_operator.specs import SpecInvalid
from k8s_operator.wal_stream import read_wal_stream

RETRY_SECONDS = 10


@dataclass
class Dependencies:
    settings: OperatorSettings
    api: KubernetesApi = field(default_factory=KubernetesApi)
    read_wal_stream: Callable[[str], Awaitable[str]] = read_wal_stream


def register_resource(
    registry: kopf.OperatorRegistry,
    kind: Kind,
    settings: OperatorSettings,
    *,
    created: Callable[..., Any],
    updated: Callable[..., Any],
    check: Callable[..., Any],
    when: Callable[..., bool] | None = None,
) -> None:
    """One custom resource's handlers: on creation, on a change of its spec, and a timer
    (every `check_interval_seconds`, while `when` holds) that catches up on what the
    events missed and keeps its conditions current."""
    kopf.on.create(GROUP, VERSION, kind.plural, registry=registry)(created)
    kopf.on.update(GROUP, VERSION, kind.plural, field="spec", registry=registry)(updated)
    kopf.timer(
        GROUP,
        VERSION,
        kind.plural,
        interval=settings.check_interval_seconds,
        initial_delay=settings.check_interval_seconds,
        when=when,
        registry=registry,
    )(check)


def dependencies(memo: Any) -> Dependencies:
    deps = memo.get("dependencies") if isinstance(memo, Mapping) else None
    if not isinstance(deps, Dependencies):
        raise kopf.PermanentError("the operator was started without its dependencies (memo)")
    return deps


def now() -> datetime:
    return datetime.now(UTC)


def owner_of(body: kopf.Body, kind: Kind) -> Owner:
    return Owner(kind, body.metadata.name or "", body.metadata.uid or "", body.metadata.namespace)


@asynccontextmanager
async def kopf_errors(
    patch: kopf.Patch | None = None, *, phase: bool = True
) -> AsyncIterator[None]:
    """An invalid spec is permanent (said in the status too, when given its patch); what the
    API refuses is temporary if it may heal (the server is busy or down, a conflict, a Job
    not there yet), else permanent."""
    try:
        yield
    except SpecInvalid as error:
        if patch is not None:
            patch.status["message"] = f"invalid spec: {error}"
            if phase:
                patch.status["phase"] = "Failed"
        raise kopf.PermanentError(f"invalid spec: {error}") from None
    except ApiError as error:
        if error.heals:
            raise kopf.TemporaryError(f"Kubernetes API: {error}", delay=RETRY_SECONDS) from None
        raise kopf.PermanentError(f"Kubernetes API refused: {error}") from None


async def create_child(
    api: KubernetesApi, owner: Owner, body: kopf.Body, manifest: Manifest, plural: str
) -> bool:
    """Create a Job or CronJob owned by `body`: True if created, False if one of that name
    is this owner's already (a retried handler); anyone else's is waited out."""
    kopf.adopt(manifest, owner=body)
    try:
        await api.create("batch/v1", plural, owner.namespace or "", manifest)
        return True
    except ApiError as error:
        if error.status != 409:
            raise
    name = manifest["metadata"]["name"]
    existing = await api.get("batch/v1", plural, owner.namespace or "", name)
    if ((existing.get("metadata") or {}).get("labels") or {}).get(OWNER_UID_LABEL) != owner.uid:
        raise kopf.TemporaryError(
            f"{plural} {name} exists and is not this resource's (an older one of the same "
            "name still being deleted?)",
            delay=RETRY_SECONDS * 3,
        )
    return False


async def apply_cronjob(
    api: KubernetesApi, owner: Owner, body: kopf.Body, manifest: Manifest
) -> None:
    """Create the CronJob, or bring the existing one (of this owner) to the manifest."""
    if not await create_child(api, owner, body, manifest, "cronjobs"):
        await patch_cronjob(api, owner, manifest)


async def patch_cronjob(api: KubernetesApi, owner: Owner, manifest: Manifest) -> None:
    await api.patch(
        "batch/v1",
        "cronjobs",
        owner.namespace or "",
        manifest["metadata"]["name"],
        {"metadata": {"labels": manifest["metadata"]["labels"]}, "spec": manifest["spec"]},
    )
