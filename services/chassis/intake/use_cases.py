"""The skeletons of every context's intake use cases.

Staging keeps one batch of one kind of record in one transaction: the context's stager
keeps the accepted records and names the aggregates they touch; the rejected ones go to
quarantine. Completion reads the load's import scope back in id order, one chunk per
transaction, and hands each chunk to the context's step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from services.chassis.intake.commands import CompleteLoad, CompletionResult, StageRecords
from services.chassis.intake.ports import IntakeUnitOfWork

UoW = TypeVar("UoW", bound=IntakeUnitOfWork)

# scope ids per completion transaction: large enough to batch the lookups, small enough
# that a failure repeats little
COMPLETION_CHUNK = 2000

Stager = Callable[[UoW, StageRecords], Sequence[str]]  # keeps the records, names scope ids
Step = Callable[[UoW, CompleteLoad, list[str], CompletionResult], None]


def scope_ids(kind: str, natural_ids: Iterable[str]) -> list[str]:
    """How an aggregate is named in the import scope: `<kind>:<natural id>`, so one scope
    (read back in id order) holds every kind of a context, each kind contiguous."""
    return [f"{kind}:{natural_id}" for natural_id in natural_ids]


def by_kind(ids: Iterable[str]) -> dict[str, list[str]]:
    """Scope ids -> natural ids per kind."""
    found: dict[str, list[str]] = defaultdict(list)
    for scope_id in ids:
        kind, _, natural_id = scope_id.partition(":")
        found[kind].append(natural_id)
    return found


def stage(uow: UoW, command: StageRecords, stagers: Mapping[str, Stager[UoW]]) -> None:
    """Keep valid records as the context's state and invalid ones in quarantine, in one
    transaction, and note the aggregates they touch for the completion."""
    with uow:
        touched = stagers[command.kind](uow, command)
        uow.scope.touch(command.load_id, touched)
        uow.quarantine.add(command.load_id, command.rejected)
        uow.commit()


def complete_in_chunks(
    uow: UoW,
    command: CompleteLoad,
    step: Step[UoW],
    result: CompletionResult,
    *,
    kind: str = "",
    chunk: int = COMPLETION_CHUNK,
) -> CompletionResult:
    """Run `step` on the natural ids of `kind` in the load's scope (on every scope id as
    it is when `kind` is empty), one chunk per transaction, and count the events it
    appended.

    The scope is read on from the last id read, never from an id rebuilt from a chunk: a
    chunk may hold ids of the kinds that sort after `kind`, and reading on from those ends
    the kind (ids of one kind are contiguous in id order).
    """
    prefix = f"{kind}:" if kind else ""
    after = prefix
    while True:
        with uow:
            read = uow.scope.chunk(command.load_id, after, chunk)
            ids = [i.removeprefix(prefix) for i in read if i.startswith(prefix)]
            if not ids:
                return result
            step(uow, command, ids, result)
            uow.commit()
            result.events += uow.events_appended
            after = read[-1]
