"""`olist-dw audit ...`: the audit log of security-relevant actions (docs/security.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import psycopg
import typer
from rich.console import Console
from rich.table import Table

from olist_dw.audit.log import actor, entries, record, verify
from olist_dw.runtime.stack import Stack

audit_app = typer.Typer(
    help="The audit log: list its entries, verify its chain.", no_args_is_help=True
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


@audit_app.command("verify")
def verify_() -> None:
    """Recompute the chain: an entry changed, deleted or moved is named (exit 1)."""
    count, problems = verify(Stack().database_url())
    for problem in problems:
        console.print(f"[red]{problem}[/]")
    if problems:
        raise typer.Exit(1)
    console.print(f"audit log intact: {count} entries chained")
