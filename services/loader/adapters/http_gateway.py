"""The HTTP adapter of the ContextGateway: batches to each context's import API, retried."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import orjson
from tenacity import (
    AsyncRetrying,
    RetryError,
    retry_if_exception,
    stop_after_delay,
    wait_exponential,
)

from services.loader.application.ports import (
    BatchTooLarge,
    CompletionOutcome,
    ContextRefused,
    ContextUnavailable,
    SourceRow,
    StageOutcome,
)

# How long a context may be away (a crash and its restart, a database restart) before the
# load gives up on it: OLIST_DW_CONTEXT_WAIT_SECONDS.
CONTEXT_WAIT_SECONDS = 60.0


def _raw_row(row: SourceRow) -> dict:
    """A row as contracts.imports.RawRow carries it (`problem` only when there is one)."""
    if row.problem is None:
        return {"row": row.row, "values": row.values}
    return {"row": row.row, "values": row.values, "problem": row.problem}


def bearer(token: str | None) -> dict[str, str]:
    """The Authorization header of the loader's calls (none without a token)."""
    return {"Authorization": f"Bearer {token}"} if token else {}


def detail_of(response: httpx.Response) -> str:
    """What a refusal says: its JSON `detail`, or its text (a proxy's page)."""
    try:
        return str(response.json().get("detail", response.text))
    except ValueError:
        return response.text[:200]


def _transient(error: BaseException) -> bool:
    if isinstance(error, httpx.TransportError):
        return True
    return isinstance(error, httpx.HTTPStatusError) and error.response.status_code >= 500


class HttpContextGateway:
    """Every call is idempotent on the context side, so retrying a batch is safe. A call
    that keeps failing transiently (connection refused, 5xx) is retried for `wait` seconds,
    then ContextUnavailable names the context and what to do."""

    def __init__(
        self,
        urls: Mapping[str, str],
        wait: float = CONTEXT_WAIT_SECONDS,
        timeout: float = 300.0,
        token: str | None = None,
    ) -> None:
        self._urls = dict(urls)
        self._client = httpx.AsyncClient(timeout=timeout, headers=bearer(token))
        self._wait, self._timeout = wait, timeout

    async def close(self) -> None:
        await self._client.aclose()

    async def _post(
        self, context: str, path: str, body: object, timeout: httpx.Timeout | None = None
    ) -> dict:
        return await self._call("POST", context, path, orjson.dumps(body), timeout)

    async def _call(
        self,
        method: str,
        context: str,
        path: str,
        content: bytes | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> dict:
        headers = {"content-type": "application/json"} if content is not None else None
        extra: dict[str, Any] = {"timeout": timeout} if timeout is not None else {}
        url = self._urls[context]
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_delay(self._wait),
                wait=wait_exponential(0.2, max=2),
                retry=retry_if_exception(_transient),
            ):
                with attempt:
                    response = await self._client.request(
                        method, f"{url}{path}", content=content, headers=headers, **extra
                    )
                    if response.status_code in (401, 403):
                        raise ContextRefused(
                            context, url, response.status_code, detail_of(response)
                        )
                    if response.status_code == 413:
                        raise BatchTooLarge(context, url, detail_of(response))
                    response.raise_for_status()
                    return response.json()
        except RetryError:
            raise ContextUnavailable(context, url, self._wait) from None
        raise AssertionError("unreachable")

    async def stage(
        self, context: str, load_id: str, kind: str, file: str, rows: Sequence[SourceRow]
    ) -> StageOutcome:
        body = {"source_file": file, "rows": [_raw_row(r) for r in rows]}
        answer = await self._post(context, f"/imports/{load_id}/{kind}", body)
        return StageOutcome(answer["accepted"], answer["rejected"], answer.get("reasons", {}))

    async def complete(
        self, context: str, load_id: str, window_from: str | None, window_to: str | None
    ) -> CompletionOutcome:
        # a completion takes as long as the load is big: no read timeout (retrying it while
        # it still runs would only queue the same work twice)
        answer = await self._post(
            context,
            f"/imports/{load_id}/complete",
            {"window_from": window_from, "window_to": window_to},
            timeout=httpx.Timeout(self._timeout, read=None),
        )
        return CompletionOutcome(answer["aggregates"], answer["events"], answer["orphans"])

    async def backlog(self, context: str) -> int:
        return (await self._call("GET", context, "/imports/outbox"))["unpublished"]
