"""How far the star schema is behind (pending and unacknowledged events of its consumers,
read from JetStream), and the reporting service's mart refresh (over HTTP)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import httpx
import nats.aio.client
from nats.js.errors import NotFoundError
from tenacity import retry, stop_after_attempt, wait_exponential

from services.chassis import jetstream
from services.loader.adapters.http_gateway import bearer

log = logging.getLogger(__name__)


class JetStreamWarehouseProgress:
    def __init__(
        self,
        nats_url: str,
        durable: str,
        contexts: Sequence[str],
        reporting_url: str,
        token: str | None = None,
        tls_ca: str | None = None,
    ) -> None:
        self._url, self._durable, self._contexts = nats_url, durable, contexts
        self._tls_ca = tls_ca
        self._reporting_url, self._token = reporting_url, token
        self._client: nats.aio.client.Client | None = None

    async def pending(self) -> int:
        """Messages (frames of events) not yet applied; while the broker cannot say, at least
        one."""
        try:
            if self._client is None:
                self._client = await jetstream.connect(self._url, "loader", self._tls_ca)
            js = self._client.jetstream()
            total = 0
            for context in self._contexts:
                info = await js.consumer_info(jetstream.stream_name(context), self._durable)
                total += info.num_pending + info.num_ack_pending
            return total
        except NotFoundError:
            return 1  # the consumer does not exist yet: not caught up
        except Exception:
            log.warning("cannot read the warehouse consumers' progress yet; retrying")
            return 1

    @retry(stop=stop_after_attempt(5), wait=wait_exponential(0.5, max=8), reraise=True)
    async def refresh_marts(self) -> None:
        async with httpx.AsyncClient(
            base_url=self._reporting_url, timeout=600, headers=bearer(self._token)
        ) as client:
            response = await client.post("/warehouse/marts/refresh")
            response.raise_for_status()

    @retry(stop=stop_after_attempt(5), wait=wait_exponential(0.5, max=8), reraise=True)
    async def hold_marts(self, load_id: str, reasons: Sequence[str]) -> None:
        async with httpx.AsyncClient(
            base_url=self._reporting_url, timeout=60, headers=bearer(self._token)
        ) as client:
            response = await client.post(
                "/warehouse/marts/hold", json={"load_id": load_id, "reasons": list(reasons)}
            )
            response.raise_for_status()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
