"""Source rows -> domain objects or rejections: the published import-record model checks
a row's format, the context's mapping builds the domain object, whose rules raise
ValueError for what they refuse."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from contracts.imports import ImportBatch, RawRow
from contracts.personal_data import IDENTIFIER_COLUMNS
from services.chassis.intake.commands import Rejection, Sourced
from services.chassis.personal_data import PersonalData


@dataclass(frozen=True)
class RecordMapping:
    """How one kind of source record becomes a domain object: the published import-record
    model checks the format, `to_domain` builds the object and its rules raise ValueError."""

    model: type[BaseModel]
    to_domain: Callable[[Any], Any]
    record_kind: str


NUL = "\x00"
NUL_ESCAPE = b"\\u0000"  # how JSON carries a NUL; a raw NUL byte is no valid JSON


def mark_nul_characters(batch: ImportBatch) -> ImportBatch:
    """The batch with each row holding a NUL character (which PostgreSQL text cannot
    hold; the loader reports such a row as a `problem` itself) given that problem, and
    every NUL made U+FFFD so that the quarantine can keep the row. Scanning the body for
    NUL_ESCAPE first spares the batches without one."""
    rows = []
    for raw in batch.rows:
        column = next((c for c, v in raw.values.items() if NUL in c or (v and NUL in v)), None)
        if column is None and not (raw.problem and NUL in raw.problem):
            rows.append(raw)
            continue
        values = {_keepable(c): _keepable(v) if v else v for c, v in raw.values.items()}
        problem = raw.problem or f"column {_keepable(column or '')}: NUL character"
        rows.append(RawRow(row=raw.row, values=values, problem=_keepable(problem)))
    return ImportBatch(source_file=batch.source_file, rows=rows)


def _keepable(text: str) -> str:
    return text.replace(NUL, "\ufffd")


def parse_batch(
    mapping: RecordMapping, batch: ImportBatch, personal: PersonalData
) -> tuple[list[Sourced], list[Rejection]]:
    """Rows -> domain objects and rejections, people's well-formed identifiers replaced by
    pseudonyms in both (a malformed one is rejected as it came), and the words of a
    rejected row sealed."""
    accepted: list[Sourced] = []
    rejected: list[Rejection] = []
    identifying = IDENTIFIER_COLUMNS.intersection(mapping.model.model_fields)
    for raw in batch.rows:
        values = personal.pseudonyms.values(raw.values, identifying)  # before anything reads them
        value, reason = _parse(mapping, raw, values)
        if reason is None:
            accepted.append(Sourced(batch.source_file, raw.row, value))
        else:
            record = personal.texts.values(values)
            rejected.append(
                Rejection(batch.source_file, raw.row, mapping.record_kind, reason, record)
            )
    return accepted, rejected


def _parse(
    mapping: RecordMapping, raw: RawRow, values: Mapping[str, str | None]
) -> tuple[Any, str | None]:
    """The domain object of a row, or why it is rejected. A row the source could not read
    as a record (`problem`) is rejected with that reason, without being validated."""
    if raw.problem:
        return None, raw.problem
    try:
        return mapping.to_domain(mapping.model.model_validate(values)), None
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
