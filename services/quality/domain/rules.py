"""Quality rules: what is checked, where, in which dimension, and how many failures a rule
tolerates before it warns or fails. A rule names its check; the adapters know how to
measure each kind of check (SQL on the warehouse, the load's source profile)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Dimension(StrEnum):
    COMPLETENESS = "completeness"
    VALIDITY = "validity"
    UNIQUENESS = "uniqueness"
    REFERENTIAL = "referential"
    ACCURACY = "accuracy"
    TIMELINESS = "timeliness"
    CONSISTENCY = "consistency"


class Severity(StrEnum):
    CRITICAL = "critical"  # over its tolerance, the rule fails, and so does the gate
    WARNING = "warning"  # over its tolerance, the rule warns: a known quirk, counted


class RuleInvalid(ValueError):
    pass


@dataclass(frozen=True)
class NotNull:
    """Every row of `table` (matching `where`, if given) has `column`."""

    table: str
    column: str
    where: str | None = None
    key: tuple[str, ...] = ()  # the columns that name a failing row in the samples


@dataclass(frozen=True)
class Unique:
    """No two rows of `table` share `columns`."""

    table: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class References:
    """Every non-null `column` of `table` is a `parent_column` of a row of `parent` (that
    matches `where`)."""

    table: str
    column: str
    parent: str
    parent_column: str
    where: str | None = None


@dataclass(frozen=True)
class Satisfies:
    """Every row of `table` (matching `where`) satisfies `condition`, a SQL predicate over
    the row's columns; a row where it is false fails, one where it is unknown passes."""

    table: str
    condition: str
    where: str | None = None
    key: tuple[str, ...] = ()  # the columns that name a failing row in the samples


@dataclass(frozen=True)
class SourceProfile:
    """A figure of the load's source profile, measured on what the loader read, before any
    merge: `duplicate_keys`, `missing:<column>`, or `quarantined`, of `file`."""

    file: str
    figure: str


@dataclass(frozen=True)
class Reconciles:
    """Every row the loader read of `file` was accepted or quarantined by `context`."""

    file: str
    context: str


@dataclass(frozen=True)
class Fresh:
    """The newest `column` of `table` is not older than the newest `event_time` the loader
    read of `file` (a load of a window that ends before that is not measured)."""

    file: str
    event_time: str
    table: str
    column: str


Check = NotNull | Unique | References | Satisfies | SourceProfile | Reconciles | Fresh


@dataclass(frozen=True)
class QualityRule:
    name: str
    dimension: Dimension
    check: Check
    description: str
    severity: Severity = Severity.CRITICAL
    tolerance: Decimal = Decimal(0)  # the share of checked rows that may fail (0.02: 2 %)

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.tolerance < Decimal(1):
            raise RuleInvalid(f"{self.name}: a tolerance is a share from 0 to below 1")
        if not self.name or " " in self.name:
            raise RuleInvalid(f"a rule's name is one word with dots: {self.name!r}")

    @property
    def target(self) -> str:
        check = self.check
        if isinstance(check, (SourceProfile, Reconciles)):
            return check.file
        column = getattr(check, "column", None) or ",".join(getattr(check, "columns", ()))
        return f"{check.table}.{column}" if column else check.table


@dataclass(frozen=True)
class Ruleset:
    version: str
    rules: tuple[QualityRule, ...]

    def __post_init__(self) -> None:
        names = [rule.name for rule in self.rules]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise RuleInvalid(f"rule names must be unique; repeated: {', '.join(repeated)}")
