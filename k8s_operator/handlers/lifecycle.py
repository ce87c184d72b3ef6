"""The operator's own start and end: login (the adapter gets the same credentials as
kopf), kopf's settings, closing the adapter's connections."""

from __future__ import annotations

from typing import Any

import kopf

from k8s_operator.handlers.common import dependencies
from k8s_operator.resources import GROUP


def register(registry: kopf.OperatorRegistry, *, login: bool) -> None:
    if login:
        kopf.on.login(registry=registry)(log_in)
    kopf.on.startup(registry=registry)(configure)
    kopf.on.cleanup(registry=registry)(close)


def log_in(memo: kopf.Memo, **kwargs: Any) -> kopf.ConnectionInfo | None:
    """The pod's ServiceAccount token in a cluster, else the kubeconfig (a developer's)."""
    info = kopf.login_with_service_account(**kwargs) or kopf.login_with_kubeconfig(**kwargs)
    if info is not None:
        dependencies(memo).api.use(info)
    return info


def configure(settings: kopf.OperatorSettings, **_: Any) -> None:
    # the handlers' progress and the last handled spec in annotations of our own prefix,
    # nothing in .status beyond what the CRDs declare (the structural schema prunes the rest)
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=GROUP)
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(prefix=GROUP)
    settings.persistence.finalizer = f"{GROUP}/operator"
    # namespace-scoped: no listing of namespaces or CRDs, which needs cluster-wide rights
    settings.scanning.disabled = True
    settings.posting.level = 20  # INFO and above become Kubernetes Events
    settings.watching.server_timeout = 300
    settings.networking.request_timeout = 60


async def close(memo: kopf.Memo, **_: Any) -> None:
    await dependencies(memo).api.close()
