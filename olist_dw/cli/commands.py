"""`olist-dw`: run the warehouse locally, load data, and look at it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from olist_dw.backup.operations import stop_streaming
from olist_dw.backup.settings import backup_settings
from olist_dw.cli.audit import audit_app, audited
from olist_dw.cli.backup import backup_app
from olist_dw.cli.dead_letters import dlq_app
from olist_dw.cli.keys import keys_app
from olist_dw.cli.lineage import lineage_app
from olist_dw.cli.quality import quality_app
from olist_dw.cli.rebuild import rebuild_app
from olist_dw.cli.subjects import subject_app
from olist_dw.database import ANALYST_ROLE, SERVICE_ROLES
from olist_dw.runtime.postgres import SUPERUSER
from olist_dw.runtime.stack import SERVICES, Stack
from services.chassis.auth.tokens import Role
from services.reporting.adapters.warehouse_reads import money_totals, row_counts

app = typer.Typer(help="olist-dw: the Olist data warehouse, run locally.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(backup_app, name="backup")
app.add_typer(dlq_app, name="dlq", help="Dead letters: list, show, replay after a fix.")
app.add_typer(keys_app, name="keys")
app.add_typer(lineage_app, name="lineage")
app.add_typer(quality_app, name="quality")
app.add_typer(rebuild_app, name="rebuild", help="Rebuild the star schema from retained events.")
app.add_typer(subject_app, name="subject")
console = Console()
QUALITY_GATE_FAILED = (
    3  # `olist-dw load`: loaded, but not good enough; the marts keep the last good load
)
# who `dsn` signs in as: analysts, the administrator, or a service (to inspect its schema)
ROLES = {
    "analyst": ANALYST_ROLE,
    "admin": SUPERUSER,
    **{s: r.role for s, r in SERVICE_ROLES.items()},
}


@app.command()
def up(
    tls: Annotated[
        bool,
        typer.Option(
            "--tls",
            help="PostgreSQL and NATS over TLS only, with a local certificate authority"
            " (made once; later `up`s keep the mode until `down`)",
        ),
    ] = False,
) -> None:
    """Start PostgreSQL, NATS JetStream and every service as background processes."""
    stack = Stack(tls=True if tls else None)
    with console.status("starting PostgreSQL, NATS and the services"):
        stack.up()
    _print_status(stack)


@app.command()
def down() -> None:
    """Stop every process that `up` started (data stays in OLIST_DW_HOME)."""
    stack = Stack()
    stop_streaming(backup_settings(stack=stack))
    stack.down()
    console.print("stopped")


@app.command()
def status(as_json: Annotated[bool, typer.Option("--json", help="For scripts.")] = False) -> None:
    """Each process with its pid, port, URL, health and (services) restarts."""
    stack = Stack()
    if as_json:
        typer.echo(json.dumps(stack.status(), indent=2))
        return
    _print_status(stack)


@app.command()
def migrate() -> None:
    """Roles, schemas, passwords and every service's migrations on a cluster's PostgreSQL
    (the Helm chart's hook Job; settings from OLIST_DW_ADMIN_URL and the others in
    olist_dw/cluster_migrations.py)."""
    from olist_dw import cluster_migrations

    raise typer.Exit(cluster_migrations.main(os.environ))


@app.command()
def dsn(
    role: Annotated[str, typer.Option(help=f"{' | '.join(ROLES)}")] = "analyst",
) -> None:
    """The PostgreSQL connection URL of a role, its password included (from the runtime's
    private credentials file), e.g. psql "$(olist-dw dsn --role analyst)"."""
    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {sorted(ROLES)}")
    typer.echo(Stack().database_url(ROLES[role]))


@app.command()
def token(
    role: Annotated[
        str, typer.Option(help="analyst | data_engineer | admin | service")
    ] = "analyst",
    ttl: Annotated[str, typer.Option(help="How long it is valid: 30m, 1h, 7d.")] = "1h",
    subject: Annotated[str, typer.Option(help="Who it is for (the token's sub).")] = "",
) -> None:
    """A bearer token for the local services, e.g.
    curl -H "Authorization: Bearer $(olist-dw token --role analyst)" .../warehouse/tables"""
    from olist_dw.runtime.signing import mint

    if role not in Role._value2member_map_:
        console.print(f"[red]no role {role!r}[/]: {', '.join(Role)}")
        raise typer.Exit(2)
    seconds, stack = _seconds(ttl), Stack()
    who = subject or f"local-{role}"
    typer.echo(mint(stack.home, who, [Role(role)], seconds))
    audited(stack, "token.minted", {"subject": who, "role": role, "ttl_seconds": seconds})


def _seconds(ttl: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = ttl.strip().lower()
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit() or int(text[:-1]) < 1:
        console.print(f"[red]--ttl {ttl!r}[/]: a number and s, m, h or d, such as 1h")
        raise typer.Exit(2)
    return int(text[:-1]) * units[text[-1]]


@app.command()
def synth(
    out: Annotated[Path, typer.Option(help="Directory to write the 9 files into.")],
    orders: Annotated[int | None, typer.Option(help="How many orders.")] = None,
    scale: Annotated[float | None, typer.Option(help="Times the real data set's size.")] = None,
    seed: Annotated[int, typer.Option()] = 42,
    gzip: Annotated[bool, typer.Option("--gzip", help="Write .csv.gz files.")] = False,
) -> None:
    """Generate an Olist-shaped data set, deterministically."""
    from olist_dw import synth as generator

    count = orders or (generator.scale_to_orders(scale) if scale else 2000)
    with console.status(f"generating {count} orders"):
        summary = generator.generate(out, orders=count, seed=seed, compress=gzip)
    for name, rows in summary.rows.items():
        console.print(f"{rows:>10,}  {name}")


@app.command()
def load(
    source: Annotated[
        str | None,
        typer.Option(
            help="Directory with the Olist CSVs (plain or .gz), or a postgresql:// URL of a "
            "database holding the 9 Olist tables (named like the files without .csv; "
            "?schema=NAME if not in public). Default: $OLIST_DATA_DIR, "
            "else a generated data set."
        ),
    ] = None,
    window_from: Annotated[
        str | None, typer.Option("--from", help="Business time >= (ISO).")
    ] = None,
    window_to: Annotated[str | None, typer.Option("--to", help="Business time < (ISO).")] = None,
    orders: Annotated[
        int, typer.Option(help="Orders to generate when no source is given.")
    ] = 20000,
    summary_file: Annotated[
        Path | None,
        typer.Option(help="Also write the outcome as one JSON object here (for the operator)."),
    ] = None,
) -> None:
    """Load a source extract into the running warehouse and wait until it is complete.

    Against the local system (`olist-dw up`), or, when OLIST_DW_REPORTING_URL is set (a
    load Job in a cluster), against the services the OLIST_DW_*_URL variables name."""
    from olist_dw.loading import (
        TargetMisconfigured,
        cluster_target,
        load_into,
        load_request,
        local_target,
        write_summary,
    )
    from olist_dw.sources import source_from

    try:
        target = cluster_target(os.environ)
    except TargetMisconfigured as error:
        console.print(f"[red]load failed[/]: {error}", soft_wrap=True)
        raise typer.Exit(2) from None
    stack = None
    if target is None:
        stack = Stack()
        target = local_target(stack)
    extract = source_from(source or str(_default_source(target.home, orders)))
    request = load_request(window_from, window_to)
    console.print(f"loading [bold]{extract.describe()}[/]")
    with _progress_bar() as progress, failing_clearly(stack):
        summary = load_into(target, extract, request, progress)
    if summary_file:
        write_summary(summary_file, summary, request)
    _print_outcomes(summary)
    if stack:
        _print_warehouse(stack, summary)
    if summary.gate and not summary.gate.passed:
        raise typer.Exit(QUALITY_GATE_FAILED)


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int], None]]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(file: str, rows: int) -> None:
            if file not in tasks:
                tasks[file] = bar.add_task(file, total=None)
            bar.advance(tasks[file], rows)

        yield progress


@app.command("replay")
def replay_command(
    source: Annotated[
        str | None,
        typer.Option(
            help="Directory with the Olist CSVs or a postgresql:// URL (default as for load)."
        ),
    ] = None,
    step_days: Annotated[int, typer.Option(help="Days per event-time window.")] = 1,
    orders: Annotated[
        int, typer.Option(help="Orders to generate when no source is given.")
    ] = 20000,
) -> None:
    """Load the whole history as consecutive event-time windows (daily by default), each an
    incremental load of the rows its window is about; equal to one full load."""
    from olist_dw.loading import replay

    stack = Stack()
    spec = source or str(_default_source(stack.home, orders))
    with (
        console.status(f"replaying {spec} in windows of {step_days} day(s)"),
        failing_clearly(stack),
    ):
        summary = replay(stack, spec, step_days=step_days)
    console.print(
        f"{summary.windows:,} windows ({summary.loaded_windows:,} with rows), "
        f"{summary.rows:,} rows, {summary.events:,} new events; seconds: "
        + ", ".join(f"{k} {v:.1f}" for k, v in summary.seconds.items())
    )
    _print_where_to_look(stack)


@contextmanager
def failing_clearly(stack: Stack | None) -> Iterator[None]:
    """A load that cannot go on ends with one sentence saying why and what to do (exit 1),
    not a traceback."""
    from services.loader.application.ports import (
        BatchTooLarge,
        ContextRefused,
        ContextUnavailable,
        SourceError,
    )

    try:
        yield
    except ContextUnavailable as error:
        where = f" Its log: {stack.home / 'logs'}/{error.context}.log" if stack else ""
        console.print(f"[red]load failed[/]: {error}{where}", soft_wrap=True)
        raise typer.Exit(1) from None
    except (SourceError, ContextRefused, BatchTooLarge) as error:
        console.print(f"[red]load failed[/]: {error}", soft_wrap=True)
        raise typer.Exit(1) from None


def _default_source(home: Path, orders: int) -> Path:
    if os.environ.get("OLIST_DATA_DIR"):
        return Path(os.environ["OLIST_DATA_DIR"])
    from olist_dw import synth as generator

    directory = home / "synth" / f"orders-{orders}"
    if not (directory / "olist_orders_dataset.csv").exists():
        with console.status(f"no OLIST_DATA_DIR: generating {orders} Olist-shaped orders"):
            generator.generate(directory, orders=orders, seed=42)
    return directory


def _print_outcomes(summary) -> None:
    table = Table(title=f"load {summary.load_id}")
    for column in ("file", "context", "read", "accepted", "rejected"):
        table.add_column(column, justify="left" if column in ("file", "context") else "right")
    for outcome in summary.files:
        table.add_row(
            outcome.totals.file,
            outcome.source.context,
            f"{outcome.totals.rows:,}",
            f"{outcome.accepted:,}",
            f"{outcome.rejected:,}",
        )
    console.print(table)
    for outcome in summary.files:
        for reason, count in outcome.reasons.most_common(5):
            console.print(
                f"  {outcome.source.context} rejected {count:,} of {outcome.totals.file}: {reason}"
            )
    for warning in summary.warnings:
        console.print(f"[yellow]warning[/]: {warning}")
    for context, done in summary.completions.items():
        console.print(
            f"{context}: {done.aggregates:,} aggregates, {done.events:,} new events, "
            f"{done.orphans:,} orphan rows quarantined"
        )
    seconds = summary.seconds
    console.print(
        f"seconds: stage {seconds['stage']:.1f}, complete {seconds['complete']:.1f}, "
        f"total {seconds['total']:.1f}"
    )
    if gate := summary.gate:
        colour = {"passed": "green", "warned": "yellow"}.get(gate.outcome, "red")
        console.print(
            f"quality gate: [{colour}]{gate.outcome}[/], overall score {gate.score} %"
            " (olist-dw quality report)"
        )
        for reason in gate.reasons:
            console.print(f"  {reason}")


def _print_warehouse(stack: Stack, summary) -> None:
    analyst_url = stack.database_url(ROLES["analyst"])
    counts = row_counts(analyst_url)
    console.print("warehouse: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    _print_control_totals(analyst_url, summary)
    _print_where_to_look(stack)


def _print_control_totals(url: str, summary) -> None:
    """Source sums (control totals) against the warehouse: equal unless rows were rejected."""
    in_warehouse = money_totals(url)
    for outcome in summary.files:
        for column, expected in outcome.totals.sums.items():
            actual = in_warehouse[column]
            mark = (
                "[green]equal[/]"
                if actual == expected
                else f"[yellow]differs by {expected - actual:,.2f} (rejected rows, see quarantine)[/]"
            )
            console.print(
                f"control total {column}: source {expected:,.2f}, warehouse {actual:,.2f}: {mark}"
            )


def _print_status(stack: Stack) -> None:
    table = Table(title=f"olist-dw at {stack.home}")
    for column in ("component", "pid", "port", "url", "healthy", "restarts"):
        table.add_column(column)
    for row in stack.status():
        table.add_row(
            *(str(row[c]) for c in ("component", "pid", "port", "url")),
            "[green]yes[/]" if row["healthy"] else "[red]no[/]",
            str(row.get("restarts", "")),
        )
    console.print(table)


def _print_where_to_look(stack: Stack) -> None:
    console.print("\n[bold]where to look[/]")
    console.print(f'  analysts:  psql "{stack.database_url(ROLES["analyst"])}"  (schemas dw, mart)')
    for name in SERVICES:
        if name in stack.state.services:
            console.print(f"  {name:<10} {stack.service_url(name)}/docs")
    console.print(
        '  tokens:    curl -H "Authorization: Bearer $(olist-dw token --role analyst)" '
        f"{stack.service_url('reporting')}/warehouse/tables  (roles: {', '.join(Role)})"
    )
    console.print(f"  logs:      {stack.home / 'logs'}")
    console.print("  stop:      make down")


if __name__ == "__main__":
    app()
