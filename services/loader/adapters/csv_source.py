"""The CSV adapter of the SourcePort: a directory of Olist files, plain or gzip.

A file that cannot be read at all (missing, empty, without a needed column) is a
SourceError naming the file, the line and the reason. A row that cannot be read as a
record (a malformed line, a wrong number of fields, bytes that are not UTF-8, a field
bigger than FIELD_LIMIT) is a SourceRow with a `problem`, which the context quarantines;
the rest of the file loads (docs/bad-input.md).
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from services.loader.adapters.csv_records import (
    FIELD_LIMIT,
    Record,
    RecordReader,
    byte_size,
    is_unreadable,
    readable,
    unreadable,
)
from services.loader.application.ports import SourceError, SourceRow

PREVIEW = 1000  # characters of a too-big field kept in its quarantine record
_BROKEN_FILE = (OSError, EOFError, zlib.error)  # a truncated or corrupt gzip, a read error


class CsvDirectorySource:
    def __init__(self, directory: Path) -> None:
        if not directory.is_dir():
            raise SourceError(f"source directory does not exist: {directory}")
        self.directory = directory

    def describe(self) -> str:
        return f"csv:{self.directory}"

    def path_of(self, file: str) -> Path:
        for candidate in (self.directory / file, self.directory / f"{file}.gz"):
            if candidate.exists():
                return candidate
        raise SourceError(f"{file}: not found in {self.directory} (plain or .gz)")

    def check(self, file: str, columns: Sequence[str]) -> tuple[str, ...]:
        """The file's header; SourceError when it is missing, empty or lacks a column."""
        with self._records(file) as found:
            header = _header(file, next(found, None))
        _positions(file, header, columns)
        return header

    def rows(self, file: str, columns: Sequence[str]) -> Iterator[SourceRow]:
        with self._records(file) as found:
            header = _header(file, next(found, None))
            positions = _positions(file, header, columns)
            number = 0
            for record in found:
                if record.fields or record.problem:  # a blank line is no row
                    number += 1
                    yield _source_row(number, record, header, positions)

    @contextmanager
    def _records(self, file: str) -> Iterator[Iterator[Record]]:
        """The file's records; bytes that are not UTF-8 survive decoding (as lone
        surrogates) to be reported with their row; a BOM is dropped."""
        path = self.path_of(file)
        reader = None
        try:
            with (gzip.open if path.suffix == ".gz" else open)(path, "rb") as raw:
                reader = RecordReader(
                    io.TextIOWrapper(
                        raw, encoding="utf-8-sig", errors="surrogateescape", newline=""
                    )
                )
                yield iter(reader)
        except _BROKEN_FILE as error:
            line = reader.lines_read + 1 if reader else 1
            raise SourceError(f"{file}: line {line}: cannot read the file ({error})") from error


def _header(file: str, record: Record | None) -> tuple[str, ...]:
    if record is None:
        raise SourceError(f"{file}: empty file, expected a header line")
    problem = record.problem or _unreadable_header(record)
    if problem:
        raise SourceError(f"{file}: line {record.line}: header: {problem}")
    header = tuple(name.strip() for name in record.fields)
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise SourceError(f"{file}: line 1: duplicate columns {duplicates}")
    return header


def _unreadable_header(record: Record) -> str | None:
    if not record.fields:
        return "empty line, expected the column names"
    found = unreadable(record)
    return found.describe() if found else None


def _positions(file: str, header: tuple[str, ...], columns: Sequence[str]) -> dict[str, int]:
    missing = [c for c in columns if c not in header]
    if missing:
        raise SourceError(
            f"{file}: line 1: missing columns {missing}; the header has {list(header)}"
        )
    return {column: header.index(column) for column in columns}


def _source_row(
    number: int, record: Record, header: tuple[str, ...], positions: dict[str, int]
) -> SourceRow:
    fields = record.fields
    problem = _problem(record, header)
    if problem is None:
        return SourceRow(number, {c: fields[p] for c, p in positions.items()})
    values = {c: _kept(fields[p]) if p < len(fields) else None for c, p in positions.items()}
    return SourceRow(number, values, problem)


def _problem(record: Record, header: tuple[str, ...]) -> str | None:
    """Why the record cannot be read as a row of this file: `line L[, column C]: what`."""
    if record.problem:
        return f"line {record.line}: {record.problem}"
    found = unreadable(record)
    if found:
        column = _column(header, _first(record.fields, is_unreadable))
        return f"line {found.line}{column}: {found.describe()}"
    if len(record.fields) != len(header):
        much = "many" if len(record.fields) > len(header) else "few"
        return (
            f"line {record.line}: too {much} fields ({len(record.fields)},"
            f" the header has {len(header)})"
        )
    return _huge(record, header) if record.size > FIELD_LIMIT // 4 else None


def _huge(record: Record, header: tuple[str, ...]) -> str | None:
    """A field bigger than FIELD_LIMIT bytes (at least FIELD_LIMIT / 4 characters)."""
    huge = _first(record.fields, lambda field: byte_size(field) > FIELD_LIMIT)
    if huge is None:
        return None
    return (
        f"line {record.line}{_column(header, huge)}: field of"
        f" {byte_size(record.fields[huge]):,} bytes, more than the limit of"
        f" {FIELD_LIMIT:,} bytes"
    )


def _first(fields: list[str], broken: Callable[[str], bool]) -> int | None:
    return next((position for position, field in enumerate(fields) if broken(field)), None)


def _column(header: tuple[str, ...], position: int | None) -> str:
    """`, column NAME` when the header names the field at `position`."""
    if position is None or position >= len(header):
        return ""
    return f", column {header[position]}"


def _kept(value: str) -> str:
    """A value of a row with a problem, as its quarantine record keeps it."""
    value = readable(value)
    if byte_size(value) > FIELD_LIMIT:
        return f"{value[:PREVIEW]}... ({byte_size(value):,} bytes, cut)"
    return value
