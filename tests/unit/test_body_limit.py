"""A request body over the limit gets 413 with a JSON detail, whether its Content-Length
says so (refused before a byte is read) or it streams without one (refused at the chunk
that crosses the limit); a body within the limit reaches the route; the loader says in
one sentence that its batch was too large."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from pydantic import BaseModel

from services.chassis.auth.lockout import FailedAuthentications
from services.chassis.auth.tokens import TokenVerifier
from services.chassis.http import create_app
from services.chassis.settings import ServiceSettings
from services.loader.adapters.http_gateway import HttpContextGateway
from services.loader.application.ports import BatchTooLarge, SourceRow

LIMIT = 10_000


class Batch(BaseModel):
    rows: list[str]


@pytest.fixture
def reached() -> list[int]:
    return []


@pytest.fixture
def client(reached: list[int]) -> TestClient:
    app = create_app(
        "test",
        ready=lambda: True,
        verifier=TokenVerifier(None, "issuer", "audience"),
        failed_authentications=FailedAuthentications(10, 60),
        max_request_bytes=LIMIT,
    )

    @app.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        reached.append(1)
        return {"bytes": len(await request.body())}

    @app.post("/parsed")
    async def parsed(batch: Batch) -> dict[str, int]:
        reached.append(1)
        return {"rows": len(batch.rows)}

    return TestClient(app)


def chunks(size: int, chunk: int = 1000) -> Iterator[bytes]:
    """A body streamed without a Content-Length (chunked)."""
    for start in range(0, size, chunk):
        yield b"x" * min(chunk, size - start)


def assert_too_large(answer) -> None:
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/json"
    assert f"{LIMIT:,} bytes" in answer.json()["detail"]
    assert "OLIST_DW_MAX_REQUEST_BYTES" in answer.json()["detail"]


@pytest.mark.parametrize("path", ["/raw", "/parsed"])
def test_a_declared_body_over_the_limit_is_refused_before_the_route(client, reached, path):
    assert_too_large(client.post(path, content=b"x" * (LIMIT + 1)))
    assert reached == []


def test_a_streamed_body_over_the_limit_is_refused_at_the_chunk_that_crosses_it(client):
    assert_too_large(client.post("/raw", content=chunks(LIMIT + 1)))


def test_a_streamed_json_body_over_the_limit_is_refused_where_fastapi_parses_it(client):
    assert_too_large(
        client.post(
            "/parsed", content=chunks(LIMIT * 2), headers={"content-type": "application/json"}
        )
    )


def test_a_body_within_the_limit_reaches_the_route(client):
    assert client.post("/raw", content=b"x" * LIMIT).json() == {"bytes": LIMIT}
    assert client.post("/raw", content=chunks(LIMIT)).json() == {"bytes": LIMIT}
    assert client.post("/parsed", json={"rows": ["a", "b"]}).json() == {"rows": 2}
    assert client.get("/healthz").status_code == 200


def test_the_limit_is_a_setting_with_room_for_the_loaders_batches(monkeypatch):
    # the largest real batch (5,000 orders) is about 2 MB of JSON
    assert ServiceSettings().max_request_bytes >= 32 * 2_000_000
    monkeypatch.setenv("OLIST_DW_MAX_REQUEST_BYTES", "1048576")
    assert ServiceSettings().max_request_bytes == 1_048_576


async def test_the_loader_says_in_one_sentence_that_a_batch_was_too_large():
    def too_large(request: httpx.Request) -> httpx.Response:
        return httpx.Response(413, json={"detail": "the request body is larger than..."})

    gateway = HttpContextGateway({"sales": "http://sales"}, wait=1)
    gateway._client = httpx.AsyncClient(transport=httpx.MockTransport(too_large))
    with pytest.raises(BatchTooLarge, match="OLIST_DW_MAX_REQUEST_BYTES"):
        await gateway.stage("sales", "load-1", "orders", "orders.csv", [SourceRow(1, {})])
    await gateway.close()
