"""The import batch: how the loader hands a context the rows of one source file."""
from __future__ import annotations

from pydantic import BaseModel, Field


class RawRow(BaseModel):
    row: int = Field(ge=1, description="Data row number in the source file (header excluded).")
    values: dict[str, str | None]


class ImportBatch(BaseModel):
    source_file: str
    rows: list[RawRow]


class ImportOutcome(BaseModel):
    accepted: int
    rejected: int
    reasons: dict[str, int] = Field(default_factory=dict, description="Rejections per reason.")


class CompleteRequest(BaseModel):
    window_from: str | None = None
    window_to: str | None = None


class CompletionOutcome(BaseModel):
    aggregates: int
    events: int
    orphans: int
