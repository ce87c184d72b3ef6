"""A context as a service: its intake API, its outbox relayed to its own stream, and any
routes of its own, from one declaration."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from pydantic import SecretStr
from sqlalchemy import Engine

from services.chassis.events import Published
from services.chassis.intake.commands import CompleteLoad, CompletionResult, StageRecords
from services.chassis.intake.http import UseCaseImports, import_router
from services.chassis.intake.records import RecordMapping
from services.chassis.intake.use_cases import Stager, stage
from services.chassis.outbox import OutboxRelay
from services.chassis.personal_data import PersonalData, personal_data_of
from services.chassis.service import Service
from services.chassis.settings import ServiceSettings
from services.chassis.unit_of_work import RepositoryFactory, SqlUnitOfWork


@dataclass(frozen=True)
class Intake:
    """What a context takes from a load: its record mappings, a stager per kind of record
    (where the records are kept, which aggregates they touch) and its completion."""

    mappings: Mapping[str, RecordMapping]
    stagers: Mapping[str, Stager[Any]]
    complete: Callable[[Any, CompleteLoad], CompletionResult]

    def stage(self, uow: Any, command: StageRecords) -> None:
        stage(uow, command, self.stagers)


@dataclass(frozen=True)
class ContextDeclaration:
    """A context as a table of declarations: its repositories (the unit of work's
    attributes the use cases reach them by), the events it publishes, its intake and any
    routes of its own."""

    name: str
    schema: str
    package: Path  # the context's folder: migrations in adapters/migrations
    repositories: Mapping[str, RepositoryFactory]
    published: Sequence[Published]
    intake: Intake
    routes: Sequence[Callable[[Callable[[], Any]], APIRouter]] = field(default_factory=tuple)

    def unit_of_work(self, engine: Engine, personal: PersonalData) -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, self.schema, self.published, self.repositories, personal)


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def context_service(context: ContextDeclaration) -> Service:
    def routers(engine: Engine, settings: ServiceSettings) -> list[APIRouter]:
        personal = personal_data_of(_secret(settings.pseudonym_key), _secret(settings.text_keys))

        def uow() -> Any:
            return context.unit_of_work(engine, personal)

        intake = context.intake
        imports = UseCaseImports(intake.mappings, uow, intake.stage, intake.complete, personal)
        return [
            import_router(imports),
            *(route(uow) for route in context.routes),
        ]

    return Service(
        name=context.name,
        schema=context.schema,
        migrations=context.package / "adapters" / "migrations",
        routers=routers,
        workers=lambda engine, js, settings: [
            OutboxRelay.configured(engine, context.schema, js, settings)
        ],
        owns_stream=True,
        has_imports=True,
    )
