"""`python -m k8s_operator`: the operator, namespace-scoped (OLIST_DW_OPERATOR_NAMESPACE),
standalone (one replica, no peering), with kopf's liveness endpoint for the probes."""

from __future__ import annotations

import logging
import os
import sys

import kopf

from k8s_operator.handlers import Dependencies, memo_for, register
from k8s_operator.settings import SettingsInvalid, settings_from_environment


def main() -> int:
    logging.basicConfig(
        level=os.environ.get("OLIST_DW_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = settings_from_environment()
    except SettingsInvalid as error:
        print(f"olist-dw operator: {error}", file=sys.stderr)
        return 2
    registry = register(kopf.OperatorRegistry(), settings)
    kopf.run(
        registry=registry,
        memo=memo_for(Dependencies(settings)),
        standalone=True,
        clusterwide=settings.namespace is None,
        namespaces=[settings.namespace] if settings.namespace else [],
        liveness_endpoint=settings.liveness_endpoint,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
