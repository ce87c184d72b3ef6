"""Source rows -> domain objects or rejections: the published import-record model checks
a row's format, the context's mapping builds the domain object, whose rules raise
ValueError for what they refuse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from contracts.imports import ImportBatch, RawRow
from services.chassis.intake.commands import Rejection, Sourced


@dataclass(frozen=True)
class RecordMapping:
    """How one kind of source record becomes a domain object: the published import-record
    model checks the format, `to_domain` builds the object and its rules raise ValueError."""

    model: type[BaseModel]
    to_domain: Callable[[Any], Any]
    record_kind: str


def parse_batch(
    mapping: RecordMapping, batch: ImportBatch
) -> tuple[list[Sourced], list[Rejection]]:
    accepted: list[Sourced] = []
    rejected: list[Rejection] = []
    for raw in batch.rows:
        value, reason = _parse(mapping, raw)
        if reason is None:
            accepted.append(Sourced(batch.source_file, raw.row, value))
        else:
            rejected.append(
                Rejection(batch.source_file, raw.row, mapping.record_kind, reason, raw.values)
            )
    return accepted, rejected


def _parse(mapping: RecordMapping, raw: RawRow) -> tuple[Any, str | None]:
    """The domain object of a row, or why it is rejected. A row the source could not read
    as a record (`problem`) is rejected with that reason, without being validated."""
    if raw.problem:
        return None, raw.problem
    try:
        return mapping.to_domain(mapping.model.model_validate(raw.values)), None
    except ValidationError as error:
        return None, describe(error)
    except ValueError as error:
        return None, str(error)


def describe(error: ValidationError) -> str:
    """`price: Input should be greater than or equal to 0` — one clause per broken column."""
    parts = []
    for problem in error.errors(include_url=False):
        column = ".".join(str(p) for p in problem["loc"]) or "row"
        parts.append(f"{column}: {problem['msg']}")
    return "; ".join(sorted(parts))
