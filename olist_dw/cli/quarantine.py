"""`olist-dw quality quarantine ...`: the rows the contexts rejected, across contexts: how
many per file and rule, the rows themselves, and CSV files of them to fix and load again
(docs/bad-input.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Annotated, Any, NoReturn

import psycopg
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from contracts.personal_data import FREE_TEXT_COLUMNS, IDENTIFIER_COLUMNS
from olist_dw.runtime.stack import Stack
from services.loader.domain.olist_files import OLIST_FILES
from services.quality.adapters.postgres_tables import read_only
from services.quality.adapters.quarantine import (
    QuarantinedRow,
    UnknownContext,
    latest_load,
    quarantined,
    summary,
)

quarantine_app = typer.Typer(
    help="Quarantined rows of every context: count them, see them, export them to fix.",
    no_args_is_help=True,
)
console = Console()

Load = Annotated[
    str | None,
    typer.Option("--load", help="A load id (default: the last load that quarantined a row)."),
]
Context = Annotated[str | None, typer.Option("--context", help="Only this context's rows.")]
SourceFile = Annotated[
    str | None, typer.Option("--file", help="Only the rows of this source file.")
]
VALUE_WIDTH = 24  # of a value in `show`
ABOUT_THE_ROW = ("_context", "_load_id", "_source_row", "_reason")  # an export's first columns


def warehouse() -> psycopg.Connection:
    """The local stack's database, in a read-only transaction."""
    return read_only(Stack().database_url())


@quarantine_app.command("list")
def list_command(
    load: Load = None,
    all_loads: Annotated[bool, typer.Option("--all-loads", help="Every load's rows.")] = False,
) -> None:
    """How many rows each context quarantined, per source file and rule."""
    if load and all_loads:
        raise typer.BadParameter("give --load or --all-loads, not both")
    with _reading() as connection:
        chosen = None if all_loads else load or latest_load(connection)
        counts = summary(connection, load_id=chosen) if chosen or all_loads else []
    if not counts:
        console.print(f"nothing quarantined{_of(chosen)}")
        return
    table = Table(title=f"quarantined rows{_of(chosen) if chosen else ', every load'}")
    for column in ("context", "source file", "rule", "rows"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for count in counts:
        table.add_row(count.context, count.source_file, escape(count.rule), f"{count.rows:,}")
    table.add_section()
    table.add_row("total", "", "", f"{sum(c.rows for c in counts):,}")
    console.print(table)


@quarantine_app.command()
def show(
    load: Load = None,
    context: Context = None,
    source_file: SourceFile = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 50,
) -> None:
    """The quarantined rows: where they are, the rule, the reason and their values."""
    with _reading() as connection:
        chosen = load or latest_load(connection)
        rows = _matching(connection, chosen, context, source_file, limit)
    if not rows:
        console.print(f"nothing quarantined{_of(chosen)} matches")
        return
    table = Table(title=f"quarantined rows{_of(chosen)}")
    for column in ("context", "source file", "row", "rule", "reason", "values"):
        table.add_column(column, justify="right" if column == "row" else "left")
    for row in rows:
        table.add_row(
            row.context,
            row.source_file,
            str(row.source_row),
            escape(row.rule),
            escape(row.reason),
            escape(_compact(row.record)),
        )
    console.print(table)
    if len(rows) == limit:
        console.print(f"the first {limit:,} rows: --limit for more")


@quarantine_app.command()
def export(
    to: Annotated[Path, typer.Option("--to", help="The directory to write the CSV files to.")],
    load: Load = None,
    context: Context = None,
    source_file: SourceFile = None,
) -> None:
    """A CSV per source file of its quarantined rows' values, in the file's columns after
    `_context,_load_id,_source_row,_reason`: fix them there and load them again."""
    with _reading() as connection:
        chosen = load or latest_load(connection)
        rows = _matching(connection, chosen, context, source_file, None)
    if not rows:
        _fail(f"nothing quarantined{_of(chosen)} matches: no file written")
    to.mkdir(parents=True, exist_ok=True)
    for file, of_file in _by_file(rows).items():
        columns, lines = exported(file, of_file)
        path = to / Path(file).name
        _write(path, [*ABOUT_THE_ROW, *columns], lines)
        rows_written = f"{len(lines):,} row{'' if len(lines) == 1 else 's'}"
        console.print(f"{escape(str(path))}: {rows_written}")
        _note_personal_data(columns)


def _matching(
    connection: psycopg.Connection,
    load: str | None,
    context: str | None,
    source_file: str | None,
    limit: int | None,
) -> list[QuarantinedRow]:
    if load is None:  # no load quarantined a row
        return []
    return quarantined(
        connection, load_id=load, context=context, source_file=source_file, limit=limit
    )


def _compact(record: dict[str, Any]) -> str:
    """`column=value ...`, each value cut to VALUE_WIDTH characters; sealed words hidden."""
    return " ".join(f"{column}={_short(column, value)}" for column, value in record.items())


def _short(column: str, value: Any) -> str:
    if value is None:
        return "∅"
    if column in FREE_TEXT_COLUMNS:
        return "(sealed)"
    text = str(value)
    return text if len(text) <= VALUE_WIDTH else f"{text[: VALUE_WIDTH - 1]}…"


def _by_file(rows: Iterable[QuarantinedRow]) -> dict[str, list[QuarantinedRow]]:
    files: dict[str, list[QuarantinedRow]] = {}
    for row in rows:
        files.setdefault(row.source_file, []).append(row)
    return files


def exported(file: str, rows: list[QuarantinedRow]) -> tuple[list[str], list[dict[str, Any]]]:
    """The value columns (in the file's order where the file is an Olist one) and a line per
    source row (rows of one file, by load and row): a row several contexts quarantined,
    once, its contexts joined by `+`, its values those any of them kept."""
    lines = [
        _line(list(group))
        for _, group in groupby(rows, key=lambda row: (row.load_id, row.source_row))
    ]
    held = dict.fromkeys(column for row in rows for column in row.record)
    known = [column for column, _ in OLIST_FILES.get(Path(file).name, ())]
    columns = [c for c in known if c in held] + [c for c in held if c not in known]
    return columns, lines


def _line(rows: list[QuarantinedRow]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for row in rows:
        for column, value in row.record.items():
            if values.get(column) is None:
                values[column] = value
    about = (
        "+".join(dict.fromkeys(row.context for row in rows)),
        rows[0].load_id,
        rows[0].source_row,
        " | ".join(dict.fromkeys(row.reason for row in rows)),
    )
    return {**dict(zip(ABOUT_THE_ROW, about)), **values}


def _write(path: Path, columns: list[str], lines: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(lines)


def _note_personal_data(columns: list[str]) -> None:
    """What a quarantine keeps of people's data is not the source's: say so where it is."""
    kept = [
        f"{', '.join(held)} {what}"
        for held, what in (
            ([c for c in columns if c in IDENTIFIER_COLUMNS], "as pseudonyms"),
            ([c for c in columns if c in FREE_TEXT_COLUMNS], "sealed"),
        )
        if held
    ]
    if kept:
        console.print(
            f"  [yellow]note: {' and '.join(kept)}, not as the source has them:"
            " take those values from the source file[/]"
        )


def _of(load: str | None) -> str:
    return f" in {load}" if load else ""


@contextmanager
def _reading() -> Iterator[psycopg.Connection]:
    try:
        with warehouse() as connection:
            yield connection
    except UnknownContext as error:
        _fail(str(error))
    except psycopg.errors.UndefinedTable as error:
        _fail(f"{error.diag.message_primary}: have the contexts' services started once?")
    except psycopg.OperationalError as error:
        _fail(f"cannot reach the warehouse ({error}); is it up? olist-dw up")


def _fail(message: str) -> NoReturn:
    console.print(f"[red]{escape(message)}[/]")
    raise typer.Exit(1)
