"""A service's entries in the audit log (olist_dw/audit: the schema, the chain, verify):
appended through `audit.record`, the only privilege a service has on it."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)


def record(engine: Engine, actor: str, action: str, detail: Mapping[str, object]) -> None:
    """Append an entry; a log that cannot be written is said in the service's log and does
    not fail the request that caused it."""
    try:
        with engine.begin() as connection:
            connection.execute(
                text("SELECT audit.record(:actor, :action, :detail)"),
                {
                    "actor": actor,
                    "action": action,
                    "detail": json.dumps(dict(detail), sort_keys=True),
                },
            )
    except Exception as error:
        log.warning("could not write the audit log (%s): %s", action, type(error).__name__)
