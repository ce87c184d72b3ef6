"""`olist-dw quality report`: a load's quality, rule by rule (docs/quality.md)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from olist_dw.quality import saved_reports
from olist_dw.runtime.stack import Stack

quality_app = typer.Typer(help="Data quality: each load's report and gate.", no_args_is_help=True)
console = Console()
COLOURS = {"passed": "green", "warned": "yellow", "failed": "red"}


@quality_app.command("report")
def report(
    load: Annotated[
        str | None, typer.Option("--load", help="A load id (default: the last).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
    every_rule: Annotated[
        bool, typer.Option("--all", help="Every rule, not only those that found something.")
    ] = False,
) -> None:
    """The rules' results, the scores per dimension and the gate's decision of a load."""
    reports = saved_reports(Stack().home)
    chosen = [r for r in reports if load in (None, r["load_id"])]
    if not chosen:
        console.print(f"[red]no quality report{f' of {load}' if load else ''}[/]: run a load")
        raise typer.Exit(1)
    record = chosen[-1]
    if as_json:
        print(json.dumps(record, indent=1))
        return
    _print(record, every_rule)


def _print(record: dict[str, Any], every_rule: bool) -> None:
    table = Table(title=f"quality of {record['load_id']} (rules v{record['ruleset_version']})")
    for column in ("rule", "dimension", "outcome", "failing", "checked", "samples"):
        table.add_column(column, justify="right" if column in ("failing", "checked") else "left")
    for result in record["results"]:
        if not every_rule and result["failing"] == 0:
            continue
        colour = COLOURS[result["outcome"]]
        table.add_row(
            result["rule"],
            result["dimension"],
            f"[{colour}]{result['outcome']}[/]",
            f"{result['failing']:,}",
            f"{result['checked']:,}",
            ", ".join(result["samples"][:2]),
        )
    console.print(table)
    scores = ", ".join(f"{d} {s} %" for d, s in record["scores"].items())
    console.print(f"scores: {scores}; overall {record['overall']} %")
    gate = record["gate"]
    console.print(f"gate: [{COLOURS[gate]}]{gate}[/]")
    for reason in record["reasons"]:
        console.print(f"  {reason}")
