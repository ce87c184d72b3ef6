"""The CSV adapter of the SourcePort: a directory of Olist files, plain or gzip."""
from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from services.loader.application.ports import SourceError, SourceRow

csv.field_size_limit(16 * 1024 * 1024)
EXTRA_FIELDS = "_extra_fields"


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

    def rows(self, file: str, columns: Sequence[str]) -> Iterator[SourceRow]:
        path = self.path_of(file)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.reader(text)
            try:
                yield from _rows(file, reader, columns)
            except UnicodeDecodeError as error:
                raise SourceError(f"{file}: line {reader.line_num + 1}: not UTF-8 ({error.reason})")
            except csv.Error as error:
                raise SourceError(f"{file}: line {reader.line_num}: {error}") from error


def _rows(file: str, reader, columns: Sequence[str]) -> Iterator[SourceRow]:
    header = next(reader, None)
    if header is None:
        raise SourceError(f"{file}: empty file, expected a header line")
    header = [name.strip() for name in header]
    missing = [c for c in columns if c not in header]
    if missing:
        raise SourceError(f"{file}: missing columns {missing}; header is {header}")
    positions = [header.index(c) for c in columns]
    width = len(header)
    for number, fields in enumerate(reader, start=1):
        if not fields:
            continue
        values = {c: (fields[p] if p < len(fields) else None) for c, p in zip(columns, positions)}
        if len(fields) > width:
            values[EXTRA_FIELDS] = f"{len(fields) - width} more fields than the header"
        yield SourceRow(number, values)
