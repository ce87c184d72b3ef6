"""`olist-dw quality report`: a load's quality, rule by rule (docs/quality.md)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from olist_dw.cli.quarantine import quarantine_app
from olist_dw.quality import NoReport, report_of, reports_of, trend_of
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
    try:
        record = report_of(Stack(), load)
    except NoReport as missing:
        console.print(f"[red]{missing}[/]: run a load (olist-dw load)")
        raise typer.Exit(1) from None
    if as_json:
        print(json.dumps(record, indent=1))
        return
    _print(record, every_rule)


@quality_app.command("history")
def history(
    limit: Annotated[int, typer.Option(help="How many loads.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """The loads judged, newest first: gate, overall score and scores per dimension."""
    judged = reports_of(Stack(), limit)
    if as_json:
        print(json.dumps(judged, indent=1))
        return
    table = Table(title="quality of the last loads")
    for column in ("load", "judged at", "gate", "overall", "scores"):
        table.add_column(column)
    for row in judged:
        scores = ", ".join(f"{d} {s}" for d, s in row["scores"].items())
        gate = f"[{COLOURS[row['gate']]}]{row['gate']}[/]"
        table.add_row(row["load_id"], row["judged_at"], gate, f"{row['overall']} %", scores)
    console.print(table)


@quality_app.command("trend")
def trend(
    rule: Annotated[str, typer.Argument(help="A rule, e.g. source.order_items.unique_key.")],
    limit: Annotated[int, typer.Option(help="How many loads.")] = 20,
) -> None:
    """A rule's result over the last loads, oldest first."""
    try:
        results = trend_of(Stack(), rule, limit)
    except NoReport as missing:
        console.print(f"[red]{missing}[/]")
        raise typer.Exit(1) from None
    table = Table(title=f"trend of {rule}")
    for column in ("load", "judged at", "outcome", "failing", "checked"):
        table.add_column(column, justify="right" if column in ("failing", "checked") else "left")
    for row in results:
        outcome = f"[{COLOURS[row['outcome']]}]{row['outcome']}[/]"
        table.add_row(
            row["load_id"], row["judged_at"], outcome, f"{row['failing']:,}", f"{row['checked']:,}"
        )
    console.print(table)


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


quality_app.add_typer(quarantine_app, name="quarantine")
