"""NATS signs in a user per service and holds each to its part: a context publishes only its
own subjects, reporting only consumes (and dead-letters), the loader only reads progress.
Real server, real credentials (the local runtime's configuration)."""

from __future__ import annotations

import asyncio

import nats
import pytest
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import ConsumerConfig

from contracts.contexts import PUBLISHING_CONTEXTS, REPORTING
from olist_dw.runtime.stack import Stack
from services.chassis import jetstream
from services.chassis.broker_permissions import LOADER
from services.chassis.jetstream import inbox_prefix

pytestmark = pytest.mark.integration
REFUSED = (NatsTimeout, NoRespondersError, asyncio.TimeoutError)


class Session:
    """A connection as one user, keeping the permission violations the server reports."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        self.client: nats.aio.client.Client | None = None

    async def open(self, stack: Stack, user: str) -> Session:
        async def record(error: Exception) -> None:
            self.violations.append(str(error))

        self.client = await jetstream.connect(stack.nats.url_as(user), user, error_cb=record)
        return self

    @property
    def js(self):
        assert self.client is not None
        return self.client.jetstream(timeout=0.5)

    async def refused(self, attempt) -> bool:
        """Whether the server refused `attempt` (a coroutine) and said why."""
        try:
            await attempt
        except (*REFUSED, nats.js.errors.APIError):
            pass
        else:
            return False
        await asyncio.sleep(0.1)
        return any("permissions violation" in v.lower() for v in self.violations)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()


@pytest.fixture
async def streams(jetstream_context):
    for context in PUBLISHING_CONTEXTS:
        await jetstream.ensure_stream(jetstream_context, context)
    await jetstream.ensure_dead_letter_stream(jetstream_context)
    return jetstream_context


@pytest.fixture
async def session():
    sessions: list[Session] = []

    async def open_as(stack: Stack, user: str) -> Session:
        sessions.append(await Session().open(stack, user))
        return sessions[-1]

    yield open_as
    for opened in sessions:
        await opened.close()


async def messages_in(js, stream: str) -> int:
    return (await js.stream_info(stream)).state.messages


@pytest.mark.parametrize("context", PUBLISHING_CONTEXTS)
async def test_a_context_publishes_its_own_subjects_and_no_other(
    infrastructure: Stack, streams, session, context: str
) -> None:
    own = await session(infrastructure, context)
    ack = await own.js.publish(f"{context}.test.published", b"{}")
    assert ack.stream == jetstream.stream_name(context)
    for other in PUBLISHING_CONTEXTS:
        if other == context:
            continue
        before = await messages_in(streams, jetstream.stream_name(other))
        assert await own.refused(own.js.publish(f"{other}.test.forged", b"{}")), other
        assert await messages_in(streams, jetstream.stream_name(other)) == before
    assert await own.refused(own.js.publish("dlq.sales.test", b"{}"))
    assert await own.refused(own.js.delete_stream(jetstream.stream_name(other)))


async def test_reporting_consumes_and_dead_letters_but_publishes_no_event(
    infrastructure: Stack, streams, session
) -> None:
    reporting = await session(infrastructure, REPORTING)
    await streams.publish("sales.test.published", b"{}")
    subscription = await reporting.js.pull_subscribe(
        "", durable="permissions-test", stream="SALES", config=ConsumerConfig()
    )
    [message] = await subscription.fetch(1, timeout=5)
    await message.ack()
    await reporting.js.publish("dlq.sales.test.published", b"{}")
    for context in PUBLISHING_CONTEXTS:
        assert await reporting.refused(reporting.js.publish(f"{context}.test.forged", b"{}"))
    await streams.delete_consumer("SALES", "permissions-test")


async def test_the_loader_reads_progress_only(infrastructure: Stack, streams, session) -> None:
    loader = await session(infrastructure, LOADER)
    await streams.add_consumer("SALES", ConsumerConfig(durable_name="progress-test"))
    info = await loader.js.consumer_info("SALES", "progress-test")
    assert info.name == "progress-test"
    assert await loader.refused(loader.js.publish("sales.test.forged", b"{}"))
    assert await loader.refused(loader.js.delete_consumer("SALES", "progress-test"))
    await streams.delete_consumer("SALES", "progress-test")


async def test_a_service_cannot_read_another_services_replies(infrastructure: Stack, session):
    sales = await session(infrastructure, "sales")
    await sales.client.subscribe(f"{inbox_prefix(REPORTING)}.>")
    await sales.client.flush(timeout=1)
    await asyncio.sleep(0.2)
    assert any("permissions violation for subscription" in v.lower() for v in sales.violations)


async def test_without_a_password_nobody_gets_in(infrastructure: Stack) -> None:
    with pytest.raises(Exception, match=r"(?i)authorization"):
        await nats.connect(infrastructure.nats.address, allow_reconnect=False, connect_timeout=2)
