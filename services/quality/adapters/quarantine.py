"""Every publishing context's quarantine (`<context>.quarantine`, the chassis table) read
as one: the rows a load rejected, with the kind of problem (`rule`) their reason names."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql

from contracts.contexts import PUBLISHING_CONTEXTS

MALFORMED_LINE, ORPHAN, DOMAIN_RULE = "malformed line", "orphan", "domain rule"

# `line 12: too many fields ...`, `line 12, column x: not UTF-8 ...`, `column x: NUL character`
_SOURCE_PROBLEM = re.compile(r"^(line \d+\b|column )")
_NO_PARENT = re.compile(r": no such \w+ in the source$")  # the contexts' orphan checks
_FIELD = re.compile(r"^([A-Za-z_][\w.]*): ")


def rule_of(reason: str) -> str:
    """The kind of problem a quarantine reason names:

    - `malformed line`: the source could not read the row (`line 12: too few fields ...`);
    - `orphan`: its parent never arrived (`order_id: no such order in the source`);
    - the field a format check or a domain rule refused (`price: Input should be ...` ->
      `price`), the fields joined by `, ` when the reason has several clauses;
    - `domain rule`: a rule stated without a field (`approved before it was purchased`).
    """
    if _SOURCE_PROBLEM.match(reason):
        return MALFORMED_LINE
    if _NO_PARENT.search(reason):
        return ORPHAN
    fields = [m[1] for clause in reason.split("; ") if (m := _FIELD.match(clause))]
    return ", ".join(dict.fromkeys(fields)) or DOMAIN_RULE


@dataclass(frozen=True)
class QuarantinedRow:
    context: str
    load_id: str
    source_file: str
    source_row: int
    record_kind: str
    rule: str
    reason: str
    record: dict[str, Any]
    quarantined_at: datetime


@dataclass(frozen=True)
class QuarantineCount:
    context: str
    source_file: str
    rule: str
    rows: int


class UnknownContext(ValueError):
    pass


def _every_quarantine(contexts: tuple[str, ...]) -> sql.Composable:
    selects = [
        sql.SQL(
            "SELECT {} AS context, load_id, source_file, source_row, record_kind, reason,"
            " record, quarantined_at FROM {}"
        ).format(sql.Literal(context), sql.Identifier(context, "quarantine"))
        for context in contexts
    ]
    return sql.SQL(" UNION ALL ").join(selects)


def _contexts(context: str | None) -> tuple[str, ...]:
    if context is None:
        return PUBLISHING_CONTEXTS
    if context not in PUBLISHING_CONTEXTS:
        raise UnknownContext(f"no context {context!r}: one of {', '.join(PUBLISHING_CONTEXTS)}")
    return (context,)


# the filters' conditions (constant SQL, the values bound by name)
_CONDITIONS = {
    "load_id": "load_id = %(load_id)s",
    "source_file": "source_file = %(source_file)s",
    "reason": "reason ILIKE %(reason)s",
}


def _given(filters: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in filters.items() if value is not None}


def _where(given: dict[str, Any]) -> sql.Composable:
    if not given:
        return sql.SQL("")
    conditions = [sql.SQL(_CONDITIONS[name]) for name in given]
    return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions)


def quarantined(
    connection: psycopg.Connection,
    *,
    load_id: str | None = None,
    context: str | None = None,
    source_file: str | None = None,
    reason_like: str | None = None,
    limit: int | None = 1000,
) -> list[QuarantinedRow]:
    """The quarantined rows that match, by load, file, row and context; `reason_like` is an
    ILIKE pattern (`%price%`), `limit` None for every row."""
    given = _given({"load_id": load_id, "source_file": source_file, "reason": reason_like})
    query = sql.SQL(
        "SELECT context, load_id, source_file, source_row, record_kind, reason, record,"
        " quarantined_at FROM ({}) q{} ORDER BY load_id, source_file, source_row, context"
        " LIMIT {}"
    ).format(
        _every_quarantine(_contexts(context)),
        _where(given),
        sql.SQL("ALL") if limit is None else sql.Literal(limit),
    )
    return [
        QuarantinedRow(c, load, file, row, kind, rule_of(reason), reason, record, at)
        for c, load, file, row, kind, reason, record, at in connection.execute(query, given)
    ]


def summary(connection: psycopg.Connection, *, load_id: str | None = None) -> list[QuarantineCount]:
    """How many rows each context quarantined per file and rule, by context, file, rule."""
    given = _given({"load_id": load_id})
    query = sql.SQL(
        "SELECT context, source_file, reason, count(*) FROM ({}) q{}"
        " GROUP BY context, source_file, reason"
    ).format(_every_quarantine(PUBLISHING_CONTEXTS), _where(given))
    counts: Counter[tuple[str, str, str]] = Counter()
    for context, file, reason, rows in connection.execute(query, given):
        counts[context, file, rule_of(reason)] += rows
    order = {context: position for position, context in enumerate(PUBLISHING_CONTEXTS)}
    return [
        QuarantineCount(*key, rows)
        for key, rows in sorted(counts.items(), key=lambda c: (order[c[0][0]], *c[0][1:]))
    ]


def latest_load(connection: psycopg.Connection) -> str | None:
    """The load that quarantined a row last, if any did."""
    query = sql.SQL("SELECT load_id FROM ({}) q ORDER BY quarantined_at DESC LIMIT 1").format(
        _every_quarantine(PUBLISHING_CONTEXTS)
    )
    found = connection.execute(query).fetchone()
    return found[0] if found else None
