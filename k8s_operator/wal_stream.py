"""The adapter to `olist-dw backup stream`: its `GET /wal`, read as text (summaries.py
reads the JSON)."""

from __future__ import annotations

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=5)


class WalStreamUnreachable(RuntimeError):
    pass


async def read_wal_stream(url: str) -> str:
    try:
        async with (
            aiohttp.ClientSession(timeout=TIMEOUT) as session,
            session.get(url) as response,
        ):
            text = await response.text()
    except (TimeoutError, aiohttp.ClientError) as error:
        raise WalStreamUnreachable(f"{url}: {error or type(error).__name__}") from None
    if response.status != 200:
        raise WalStreamUnreachable(f"{url} answered {response.status}")
    return text
