"""What tests of a context service read and send: import batches, outbox, quarantine."""

from __future__ import annotations

from sqlalchemy import Engine, text

from contracts.decoding import decode
from contracts.envelope import EventEnvelope
from services.chassis.jetstream import envelopes_in


def batch(source_file: str, *values: dict) -> dict:
    """An import batch as the loader sends it: rows numbered from 1."""
    return {
        "source_file": source_file,
        "rows": [{"row": n, "values": v} for n, v in enumerate(values, start=1)],
    }


def outbox_events(engine: Engine, schema: str) -> list[EventEnvelope]:
    """Every event recorded, frame by frame (a frame: the events of one subject)."""
    with engine.connect() as connection:
        return [
            decode(envelope)
            for (body,) in connection.execute(
                text(f"SELECT body FROM {schema}.outbox ORDER BY position")
            )
            for envelope in envelopes_in(bytes(body))
        ]


def quarantined(engine: Engine, schema: str) -> dict[tuple[str, int], str]:
    """(source file, row) -> reason, of every quarantined row."""
    with engine.connect() as connection:
        return {
            (file, row): reason
            for file, row, reason in connection.execute(
                text(f"SELECT source_file, source_row, reason FROM {schema}.quarantine")
            )
        }


def complete(
    client, load_id: str, window_from: str | None = None, window_to: str | None = None
) -> dict:
    response = client.post(
        f"/imports/{load_id}/complete", json={"window_from": window_from, "window_to": window_to}
    )
    assert response.status_code == 200, response.text
    return response.json()
