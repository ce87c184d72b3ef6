"""`olist-dw dlq`: inspect and re-drive dead letters (docs/runbooks/dead-letters.md)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, NoReturn, TypeVar

import typer
from nats.js import JetStreamContext
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from olist_dw.cli.audit import audited
from olist_dw.runtime.stack import Stack
from services.chassis import dead_letters, jetstream
from services.chassis.dead_letters import DeadLetter, DeadLetterNotFound, ReplayOutcome

dlq_app = typer.Typer(help="Dead letters: messages a consumer gave up on.", no_args_is_help=True)
console = Console()
Result = TypeVar("Result")

NatsUrl = Annotated[
    str | None,
    typer.Option(
        "--nats-url", help="NATS to connect to. Default: the local stack's (olist-dw up)."
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="For scripts.")]


@dlq_app.command("list")
def list_command(nats_url: NatsUrl = None, as_json: AsJson = False) -> None:
    """Every dead letter: sequence, original subject, consumer, deliveries, error."""
    letters = _run(nats_url, dead_letters.list_dead_letters)
    if as_json:
        typer.echo(json.dumps([letter.summary() for letter in letters], indent=2))
        return
    _print_list(letters)


@dlq_app.command()
def show(
    sequence: Annotated[int, typer.Argument(help="Its sequence in DEAD_LETTERS.")],
    nats_url: NatsUrl = None,
    as_json: AsJson = False,
) -> None:
    """One dead letter with its headers and decoded body."""
    try:
        letter = _run(nats_url, lambda js: dead_letters.show(js, sequence))
    except DeadLetterNotFound as error:
        _fail(str(error))
    if as_json:
        typer.echo(json.dumps(letter.as_dict(), indent=2, default=str))
        return
    _print_letter(letter)


@dlq_app.command()
def replay(
    sequences: Annotated[
        list[int] | None,
        typer.Argument(
            help="Sequences in DEAD_LETTERS to replay.", metavar="SEQUENCE", show_default=False
        ),
    ] = None,
    replay_all: Annotated[bool, typer.Option("--all", help="Replay every dead letter.")] = False,
    nats_url: NatsUrl = None,
) -> None:
    """Republish dead letters to their original subjects (fix the cause first)."""
    if bool(sequences) == replay_all:
        raise typer.BadParameter("give the SEQUENCEs to replay, or --all (not both)")
    chosen = dead_letters.ALL if replay_all else (sequences or [])
    outcome = _run(nats_url, lambda js: dead_letters.replay(js, chosen))
    if nats_url is None:  # the local warehouse's
        detail = {"sequences": "all" if replay_all else sequences, "failed": len(outcome.failed)}
        audited(Stack(), "dead_letters.replayed", detail)
    _print_outcome(outcome)
    if outcome.failed:
        raise typer.Exit(1)


def _run(nats_url: str | None, work: Callable[[JetStreamContext], Awaitable[Result]]) -> Result:
    local = Stack().nats
    url, tls_ca = (nats_url, None) if nats_url else (local.url, local.tls_ca)
    return asyncio.run(_connected(url, tls_ca, work))


async def _connected(
    url: str, tls_ca: str | None, work: Callable[[JetStreamContext], Awaitable[Result]]
) -> Result:
    try:
        client = await jetstream.connect(
            url,
            "olist-dw-dlq",
            tls_ca,
            connect_timeout=3,
            allow_reconnect=False,
            max_reconnect_attempts=1,
            reconnect_time_wait=0.5,
            error_cb=_quiet,
        )
    except Exception as error:
        _fail(
            f"cannot reach NATS at {url} ({type(error).__name__}); "
            "is the stack up (olist-dw up), or give --nats-url"
        )
    try:
        return await work(client.jetstream())
    finally:
        await client.close()


async def _quiet(_error: Exception) -> None:
    """Connection errors are reported once, by `_connected`."""


def _fail(message: str) -> NoReturn:
    console.print(f"[red]{escape(message)}[/]")
    raise typer.Exit(1)


def _print_list(letters: list[DeadLetter]) -> None:
    if not letters:
        console.print("no dead letters")
        return
    table = Table(title=f"{len(letters)} dead letters")
    for column in ("seq", "original subject"):
        table.add_column(column, no_wrap=True)
    for column in ("time", "consumer", "deliveries", "event type", "error"):
        table.add_column(column, overflow="fold")
    for letter in letters:
        cells = (
            str(letter.sequence),
            letter.original_subject,
            _time(letter),
            letter.consumer or "",
            str(letter.deliveries or ""),
            letter.event_type or "",
            letter.error or "",
        )
        table.add_row(*map(escape, cells))
    console.print(table)
    console.print("inspect: olist-dw dlq show SEQUENCE; after the fix: olist-dw dlq replay --all")


def _print_letter(letter: DeadLetter) -> None:
    console.print(f"[bold]dead letter {letter.sequence}[/] at {_time(letter)}")
    for name, value in letter.headers.items():
        console.print(f"[bold]{escape(name)}[/]: {escape(value)}", soft_wrap=True, highlight=False)
    console.print("[bold]body[/]:")
    if isinstance(letter.body, (dict, list)):
        console.print_json(data=letter.body, default=str)
    else:
        console.print(str(letter.body), soft_wrap=True, markup=False, highlight=False)


def _print_outcome(outcome: ReplayOutcome) -> None:
    console.print(f"replayed {len(outcome.replayed)}: {_sequences(outcome.replayed)}")
    if outcome.duplicates:
        console.print(
            f"already republished by an earlier replay, now removed "
            f"{len(outcome.duplicates)}: {_sequences(outcome.duplicates)}"
        )
    if outcome.missing:
        console.print(
            f"[yellow]not in DEAD_LETTERS (already replayed?) "
            f"{len(outcome.missing)}: {_sequences(outcome.missing)}[/]"
        )
    for sequence, error in outcome.failed.items():
        console.print(f"[red]{sequence} not replayed, still a dead letter: {escape(error)}[/]")


def _sequences(sequences: list[int]) -> str:
    return ", ".join(map(str, sequences)) or "-"


def _time(letter: DeadLetter) -> str:
    return letter.time.isoformat(timespec="seconds") if letter.time else ""
