"""How far the star schema is behind: pending and unacknowledged events of its consumers."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from nats.js.errors import NotFoundError

from services.chassis import jetstream

log = logging.getLogger(__name__)


class JetStreamWarehouseProgress:
    def __init__(self, nats_url: str, durable: str, contexts: Sequence[str]) -> None:
        self._url, self._durable, self._contexts = nats_url, durable, contexts
        self._client = None

    async def pending(self) -> int:
        """Events not yet applied; while the broker cannot say, at least one."""
        try:
            if self._client is None:
                self._client = await jetstream.connect(self._url, "loader")
            js = self._client.jetstream()
            total = 0
            for context in self._contexts:
                info = await js.consumer_info(jetstream.stream_name(context), self._durable)
                total += info.num_pending + info.num_ack_pending
            return total
        except NotFoundError:
            return 1  # the consumer does not exist yet: not caught up
        except Exception:  # noqa: BLE001 - a broker restart: ask again at the next poll
            log.warning("cannot read the warehouse consumers' progress yet; retrying")
            return 1

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
