"""Quality's language with the other services: the facts of a load the loader hands over
for judgement (`LoadFactsV1`, over HTTP), and the gate's decision on it, published as
`quality.gate.passed` or `quality.gate.failed` on the stream QUALITY (docs/quality.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

GATE_PASSED = "quality.gate.passed"
GATE_FAILED = "quality.gate.failed"

Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[\w.:-]+$")]
Text = Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")]  # no NUL: PostgreSQL text
Count = Annotated[int, Field(ge=0)]


class FileProfileV1(BaseModel):
    """A source file as the loader read it, before any context merged anything."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rows: Count
    repeated_keys: Count = 0
    repeated_samples: list[Text] = Field(default_factory=list, max_length=20)
    missing: dict[Name, Count] = Field(
        default_factory=dict, description="Critical field -> rows without it."
    )
    newest: Text | None = Field(
        None, max_length=40, description="The greatest event time read, as the file has it."
    )


class DeliveryV1(BaseModel):
    """A file as one context took it: rows sent, and what the context answered."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: Name
    context: Name
    sent: Count
    accepted: Count
    quarantined: Count


class LoadFactsV1(BaseModel):
    """What the loader knows of a load once the warehouse has applied it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    load_id: Name
    window_to: datetime | None = Field(None, description="The end of the load's window.")
    profiles: dict[Name, FileProfileV1] = Field(max_length=100)
    deliveries: list[DeliveryV1] = Field(max_length=1000)


class GateDecidedV1(BaseModel):
    """The quality gate decided on a load: `passed` and `warned` let the marts follow it,
    `failed` keeps them at the last good load."""

    model_config = ConfigDict(frozen=True)

    load_id: str
    gate: Literal["passed", "warned", "failed"]
    overall: str = Field(description="The overall score, a percentage with two decimals.")
    scores: dict[str, str] = Field(description="Dimension -> score, a percentage.")
    reasons: list[str] = Field(description="Why the gate failed (empty otherwise).")
    failed_rules: list[str]
    ruleset_version: str


DECISIONS: dict[tuple[str, int], type[BaseModel]] = {
    (GATE_PASSED, 1): GateDecidedV1,
    (GATE_FAILED, 1): GateDecidedV1,
}
