"""The import batch: how the loader hands a context the rows of one source file."""

from __future__ import annotations

from pydantic import BaseModel, Field

# the quarantine keeps a row's number as a PostgreSQL integer
LAST_ROW = 2**31 - 1


class RawRow(BaseModel):
    row: int = Field(
        ge=1, le=LAST_ROW, description="Data row number in the source file (header excluded)."
    )
    values: dict[str, str | None]
    problem: str | None = Field(
        None,
        description=(
            "Why the source could not read this row as a record (a malformed line, bytes that"
            " are not UTF-8, ...). A row with a problem is quarantined with it as the reason,"
            " without being validated."
        ),
    )


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
