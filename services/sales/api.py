"""Sales HTTP API: the import endpoints the loader calls, wired to the use cases."""
from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter

from services.chassis.imports import UseCaseImports, import_router
from services.sales.adapters.records import MAPPINGS
from services.sales.adapters.unit_of_work import SalesSqlUnitOfWork
from services.sales.application.imports import complete_load, stage_records


def router(uow_factory: Callable[[], SalesSqlUnitOfWork]) -> APIRouter:
    return import_router(UseCaseImports(MAPPINGS, uow_factory, stage_records, complete_load))
