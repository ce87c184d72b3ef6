"""Customer HTTP API: the import endpoints the loader calls, wired to the use cases."""
from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter

from services.chassis.imports import UseCaseImports, import_router
from services.customer.adapters.records import MAPPINGS
from services.customer.adapters.unit_of_work import CustomerSqlUnitOfWork
from services.customer.application.imports import complete_load, stage_records


def router(uow_factory: Callable[[], CustomerSqlUnitOfWork]) -> APIRouter:
    return import_router(UseCaseImports(MAPPINGS, uow_factory, stage_records, complete_load))
