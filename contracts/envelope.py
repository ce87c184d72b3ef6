from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Payload = TypeVar("Payload", bound=BaseModel)


class SourceRef(BaseModel):
    """Where a fact came from: the source file (or table) and its data row number."""

    model_config = ConfigDict(frozen=True)

    file: str
    row: int = Field(ge=1)


class EventEnvelope(BaseModel, Generic[Payload]):
    """Every integration event travels in this envelope (ARCHITECTURE.md, event envelope)."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID = Field(description="Deterministic: type + version + natural key + content.")
    event_type: str = Field(examples=["sales.order.placed"])
    schema_version: int = Field(ge=1)
    occurred_at: datetime = Field(description="Business time the fact happened.")
    recorded_at: datetime = Field(description="When the context recorded the event.")
    load_id: str
    source: SourceRef | None = None
    payload: Payload


def subject_for(event_type: str, schema_version: int) -> str:
    """`sales.order.placed` v1 -> `sales.order.placed.v1`: `<context>.<aggregate>.<event>.v<N>`."""
    return f"{event_type}.v{schema_version}"
