"""`olist-dw subject ...`: a data subject's rights (LGPD art. 18): export what is held about
a person, erase it everywhere (docs/adr/0013-personal-data.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from olist_dw.cli.audit import audited
from olist_dw.runtime.stack import Stack
from olist_dw.subjects.erasure import erase
from olist_dw.subjects.export import export
from olist_dw.subjects.ledger import tag_of
from olist_dw.subjects.people import pseudonym_in

subject_app = typer.Typer(
    help="A person's data: export it, erase it everywhere.", no_args_is_help=True
)
Person = Annotated[str, typer.Argument(help="The person's customer_unique_id, as Olist has it.")]


@subject_app.command("export")
def export_command(
    customer_unique_id: Person,
    out: Annotated[Path | None, typer.Option(help="Write the JSON here (0600).")] = None,
) -> None:
    """Everything held about the person, as JSON: each context's records (their review
    words opened), quarantined rows, the warehouse's rows, retained messages naming them."""
    stack = Stack()
    held = export(stack, customer_unique_id)
    tag = tag_of(stack.credentials.keys["pseudonym"], pseudonym_in(stack, customer_unique_id))
    audited(stack, "subject.exported", {"tag": tag})
    text = json.dumps(held, indent=2, default=str, ensure_ascii=False)
    if out is None:
        typer.echo(text)
        return
    out.touch(mode=0o600)
    out.write_text(text)
    typer.echo(f"written to {out}")


@subject_app.command("erase")
def erase_command(customer_unique_id: Person) -> None:
    """Remove or anonymise the person in every context, their quarantined rows, outboxes,
    retained messages and dead letters; rebuild the star schema; note it for restores."""
    stack = Stack()
    erasure = erase(stack, customer_unique_id)
    audited(stack, "subject.erased", {"tag": erasure.tag, "rows": erasure.rows})
    typer.echo(
        f"erased: {erasure.rows:,} rows in the contexts, {erasure.messages:,} retained"
        f" messages rewritten{'' if erasure.first_time else ' (erased before)'}"
    )
