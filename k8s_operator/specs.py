"""The three resources' specs, read and checked: what the CRD's schema cannot say (one of
`source` and `generatedOrders`, a cron expression, a duration, a window that ends after it
starts) is a SpecInvalid here, which the handlers turn into a permanent error."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from k8s_operator.durations import DurationInvalid, parse_duration
from k8s_operator.schedules import ScheduleInvalid, validate_schedule
from k8s_operator.timestamps import TimestampInvalid, optional_time

DEFAULT_FRESHNESS_TARGET = timedelta(hours=4)
DEFAULT_LOAD_BACKOFF_LIMIT = 2
DEFAULT_LOAD_DEADLINE_SECONDS = 7200
DEFAULT_RPO_TARGET = timedelta(hours=1)
DEFAULT_RETENTION = "7d"
DEFAULT_BACKUP_DEADLINE_SECONDS = 14400
DEFAULT_RTO_TARGET = timedelta(hours=2)
DEFAULT_DRILL_DEADLINE_SECONDS = 21600
# olist_dw/backup/retention.py: a window (7d, 4w, 6m) or a count of base backups (3)
RETENTION = re.compile(r"^(?:[1-9]\d*[dwm]|[1-9]\d*)$")
# a DNS-1123 label: what a PersistentVolumeClaim's name is made of
CLAIM_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")

Spec = Mapping[str, object]


class SpecInvalid(ValueError):
    pass


@dataclass(frozen=True)
class WarehouseLoadSpec:
    source: str | None
    generated_orders: int | None
    source_claim: str | None = None
    window_from: datetime | None = None
    window_to: datetime | None = None
    since_last_load: bool = False
    schedule: str | None = None
    freshness_target: timedelta = DEFAULT_FRESHNESS_TARGET
    backoff_limit: int = DEFAULT_LOAD_BACKOFF_LIMIT
    active_deadline_seconds: int = DEFAULT_LOAD_DEADLINE_SECONDS


@dataclass(frozen=True)
class BackupScheduleSpec:
    schedule: str
    retention: str = DEFAULT_RETENTION
    rpo_target: timedelta = DEFAULT_RPO_TARGET
    storage: str | None = None
    active_deadline_seconds: int = DEFAULT_BACKUP_DEADLINE_SECONDS


@dataclass(frozen=True)
class RestoreDrillSpec:
    to_time: datetime | None = None
    rto_target: timedelta = DEFAULT_RTO_TARGET
    storage: str | None = None
    active_deadline_seconds: int = DEFAULT_DRILL_DEADLINE_SECONDS


def warehouse_load_spec(
    spec: Spec, default_freshness_target: timedelta = DEFAULT_FRESHNESS_TARGET
) -> WarehouseLoadSpec:
    source = _optional_str(spec, "source")
    orders = _optional_int(spec, "generatedOrders", minimum=1)
    if (source is None) == (orders is None):
        raise SpecInvalid(
            "give either source (a path or URL the loader reads) or generatedOrders (a data "
            "set of that many orders generated in the pod), not both"
            if source is not None
            else "give source (a path or URL the loader reads) or generatedOrders"
        )
    claim = _claim(spec, "sourceClaim")
    if claim and source is None:
        raise SpecInvalid("sourceClaim mounts the volume that source reads: give source too")
    window_from, window_to = _time(spec, "from"), _time(spec, "to")
    since_last_load = _bool(spec, "sinceLastLoad")
    if since_last_load and window_to is not None:
        raise SpecInvalid("sinceLastLoad loads everything after the last load: drop to")
    if window_from and window_to and window_from >= window_to:
        raise SpecInvalid(f"the window ends ({window_to}) before it starts ({window_from})")
    schedule = _optional_str(spec, "schedule")
    if schedule is not None:
        try:
            schedule = validate_schedule(schedule)
        except ScheduleInvalid as error:
            raise SpecInvalid(str(error)) from None
    return WarehouseLoadSpec(
        source=source,
        generated_orders=orders,
        source_claim=claim,
        window_from=window_from,
        window_to=window_to,
        since_last_load=since_last_load,
        schedule=schedule,
        freshness_target=_duration(spec, "freshnessTarget", default_freshness_target),
        backoff_limit=_int(spec, "backoffLimit", 0, DEFAULT_LOAD_BACKOFF_LIMIT),
        active_deadline_seconds=_int(
            spec, "activeDeadlineSeconds", 1, DEFAULT_LOAD_DEADLINE_SECONDS
        ),
    )


def backup_schedule_spec(spec: Spec) -> BackupScheduleSpec:
    schedule = _optional_str(spec, "schedule")
    if schedule is None:
        raise SpecInvalid("schedule is required: a cron expression, e.g. '0 * * * *'")
    try:
        schedule = validate_schedule(schedule)
    except ScheduleInvalid as error:
        raise SpecInvalid(str(error)) from None
    given = spec.get("retention", DEFAULT_RETENTION)
    retention = str(given).strip().lower() if isinstance(given, (str, int)) else ""
    if isinstance(given, bool) or not RETENTION.match(retention):
        raise SpecInvalid(
            f"retention {given!r}: say how long (e.g. 7d, 4w, 6m) or how many base backups "
            "to keep (e.g. 3), at least 1"
        )
    return BackupScheduleSpec(
        schedule=schedule,
        retention=retention,
        rpo_target=_duration(spec, "rpoTarget", DEFAULT_RPO_TARGET),
        storage=_claim(spec, "storage"),
        active_deadline_seconds=_int(
            spec, "activeDeadlineSeconds", 1, DEFAULT_BACKUP_DEADLINE_SECONDS
        ),
    )


def restore_drill_spec(spec: Spec) -> RestoreDrillSpec:
    return RestoreDrillSpec(
        to_time=_time(spec, "toTime"),
        rto_target=_duration(spec, "rtoTarget", DEFAULT_RTO_TARGET),
        storage=_claim(spec, "storage"),
        active_deadline_seconds=_int(
            spec, "activeDeadlineSeconds", 1, DEFAULT_DRILL_DEADLINE_SECONDS
        ),
    )


def _optional_str(spec: Spec, key: str) -> str | None:
    value = spec.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SpecInvalid(f"{key} must be a string, not {value!r}")
    return value.strip() or None


def _optional_int(spec: Spec, key: str, *, minimum: int) -> int | None:
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecInvalid(f"{key} must be a whole number, not {value!r}")
    if value < minimum:
        raise SpecInvalid(f"{key} must be at least {minimum}, not {value}")
    return value


def _int(spec: Spec, key: str, minimum: int, default: int) -> int:
    value = _optional_int(spec, key, minimum=minimum)
    return default if value is None else value


def _bool(spec: Spec, key: str) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        raise SpecInvalid(f"{key} must be true or false, not {value!r}")
    return value


def _time(spec: Spec, key: str) -> datetime | None:
    try:
        return optional_time(spec.get(key))
    except TimestampInvalid as error:
        raise SpecInvalid(f"{key}: {error}") from None


def _duration(spec: Spec, key: str, default: timedelta) -> timedelta:
    value = spec.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise SpecInvalid(f"{key} must be a duration such as 4h, not {value!r}")
    try:
        return parse_duration(value)
    except DurationInvalid as error:
        raise SpecInvalid(f"{key}: {error}") from None


def _claim(spec: Spec, key: str) -> str | None:
    claim = _optional_str(spec, key)
    if claim is not None and not CLAIM_NAME.match(claim):
        raise SpecInvalid(f"{key} {claim!r} is not the name of a PersistentVolumeClaim")
    return claim
