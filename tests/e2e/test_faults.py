"""Fault tests with real processes: kill -9 a part of the system in the middle of a load
(each test first proves the load is still running and work of the faulted stage is still
pending), let it come back (the local runtime's supervisor restarts a service, as
Kubernetes would), and the warehouse ends up identical to an undisturbed run (per-table
checksums), with every event in its stream exactly once."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import Callable, Iterator

import nats
import psycopg
import pytest

from contracts.contexts import PUBLISHING_CONTEXTS
from olist_dw.loading import load
from olist_dw.runtime.processes import is_alive, wait_until
from olist_dw.runtime.stack import Stack
from olist_dw.runtime.supervisor import read_supervision
from services.chassis.failpoints import (
    CONSUMER_AFTER_APPLY,
    RELAY_AFTER_PUBLISH,
    STAGE_AFTER_COMMIT,
)
from services.chassis.jetstream import stored_envelopes
from services.loader.adapters.warehouse_progress import JetStreamWarehouseProgress
from services.reporting.adapters.consumer import DURABLE
from services.reporting.adapters.warehouse_reads import checksums as dw_checksums
from tests.e2e.conftest import read_rows

pytestmark = pytest.mark.e2e
CONTEXTS = PUBLISHING_CONTEXTS


# what a killed consumer held unacknowledged comes back after the ack wait: 5 s instead of
# the services' 30 s keeps each recovery short (a redelivered batch is applied idempotently)
ACK_WAIT_SECONDS = "5"


@pytest.fixture(scope="module", autouse=True)
def short_ack_wait() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("OLIST_DW_ACK_WAIT_SECONDS", ACK_WAIT_SECONDS)
        yield


@pytest.fixture(scope="module")
def undisturbed(start_stack, synthetic_source) -> dict[str, str]:
    stack = start_stack()
    load(stack, synthetic_source)
    return dw_checksums(stack.database_url())


def count(stack: Stack, sql: str) -> int:
    with psycopg.connect(stack.database_url()) as connection:
        return connection.execute(sql).fetchone()[0]


# small batches, one at a time: staging lasts long enough to be hit mid-way
STAGING_BATCH_ROWS = 200


class LoadInBackground:
    def __init__(self, stack: Stack, source) -> None:
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(stack, source), daemon=True)
        self._thread.start()

    def _run(self, stack, source) -> None:
        try:
            load(stack, source, batch_size=STAGING_BATCH_ROWS)
        except BaseException as error:
            self.error = error

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def finish(self, timeout: float = 240) -> None:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the load did not finish after recovery"
        assert self.error is None, f"the load failed: {self.error!r}"


def kill(pid: int | None) -> None:
    import os

    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not is_alive(pid), 10, "the process to die")


def events_published(stack: Stack) -> bool:
    return (
        count(
            stack,
            "SELECT (SELECT count(*) FROM sales.outbox)"
            " - (SELECT count(*) FROM sales.outbox_pending)",
        )
        > 0
    )


def facts_applied(stack: Stack) -> bool:
    return count(stack, "SELECT count(*) FROM dw.fact_order") > 0


def restarted(name: str) -> Callable[[Stack], bool]:
    return lambda stack: read_supervision(stack.home, name).restarts > 0


def staged(table: str) -> Callable[[Stack], bool]:
    return lambda stack: count(stack, f"SELECT count(*) FROM {table}") > 0


# --- what is still pending when a fault hits: proof that it hit a load in progress -----
def staging_pending(stack: Stack) -> bool:
    """No context has begun to complete the load: the loader is still sending batches."""
    outboxes = " + ".join(f"(SELECT count(*) FROM {c}.outbox)" for c in CONTEXTS)
    return count(stack, f"SELECT {outboxes}") == 0


def warehouse_pending(source) -> Callable[[Stack], bool]:
    """Events wait to be relayed, or to be applied to the star schema (messages pending
    for its consumers), or orders to reach it."""
    orders = len(read_rows(source, "olist_orders_dataset.csv"))
    return lambda stack: (
        count(stack, "SELECT count(*) FROM sales.outbox_pending") > 0
        or asyncio.run(unapplied_messages(stack)) > 0
        or count(stack, "SELECT count(*) FROM dw.fact_order") < orders
    )


async def unapplied_messages(stack: Stack) -> int:
    progress = JetStreamWarehouseProgress(stack.nats.url, DURABLE, CONTEXTS, "")
    try:
        return await progress.pending()
    finally:
        await progress.close()


async def stream_events(url: str) -> dict[str, int]:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        return {c: len(await stored_envelopes(js, c.upper())) for c in CONTEXTS}
    finally:
        await client.close()


def assert_recovered_exactly(stack: Stack, undisturbed: dict[str, str]) -> None:
    assert dw_checksums(stack.database_url()) == undisturbed
    in_streams = asyncio.run(stream_events(stack.nats.url))
    in_outboxes = {c: count(stack, f"SELECT sum(events) FROM {c}.outbox") for c in CONTEXTS}
    assert in_streams == in_outboxes, "an event is missing from, or twice in, its stream"


def fault_test(
    start_stack,
    source,
    undisturbed,
    when: Callable[[Stack], bool],
    pending: Callable[[Stack], bool],
    fault: Callable[[Stack], None],
    prepare: Callable[[Stack], None] = lambda s: None,
) -> Stack:
    stack = start_stack()
    prepare(stack)
    running = LoadInBackground(stack, source)
    wait_until(lambda: when(stack) or not running.running, 120, "the load to get going")
    assert running.running and pending(stack), "the fault came too late: nothing was pending"
    fault(stack)
    running.finish()
    assert_recovered_exactly(stack, undisturbed)
    return stack


def kill_service(name: str) -> Callable[[Stack], None]:
    """kill -9 of the service's process; its supervisor starts it again."""

    def fault(stack: Stack) -> None:
        kill(stack.service_pid(name))

    return fault


def test_a_context_service_killed_while_batches_are_sent(
    start_stack, synthetic_source, undisturbed
):
    """The loader's gateway retries the batches the dead context did not answer while the
    supervisor brings it back; batches it had already committed are staged again, which
    changes nothing."""
    stack = fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=staged("customer.account"),
        pending=staging_pending,
        fault=kill_service("customer"),
    )
    assert read_supervision(stack.home, "customer").restarts == 1


def test_a_context_killed_after_committing_a_batch_it_did_not_answer(
    start_stack, synthetic_source, undisturbed
):
    fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=restarted("customer"),
        pending=staging_pending,
        prepare=with_failpoint("customer", STAGE_AFTER_COMMIT),
        fault=back_after_failpoint("customer"),
    )


def test_a_context_service_killed_mid_load(start_stack, synthetic_source, undisturbed):
    fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=staged("sales.outbox"),
        pending=warehouse_pending(synthetic_source),
        fault=kill_service("sales"),
    )


def test_the_reporting_consumer_killed_mid_load(start_stack, synthetic_source, undisturbed):
    fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=facts_applied,
        pending=warehouse_pending(synthetic_source),
        prepare=restarted_with("reporting", **SLOW_PROJECTION),
        fault=kill_service("reporting"),
    )


def restarted_with(name: str, **settings: str) -> Callable[[Stack], None]:
    """The service started again with these OLIST_DW_* settings."""

    def prepare(stack: Stack) -> None:
        stack.stop_service(name)
        stack.start_service(
            name, extra_env={f"OLIST_DW_{k.upper()}": v for k, v in settings.items()}
        )

    return prepare


def with_failpoint(name: str, failpoint: str) -> Callable[[Stack], None]:
    return restarted_with(name, failpoints=failpoint)


# the star schema applies small batches, so that its work lasts long enough to be hit
SLOW_PROJECTION = {"fetch_batch": "40"}


def back_after_failpoint(name: str) -> Callable[[Stack], None]:
    """The process died at its failpoint; its supervisor starts it again, without it."""

    def fault(stack: Stack) -> None:
        wait_until(lambda: is_alive(stack.service_pid(name)), 60, f"{name} to be restarted")

    return fault


def test_the_relay_killed_between_publish_and_mark(start_stack, synthetic_source, undisturbed):
    """JetStream's dedup (Nats-Msg-Id = event id) is what keeps the republished batch
    out of the stream: without it the stream/outbox comparison fails."""
    fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=restarted("sales"),
        pending=warehouse_pending(synthetic_source),
        prepare=with_failpoint("sales", RELAY_AFTER_PUBLISH),
        fault=back_after_failpoint("sales"),
    )


def test_the_consumer_killed_between_commit_and_ack(start_stack, synthetic_source, undisturbed):
    """The batch is redelivered and applied again: idempotent upserts change nothing."""
    fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=restarted("reporting"),
        pending=warehouse_pending(synthetic_source),
        prepare=restarted_with("reporting", failpoints=CONSUMER_AFTER_APPLY, **SLOW_PROJECTION),
        fault=back_after_failpoint("reporting"),
    )


def test_the_nats_server_killed_mid_load(start_stack, synthetic_source, undisturbed):
    def fault(stack: Stack) -> None:
        kill(stack.nats.pid)
        time.sleep(1.0)
        stack.nats.start()

    fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=events_published,
        pending=warehouse_pending(synthetic_source),
        fault=fault,
    )


def restart_postgresql(stack: Stack) -> None:
    stack.postgres.stop(mode="immediate")
    time.sleep(0.5)
    stack.postgres.start(fast_and_unsafe=True)


def test_postgresql_restarted_while_batches_are_sent(start_stack, synthetic_source, undisturbed):
    """Staging batches in flight fail with the database; the gateway retries them."""
    fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=staged("fulfillment.geolocation_point"),
        pending=staging_pending,
        fault=restart_postgresql,
    )


def test_postgresql_restarted_mid_load(start_stack, synthetic_source, undisturbed):
    """An immediate stop loses nothing a context has acknowledged (synchronous_commit on),
    and the consumers hold their batches through the outage instead of dead-lettering."""
    fault_test(
        start_stack,
        synthetic_source,
        undisturbed,
        when=staged("sales.outbox"),
        pending=warehouse_pending(synthetic_source),
        fault=restart_postgresql,
    )
