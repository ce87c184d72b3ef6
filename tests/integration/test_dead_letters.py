"""Operators inspect and re-drive dead letters, against the real NATS JetStream: poison
messages are dead-lettered by the real chassis consumer, then listed, shown and replayed."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import orjson
import pytest
from typer.testing import CliRunner

from olist_dw.cli.dead_letters import dlq_app
from services.chassis import dead_letters, jetstream
from services.chassis.consumer import EventConsumer
from services.chassis.dead_letters import DeadLetterNotFound
from services.chassis.jetstream import DEAD_LETTER_STREAM

pytestmark = pytest.mark.integration

SUBJECT = "sales.order.placed.v1"
ERROR = "order_items[0] missing [type=missing]"
TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


class Projection:
    """An idempotent consumer's effect: event ids applied, each once; broken until fixed."""

    def __init__(self) -> None:
        self.fixed = False
        self.applied: dict[str, int] = {}

    async def handle(self, batch) -> None:
        events = [orjson.loads(envelope) for envelope in batch]
        if not self.fixed and any(e["payload"].get("poison") for e in events):
            raise ValueError(ERROR)
        for event in events:
            self.applied[event["event_id"]] = self.applied.get(event["event_id"], 0) + 1


def envelope(poison: bool) -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": "sales.order.placed",
        "schema_version": 1,
        "occurred_at": "2017-10-02T10:56:33",
        "recorded_at": "2024-01-01T00:00:00",
        "load_id": "test",
        "payload": {"order_id": uuid.uuid4().hex, "poison": poison},
    }


@asynccontextmanager
async def consuming(js, projection: Projection) -> AsyncIterator[EventConsumer]:
    consumer = EventConsumer(
        js, "SALES", "reporting", projection.handle, batch=10, max_deliver=2, ack_wait=5
    )
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        yield consumer
    finally:
        stop.set()
        await task


async def until(condition: Callable[[], bool], seconds: float = 15) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met in time")


async def dead_letter_two_of_three(js, projection: Projection) -> tuple[dict, list[dict]]:
    """Publishes like the outbox relay (Nats-Msg-Id = event id) with a trace header."""
    await jetstream.ensure_stream(js, "sales")
    await jetstream.ensure_dead_letter_stream(js)
    good, poison = envelope(False), [envelope(True), envelope(True)]
    for event in (poison[0], good, poison[1]):
        await js.publish(
            SUBJECT,
            orjson.dumps(event),
            headers={"Nats-Msg-Id": event["event_id"], "traceparent": TRACE},
        )
    async with consuming(js, projection) as consumer:
        await until(lambda: consumer.dead_lettered == 2)
    return good, poison


async def test_dead_letters_are_listed_with_their_error_and_shown_with_body(jetstream_context):
    js, projection = jetstream_context, Projection()
    good, poison = await dead_letter_two_of_three(js, projection)
    assert projection.applied == {good["event_id"]: 1}

    letters = await dead_letters.list_dead_letters(js)
    assert [letter.event_id for letter in letters] == [e["event_id"] for e in poison]
    for letter in letters:
        assert letter.original_subject == SUBJECT and letter.original_stream == "SALES"
        assert letter.error == f"ValueError: {ERROR}"
        assert (letter.deliveries, letter.consumer) == (2, "reporting")
        assert letter.event_type == "sales.order.placed" and letter.time is not None

    shown = await dead_letters.show(js, letters[1].sequence)
    assert shown.body == poison[1]
    assert shown.headers["traceparent"] == TRACE
    assert shown.headers["Olist-Error"] == f"ValueError: {ERROR}"
    with pytest.raises(DeadLetterNotFound):
        await dead_letters.show(js, letters[1].sequence + 100)


async def test_replay_redrives_fixed_messages_once_and_empties_the_queue(jetstream_context):
    js, projection = jetstream_context, Projection()
    good, poison = await dead_letter_two_of_three(js, projection)
    sequences = [letter.sequence for letter in await dead_letters.list_dead_letters(js)]
    projection.fixed = True  # the operator deployed the fix

    async with consuming(js, projection):
        outcome = await dead_letters.replay(js, dead_letters.ALL)
        await until(lambda: len(projection.applied) == 3)
        assert outcome.replayed == sequences and not outcome.failed
        assert await dead_letters.list_dead_letters(js) == []

        again = await dead_letters.replay(js, dead_letters.ALL)
        by_number = await dead_letters.replay(js, sequences)
        await asyncio.sleep(1.0)  # time for any duplicate to arrive: none must
    assert (again.replayed, again.duplicates, again.failed) == ([], [], {})
    assert by_number.missing == sequences and by_number.replayed == []
    assert projection.applied == {e["event_id"]: 1 for e in (good, *poison)}
    assert (await js.stream_info("SALES")).state.messages == 5

    redriven = await js.get_last_msg("SALES", SUBJECT)
    assert redriven.headers["traceparent"] == TRACE
    assert redriven.headers["Olist-Replay-Of"] == str(sequences[-1])
    assert "Olist-Error" not in redriven.headers
    assert redriven.headers["Nats-Msg-Id"] == f"{poison[1]['event_id']}:replay:{sequences[-1]}"


async def test_an_interrupted_replay_rerun_publishes_nothing_twice(jetstream_context):
    js = jetstream_context
    await dead_letter_two_of_three(js, Projection())
    first, second = await dead_letters.list_dead_letters(js)
    # the republish of `first` was acknowledged, then the process died before the delete
    await js.publish(first.original_subject, first.data, headers=dead_letters.replay_headers(first))

    outcome = await dead_letters.replay(js, dead_letters.ALL)
    assert (outcome.duplicates, outcome.replayed) == ([first.sequence], [second.sequence])
    assert (await js.stream_info("SALES")).state.messages == 5
    assert (await js.stream_info(DEAD_LETTER_STREAM)).state.messages == 0


async def test_a_dead_letter_stays_when_its_republish_fails(jetstream_context):
    js = jetstream_context
    await dead_letter_two_of_three(js, Projection())
    await js.delete_stream("SALES")  # nowhere to republish to

    outcome = await dead_letters.replay(js, dead_letters.ALL)
    assert outcome.replayed == [] and len(outcome.failed) == 2
    assert len(await dead_letters.list_dead_letters(js)) == 2


async def test_the_dlq_command_lists_shows_and_replays(jetstream_context, infrastructure):
    js = jetstream_context
    _, poison = await dead_letter_two_of_three(js, Projection())
    url = ["--nats-url", infrastructure.nats.url]

    async def dlq(*arguments: str):  # the command runs its own event loop: in a thread
        return await asyncio.to_thread(
            CliRunner().invoke, dlq_app, [*arguments, *url], env={"COLUMNS": "200"}
        )  # an operator's terminal

    listed = await dlq("list", "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [row["event_id"] for row in rows] == [e["event_id"] for e in poison]
    assert rows[0]["error"] == f"ValueError: {ERROR}"
    table = await dlq("list")
    assert "2 dead letters" in table.output and SUBJECT in table.output
    assert "[type=missing]" in table.output  # errors are shown as written, not as markup

    shown = await dlq("show", str(rows[0]["sequence"]))
    assert shown.exit_code == 0, shown.output
    assert poison[0]["payload"]["order_id"] in shown.output and TRACE in shown.output
    missing = await dlq("show", "999")
    assert missing.exit_code == 1 and "no dead letter 999" in missing.output

    assert (await dlq("replay")).exit_code == 2  # neither sequences nor --all
    replayed = await dlq("replay", str(rows[0]["sequence"]))
    assert replayed.exit_code == 0 and "replayed 1" in replayed.output
    rest = await dlq("replay", "--all")
    assert f"replayed 1: {rows[1]['sequence']}" in rest.output
    assert "no dead letters" in (await dlq("list")).output
    assert (await js.stream_info("SALES")).state.messages == 5


def test_the_dlq_command_says_when_nats_is_unreachable():
    result = CliRunner().invoke(dlq_app, ["list", "--nats-url", "nats://127.0.0.1:1"])
    assert result.exit_code == 1 and "cannot reach NATS" in result.output
