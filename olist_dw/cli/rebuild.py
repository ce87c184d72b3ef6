"""`olist-dw rebuild ...`: rebuild a projection from the events retained in JetStream."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from olist_dw.cli.audit import audited
from olist_dw.rebuild import RebuildOutcome, RebuildRefused, rebuild_reporting
from olist_dw.runtime.stack import Stack

rebuild_app = typer.Typer(
    help="Rebuild a projection from the events retained in JetStream.", no_args_is_help=True
)
console = Console()


@rebuild_app.callback()
def rebuild() -> None:
    """Rebuild a projection from the events retained in JetStream (docs/runbooks/rebuild.md)."""


@rebuild_app.command()
def reporting(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the replay.")] = 7200.0,
) -> None:
    """Drop the star schema (dw, mart) and replay every retained event into it again."""
    stack = Stack()
    if not yes:
        typer.confirm(
            "Drop schemas dw and mart and rebuild them from JetStream? Analysts see "
            "an incomplete warehouse until the replay ends",
            abort=True,
        )
    try:
        with console.status("rebuilding the star schema") as status:
            outcome = rebuild_reporting(
                stack,
                timeout=timeout,
                pending=lambda count: status.update(f"replaying: {count:,} messages to go"),
            )
    except RebuildRefused as refused:
        console.print(f"[red]{refused}[/]")
        raise typer.Exit(1) from refused
    audited(stack, "rebuild.reporting", {"messages_replayed": outcome.messages_replayed})
    print_outcome(outcome)


def print_outcome(outcome: RebuildOutcome) -> None:
    streams = Table(title="messages replayed (each a frame of events)")
    streams.add_column("stream")
    streams.add_column("messages", justify="right")
    for stream, messages in outcome.messages_per_stream.items():
        streams.add_row(stream, f"{messages:,}")
    streams.add_row("[bold]total[/]", f"[bold]{outcome.messages_replayed:,}[/]")
    rows = Table(title="star schema rows")
    rows.add_column("table")
    rows.add_column("rows", justify="right")
    for table, count in outcome.rows.items():
        rows.add_row(f"dw.{table}", f"{count:,}")
    console.print(streams, rows)
    console.print(f"rebuilt in {outcome.seconds:.1f} s")
