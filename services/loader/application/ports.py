from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol


class SourceError(RuntimeError):
    """A source that cannot be read at all (missing or empty file, a needed column missing,
    an unreadable header): the message names the file, the line and the reason."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A row of a source file (numbered 1.. after the header). `problem` says why the
    source could not read it as a record (a malformed line, bytes that are not UTF-8, ...):
    the context quarantines such a row with that reason instead of validating it."""

    row: int
    values: dict[str, str | None]
    problem: str | None = None


class SourcePort(Protocol):
    """Where a load reads an Olist extract from: a directory of CSVs, a database, ..."""

    def describe(self) -> str: ...

    def check(self, file: str, columns: Sequence[str]) -> Sequence[str]:
        """The columns `file` has, read without its rows; SourceError when the file is
        missing, empty, unreadable or lacks one of `columns`."""
        ...

    def rows(self, file: str, columns: Sequence[str]) -> Iterator[SourceRow]: ...


class ContextRefused(RuntimeError):
    """A context refused the loader's credentials (401) or its role (403)."""

    def __init__(self, context: str, url: str, status: int, detail: str) -> None:
        super().__init__(
            f"The {context} context at {url} refused the loader ({status}: {detail}): give the "
            "loader a service token (OLIST_DW_TOKEN; `olist-dw token --role service` mints "
            "one locally) from the issuer the services trust."
        )
        self.context, self.url, self.status = context, url, status


class BatchTooLarge(RuntimeError):
    """A context refused a batch for its size (413): more bytes than it reads at once."""

    def __init__(self, context: str, url: str, detail: str) -> None:
        super().__init__(
            f"The {context} context at {url} refused a batch as too large ({detail}): give "
            "the services a higher OLIST_DW_MAX_REQUEST_BYTES, or load with smaller batches."
        )
        self.context, self.url = context, url


class ContextUnavailable(RuntimeError):
    """A context did not answer for as long as the loader waits for one to come back."""

    def __init__(self, context: str, url: str, waited: float) -> None:
        super().__init__(
            f"The {context} context at {url} did not answer for {waited:.0f} s: see "
            f"`olist-dw status` and its log, start it again with `olist-dw up`, then run the "
            "load again (a repeated load changes nothing)."
        )
        self.context, self.url, self.waited = context, url, waited


@dataclass
class StageOutcome:
    accepted: int
    rejected: int
    reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class CompletionOutcome:
    aggregates: int
    events: int
    orphans: int


class ContextGateway(Protocol):
    """How the loader hands a bounded context its records."""

    async def stage(
        self, context: str, load_id: str, kind: str, file: str, rows: Sequence[SourceRow]
    ) -> StageOutcome: ...
    async def complete(
        self, context: str, load_id: str, window_from: str | None, window_to: str | None
    ) -> CompletionOutcome: ...
    async def backlog(self, context: str) -> int: ...


class WarehouseProgress(Protocol):
    async def pending(self) -> int:
        """Messages (frames of events) published but not yet applied to the star schema."""

    async def refresh_marts(self) -> None:
        """Bring the marts (materialized from the star schema) up to date now."""

    async def hold_marts(self, load_id: str, reasons: Sequence[str]) -> None:
        """Keep the marts at the last good load, also against the automatic refresh."""
