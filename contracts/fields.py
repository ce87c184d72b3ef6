"""Field types shared by the import records of every context."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

OLIST_ID_PATTERN = r"^[0-9a-f]{32}$"
OlistId = Annotated[str, StringConstraints(pattern=OLIST_ID_PATTERN)]
ZipPrefix = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")]
State = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


def _empty_is_none(value: object) -> object:
    return None if value == "" else value


OptionalTimestamp = Annotated[datetime | None, BeforeValidator(_empty_is_none)]
OptionalCount = Annotated[int | None, BeforeValidator(_empty_is_none)]
OptionalText = Annotated[str | None, BeforeValidator(_empty_is_none)]


class SourceRecord(BaseModel):
    """One row of a source file as a context accepts it: unknown columns are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
