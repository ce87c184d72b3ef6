"""`olist-dw audit ...`: the audit log of security-relevant actions (docs/security.md)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import psycopg
import typer
from rich.console import Console
from rich.table import Table

from olist_dw.audit.chain import problems as chain_problems
from olist_dw.audit.log import actor, entries, record
from olist_dw.audit.shipment import ShipmentRefused, disagreements, ship, shipped
from olist_dw.runtime.stack import Stack

audit_app = typer.Typer(
    help="The audit log: list its entries, verify its chain, ship it off the host.",
    no_args_is_help=True,
)
console = Console()
err_console = Console(stderr=True)


def audited(stack: Stack, action: str, detail: Mapping[str, object]) -> None:
    """Append the command's action to the local warehouse's audit log."""
    audited_at(stack.database_url(), action, detail)


def audited_at(conninfo: str, action: str, detail: Mapping[str, object]) -> None:
    """Append the command's action to the audit log of that database; where it does not
    answer, say that the action went unaudited."""
    try:
        record(conninfo, actor(), action, detail)
    except psycopg.OperationalError:
        err_console.print(f"[yellow]not audited ({action}): the database does not answer[/]")


@audit_app.command("list")
def list_(last: Annotated[int, typer.Option(help="How many of the newest entries.")] = 20) -> None:
    """The newest entries, oldest first."""
    table = Table("id", "at", "actor", "action", "detail")
    for entry in entries(Stack().database_url())[-last:]:
        table.add_row(str(entry.id), entry.at.isoformat(), entry.actor, entry.action, entry.detail)
    console.print(table)


Copy = Annotated[
    Path | None,
    typer.Option(
        "--against",
        help="A shipped copy (olist-dw audit ship): also name every entry that differs from it.",
    ),
]


@audit_app.command("ship")
def ship_(
    copy: Annotated[Path, typer.Argument(help="The copy off the host, a JSON-lines file.")],
) -> None:
    """Append the entries not yet shipped to a copy off the host (refused when the database
    no longer holds what was shipped before; exit 1)."""
    try:
        count = ship(entries(Stack().database_url()), copy)
    except ShipmentRefused as refusal:
        err_console.print(f"[red]not shipped: {refusal}[/]")
        raise typer.Exit(1) from None
    console.print(f"shipped {count} new entries to {copy}")


@audit_app.command("verify")
def verify_(against: Copy = None) -> None:
    """Recompute the chain: an entry changed, deleted or moved is named (exit 1); with
    --against, so is every entry that differs from the shipped copy."""
    held = entries(Stack().database_url())
    count, problems = len(held), chain_problems(held)
    if against is not None:
        problems += disagreements(shipped(against), held)
    for problem in problems:
        console.print(f"[red]{problem}[/]")
    if problems:
        raise typer.Exit(1)
    console.print(f"audit log intact: {count} entries chained")
