"""Which window of business time a load reads (`olist-dw load --from --to`), and where
"since the last load" resumes.

The window is half-open, [from, to). The Olist data's business times carry no zone, so the
window goes to the CLI in UTC without one (`2018-01-01T00:00:00`). A load resumes where the
last successful one ended: its `window_to`, or, for a load without an upper bound, the
moment its Job started. Resuming at the start rather than the completion re-reads what
arrived while that load ran (the contexts ignore a repeated row) and never leaves a gap."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from k8s_operator.specs import WarehouseLoadSpec
from k8s_operator.timestamps import TimestampInvalid, format_time, optional_time, parse_time


@dataclass(frozen=True)
class Window:
    start: datetime | None = None
    end: datetime | None = None

    def arguments(self) -> list[str]:
        """`--from T --to T` of `olist-dw load` (what is unbounded is left out)."""
        arguments: list[str] = []
        if self.start is not None:
            arguments += ["--from", cli_time(self.start)]
        if self.end is not None:
            arguments += ["--to", cli_time(self.end)]
        return arguments


@dataclass(frozen=True)
class LastLoad:
    """A successful load as status.lastSuccessfulLoad keeps it."""

    completion_time: datetime
    start_time: datetime | None = None
    load_id: str | None = None
    window_from: datetime | None = None
    window_to: datetime | None = None

    @property
    def resume_from(self) -> datetime:
        return self.window_to or self.start_time or self.completion_time

    def record(self) -> dict[str, object]:
        return {
            "loadId": self.load_id,
            "startTime": _format(self.start_time),
            "completionTime": format_time(self.completion_time),
            "windowFrom": _format(self.window_from),
            "windowTo": _format(self.window_to),
        }


def cli_time(moment: datetime) -> str:
    """UTC without a zone, as the business times of the data are written."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def load_window(spec: WarehouseLoadSpec, last: LastLoad | None) -> Window:
    """The window of the next run: since the last successful load when asked (the spec's
    `from` only until there is one), else the spec's own window (or everything)."""
    if spec.since_last_load:
        return Window(last.resume_from if last else spec.window_from, None)
    return Window(spec.window_from, spec.window_to)


def newest(loads: Iterable[LastLoad | None]) -> LastLoad | None:
    known = [load for load in loads if load is not None]
    return max(known, key=lambda load: load.completion_time) if known else None


def last_load(status: Mapping[str, object]) -> LastLoad | None:
    """status.lastSuccessfulLoad, or None when there is none (or it is unreadable)."""
    record = status.get("lastSuccessfulLoad")
    if not isinstance(record, Mapping):
        return None
    try:
        completion = optional_time(record.get("completionTime"))
        if completion is None:
            return None
        load_id = record.get("loadId")
        return LastLoad(
            completion_time=completion,
            start_time=optional_time(record.get("startTime")),
            load_id=load_id if isinstance(load_id, str) else None,
            window_from=optional_time(record.get("windowFrom")),
            window_to=optional_time(record.get("windowTo")),
        )
    except TimestampInvalid:
        return None


def window_of_arguments(arguments: Sequence[str]) -> Window:
    """The window a load's command line asked for (what `Window.arguments` wrote)."""
    values: dict[str, datetime] = {}
    for flag, value in zip(arguments, arguments[1:]):
        if flag in ("--from", "--to"):
            try:
                values[flag] = parse_time(value)
            except TimestampInvalid:
                continue
    return Window(values.get("--from"), values.get("--to"))


def _format(moment: datetime | None) -> str | None:
    return format_time(moment) if moment is not None else None
