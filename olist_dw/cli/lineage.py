"""`olist-dw lineage <table>`: which loads, source files and event types fed a dw table."""

from __future__ import annotations

import json
from datetime import UTC
from itertools import groupby
from typing import Annotated

import psycopg
import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table

from olist_dw.lineage import LineageRow, UnknownTable, lineage

lineage_app = typer.Typer(help="Which loads, source files and event types fed a dw table.")


# a group without subcommands, so that `olist-dw lineage <table>` is its default command;
# interspersed arguments let options come after the table name
@lineage_app.callback(
    invoke_without_command=True,
    subcommand_metavar="",
    context_settings={"allow_interspersed_args": True},
)
def show(
    table: Annotated[str, typer.Argument(help="A dw table, e.g. fact_order or dw.fact_order.")],
    as_json: Annotated[bool, typer.Option("--json", help="For scripts.")] = False,
    url: Annotated[
        str | None,
        typer.Option(
            "--url", help="The warehouse's database URL. Default: the local one, as analyst."
        ),
    ] = None,
) -> None:
    """Each load that fed the table (when it was applied), with the source files and event
    types it came from and how many events."""
    console = Console()
    try:
        rows = lineage(url or _local_analyst_url(), table)
    except UnknownTable as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(2) from None
    except psycopg.OperationalError as error:
        console.print(
            f"[red]cannot reach the warehouse ({escape(str(error))}); is it up? olist-dw up[/]"
        )
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps([row.as_dict() for row in rows], indent=2))
    elif rows:
        console.print(_tables(table, rows))
    else:
        console.print(f"no load has fed {_qualified(table)} yet")


def _local_analyst_url() -> str:
    from olist_dw.database import ANALYST_ROLE
    from olist_dw.runtime.stack import Stack

    return Stack().database_url(ANALYST_ROLE)


def _qualified(table: str) -> str:
    return table if table.startswith("dw.") else f"dw.{table}"


def _tables(table: str, rows: list[LineageRow]) -> Group:
    """A table per load, oldest first: its source files and event types, with counts."""
    views: list[Table | str] = [f"[bold]lineage of {_qualified(table)}[/]"]
    for load_id, group in groupby(rows, key=lambda row: row.load_id):
        fed = list(group)
        views.append(f"\n[bold]{load_id}[/], applied {_applied(fed)}")
        view = Table()
        view.add_column("source file")
        view.add_column("event type")
        view.add_column("events", justify="right")
        for row in fed:
            view.add_row(row.source_file or "[dim](none)[/]", row.event_type, f"{row.events:,}")
        views.append(view)
    return Group(*views)


def _applied(rows: list[LineageRow]) -> str:
    """When a load's events were applied: from the first batch to the last, in UTC."""
    first = min(row.first_applied_at for row in rows).astimezone(UTC)
    last = max(row.last_applied_at for row in rows).astimezone(UTC)
    start, end = (f"{moment:%Y-%m-%d %H:%M:%S}" for moment in (first, last))
    if end == start:
        return f"{start} UTC"
    return f"{start} .. {end[11:] if end[:10] == start[:10] else end} UTC"
