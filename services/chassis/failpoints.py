"""Failpoints: named places where a process can be told to die (SIGKILL), so that fault
tests hit the exact window a guarantee is about (e.g. between publishing an outbox batch
and marking it published). Off unless OLIST_DW_FAILPOINTS names them; never set in
production. The local supervisor restarts a process without them: each fires once."""

from __future__ import annotations

import os
import signal

RELAY_AFTER_PUBLISH = "relay-after-publish"
STAGE_AFTER_COMMIT = "stage-after-commit"  # a staged batch committed, its answer not sent
CONSUMER_AFTER_APPLY = "consumer-after-apply"


def hit(name: str) -> None:
    if name in os.environ.get("OLIST_DW_FAILPOINTS", "").split(","):
        os.kill(os.getpid(), signal.SIGKILL)
