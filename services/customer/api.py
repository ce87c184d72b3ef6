"""Customer HTTP API: the import endpoints the loader calls, wired to the use cases."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import APIRouter

from services.chassis.imports import import_router
from services.chassis.staging import CompletionResult, Rejection, Sourced
from services.customer.adapters.records import MAPPINGS
from services.customer.adapters.unit_of_work import CustomerSqlUnitOfWork
from services.customer.application.imports import (
    CompleteLoad, StageRecords, complete_load, stage_records,
)
from shared_kernel import DateRange


class CustomerImports:
    kinds = MAPPINGS

    def __init__(self, uow_factory: Callable[[], CustomerSqlUnitOfWork]) -> None:
        self._uow = uow_factory

    def stage(self, load_id: str, kind: str, accepted: Sequence[Sourced],
              rejected: Sequence[Rejection]) -> None:
        stage_records(self._uow(), StageRecords(load_id, kind, accepted, rejected))

    def complete(self, load_id: str, window: DateRange) -> CompletionResult:
        return complete_load(self._uow(), CompleteLoad(load_id, window))

    def backlog(self) -> int:
        return self._uow().unpublished()


def router(uow_factory: Callable[[], CustomerSqlUnitOfWork]) -> APIRouter:
    return import_router(CustomerImports(uow_factory))
