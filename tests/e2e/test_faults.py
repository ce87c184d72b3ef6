"""Fault tests with real processes: kill -9 a part of the system in the middle of a load,
restart it, and the warehouse ends up identical to an undisturbed run (per-table
checksums), with every event in its stream exactly once."""
from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable

import nats
import psycopg
import pytest

from services.reporting.adapters.warehouse_reads import checksums as dw_checksums
from olist_dw.loading import load
from olist_dw.runtime.processes import is_alive, wait_until
from olist_dw.runtime.stack import Stack
from services.chassis.failpoints import CONSUMER_AFTER_APPLY, RELAY_AFTER_PUBLISH
from services.chassis.jetstream import stored_envelopes

pytestmark = pytest.mark.e2e
CONTEXTS = ("marketplace", "customer", "fulfillment", "sales")


@pytest.fixture(scope="module")
def undisturbed(start_stack, synthetic_source) -> dict[str, str]:
    stack = start_stack()
    load(stack, synthetic_source)
    return dw_checksums(stack.database_url())


def count(stack: Stack, sql: str) -> int:
    with psycopg.connect(stack.database_url()) as connection:
        return connection.execute(sql).fetchone()[0]


class LoadInBackground:
    def __init__(self, stack: Stack, source) -> None:
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(stack, source), daemon=True)
        self._thread.start()

    def _run(self, stack, source) -> None:
        try:
            load(stack, source)
        except BaseException as error:  # noqa: BLE001 - reported by finish()
            self.error = error

    def finish(self, timeout: float = 240) -> None:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the load did not finish after recovery"
        assert self.error is None, f"the load failed: {self.error!r}"


def kill(pid: int | None) -> None:
    import os
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not is_alive(pid), 10, "the process to die")


def events_published(stack: Stack) -> bool:
    return count(stack, "SELECT (SELECT count(*) FROM sales.outbox)"
                        " - (SELECT count(*) FROM sales.outbox_pending)") > 0


def facts_applied(stack: Stack) -> bool:
    return count(stack, "SELECT count(*) FROM dw.fact_order") > 0


async def stream_events(url: str) -> dict[str, int]:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        return {c: len(await stored_envelopes(js, c.upper())) for c in CONTEXTS}
    finally:
        await client.close()


def assert_recovered_exactly(stack: Stack, undisturbed: dict[str, str]) -> None:
    import asyncio
    assert dw_checksums(stack.database_url()) == undisturbed
    in_streams = asyncio.run(stream_events(stack.nats.url))
    in_outboxes = {c: count(stack, f"SELECT sum(events) FROM {c}.outbox") for c in CONTEXTS}
    assert in_streams == in_outboxes, "an event is missing from, or twice in, its stream"


def fault_test(start_stack, source, undisturbed, when: Callable[[Stack], bool],
               fault: Callable[[Stack], None], prepare: Callable[[Stack], None] = lambda s: None):
    stack = start_stack()
    prepare(stack)
    running = LoadInBackground(stack, source)
    wait_until(lambda: when(stack) or not running._thread.is_alive(), 120, "the load to get going")
    fault(stack)
    running.finish()
    assert_recovered_exactly(stack, undisturbed)


def restart_service(name: str) -> Callable[[Stack], None]:
    def fault(stack: Stack) -> None:
        kill(stack.state.services[name].pid)
        time.sleep(0.5)
        stack.start_service(name)
    return fault


def test_a_context_service_killed_mid_load(start_stack, synthetic_source, undisturbed):
    fault_test(start_stack, synthetic_source, undisturbed,
               when=lambda s: count(s, "SELECT count(*) FROM sales.outbox") > 0,
               fault=restart_service("sales"))


def test_the_reporting_consumer_killed_mid_load(start_stack, synthetic_source, undisturbed):
    fault_test(start_stack, synthetic_source, undisturbed, when=facts_applied,
               fault=restart_service("reporting"))


def with_failpoint(name: str, failpoint: str) -> Callable[[Stack], None]:
    def prepare(stack: Stack) -> None:
        stack.stop_service(name)
        stack.start_service(name, extra_env={"OLIST_DW_FAILPOINTS": failpoint})
    return prepare


def restart_after_failpoint(name: str) -> Callable[[Stack], None]:
    def fault(stack: Stack) -> None:
        wait_until(lambda: not is_alive(stack.state.services[name].pid), 60,
                   f"{name} to die at its failpoint")
        stack.start_service(name)
    return fault


def test_the_relay_killed_between_publish_and_mark(start_stack, synthetic_source, undisturbed):
    """JetStream's dedup (Nats-Msg-Id = event id) is what keeps the republished batch
    out of the stream: without it the stream/outbox comparison fails."""
    fault_test(start_stack, synthetic_source, undisturbed,
               when=lambda s: not is_alive(s.state.services["sales"].pid),
               prepare=with_failpoint("sales", RELAY_AFTER_PUBLISH),
               fault=restart_after_failpoint("sales"))


def test_the_consumer_killed_between_commit_and_ack(start_stack, synthetic_source, undisturbed):
    """The batch is redelivered and applied again: idempotent upserts change nothing."""
    fault_test(start_stack, synthetic_source, undisturbed,
               when=lambda s: not is_alive(s.state.services["reporting"].pid),
               prepare=with_failpoint("reporting", CONSUMER_AFTER_APPLY),
               fault=restart_after_failpoint("reporting"))


def test_the_nats_server_killed_mid_load(start_stack, synthetic_source, undisturbed):
    def fault(stack: Stack) -> None:
        kill(stack.nats.pid)
        time.sleep(1.0)
        stack.nats.start()

    fault_test(start_stack, synthetic_source, undisturbed, when=events_published, fault=fault)


def test_postgresql_restarted_mid_load(start_stack, synthetic_source, undisturbed):
    """An immediate stop loses nothing a context has acknowledged (synchronous_commit on),
    and the consumers hold their batches through the outage instead of dead-lettering."""
    def fault(stack: Stack) -> None:
        stack.postgres.stop(mode="immediate")
        time.sleep(0.5)
        stack.postgres.start(fast_and_unsafe=True)

    fault_test(start_stack, synthetic_source, undisturbed,
               when=lambda s: count(s, "SELECT count(*) FROM sales.outbox") > 0, fault=fault)
