"""Records of a CSV text, each with the line it starts on, read so that one bad line never
takes other rows with it (docs/bad-input.md).

The text is decoded with `surrogateescape`, so a byte that is not UTF-8 survives as a lone
surrogate and is reported with its line and position instead of stopping the file. The
records are parsed by the standard `csv` module in strict mode; when a record cannot be
parsed (a quote in the wrong place, a quoted field that never closes), its first line is
given back as a malformed record and parsing starts again on the next line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

FIELD_LIMIT = 1024 * 1024
"""A field bigger than this (in bytes) makes its row a quarantined row."""
RECORD_LIMIT = 16 * 1024 * 1024
"""How far (in characters) a quoted field may run over lines before its opening quote is
taken for an unbalanced one."""

csv.field_size_limit(max(csv.field_size_limit(), RECORD_LIMIT))

UNBALANCED_QUOTE = "unbalanced quote: a quoted field opens on this line and never closes"


@dataclass(slots=True)
class Record:
    """One CSV record: the line it starts on, its fields, the text lines it spans (numbered)
    and their size in characters. `problem` says why the line could not be parsed (then
    `fields` is a lenient reading of that one line)."""

    line: int
    fields: list[str]
    lines: list[tuple[int, str]]
    size: int
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A character a warehouse cannot keep: a byte that is not UTF-8, or NUL."""

    line: int
    byte: int  # 1-based position in the line, in bytes
    character: str

    def describe(self) -> str:
        if self.character == "\x00":
            return f"NUL character at byte {self.byte}"
        return f"not UTF-8 at byte {self.byte} (0x{ord(self.character) - 0xDC00:02x})"


class _RecordTooLong(Exception):
    pass


class _Lines:
    """The text lines csv.reader reads, numbered; remembers the lines of the record being
    read, so that they can be given back and read again."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.number = 0  # lines read from the text so far
        self._again: list[tuple[int, str]] = []  # a stack: the next line is last
        self.record: list[tuple[int, str]] = []
        self.size = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            line = self._again.pop()
        else:
            text = next(self._lines)
            self.number += 1
            line = (self.number, text)
        if self.record and self.size + len(line[1]) > RECORD_LIMIT:
            self._again.append(line)
            raise _RecordTooLong
        self.record.append(line)
        self.size += len(line[1])
        return line[1]

    def begin(self) -> None:
        self.record, self.size = [], 0

    def give_back(self, lines: list[tuple[int, str]]) -> None:
        self._again.extend(reversed(lines))


class RecordReader:
    """The records of `lines` (text lines with their line endings, as a file opened with
    `newline=""` gives them). A blank line is a record without fields."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._feed = _Lines(lines)

    @property
    def lines_read(self) -> int:
        return self._feed.number

    def __iter__(self) -> Iterator[Record]:
        feed = self._feed
        reader = csv.reader(feed, strict=True)
        while True:
            feed.begin()
            try:
                fields = next(reader)
            except StopIteration:
                return
            except (csv.Error, _RecordTooLong) as error:
                yield _malformed(feed, error)
                continue
            yield Record(feed.record[0][0], fields, feed.record, feed.size)


def _malformed(feed: _Lines, error: Exception) -> Record:
    first, *rest = feed.record
    feed.give_back(rest)
    unclosed = rest or isinstance(error, _RecordTooLong) or "unexpected end" in str(error)
    problem = UNBALANCED_QUOTE if unclosed else f"malformed CSV: {error}"
    return Record(first[0], _lenient(first[1]), [first], len(first[1]), problem)


def _lenient(text: str) -> list[str]:
    """The fields of one line as the csv module reads them when it is not strict."""
    try:
        return next(csv.reader([text]), [])
    except csv.Error:
        return text.rstrip("\r\n").split(",")


def unreadable(record: Record) -> Unreadable | None:
    """The first byte of the record that is not UTF-8, or its first NUL."""
    for number, text in record.lines:
        position = _first_unreadable(text)
        if position is not None:
            return Unreadable(number, _bytes(text[:position]) + 1, text[position])
    return None


def _first_unreadable(text: str) -> int | None:
    nul = text.find("\x00")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:  # only a lone surrogate cannot be encoded
            return error.start if nul < 0 else min(nul, error.start)
    return nul if nul >= 0 else None


def is_unreadable(field: str) -> bool:
    return _first_unreadable(field) is not None


def byte_size(field: str) -> int:
    return len(field) if field.isascii() else _bytes(field)


def _bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))


def readable(field: str) -> str:
    """The field as a quarantine record can keep it: every byte that is not UTF-8 and
    every NUL becomes U+FFFD."""
    if _first_unreadable(field) is None:
        return field
    text = field.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text.replace("\x00", "\ufffd")
