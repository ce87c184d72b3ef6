"""Measuring the rules on tables, in SQL composed from the rule (psycopg's sql module):
one count per rule, and up to five failing keys as samples."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from psycopg import sql

from services.quality.domain.report import SAMPLE_SIZE, Measurement
from services.quality.domain.rules import NotNull, References, Satisfies, Unique

TableCheck = NotNull | Unique | References | Satisfies


def _table(name: str) -> sql.Identifier:
    return sql.Identifier(*name.split("."))


def _predicate(text: str | None) -> sql.Composable:
    # sql: identifiers only (the ruleset's declared predicates, reviewed as code; no input)
    return sql.SQL(text) if text else sql.SQL("true")


def _key(columns: Sequence[str]) -> sql.Composable:
    if not columns:
        return sql.SQL("NULL::text")
    return sql.SQL("concat_ws('|', {})").format(sql.SQL(", ").join(map(sql.Identifier, columns)))


def failing_rows(check: TableCheck) -> tuple[sql.Composable, sql.Composable, sql.Composable]:
    """(the rows checked, the condition a failing one meets, its key), as SQL."""
    table = _table(check.table)
    if isinstance(check, NotNull):
        checked = sql.SQL("{} WHERE {}").format(table, _predicate(check.where))
        return checked, sql.SQL("{} IS NULL").format(sql.Identifier(check.column)), _key(check.key)
    if isinstance(check, Satisfies):
        checked = sql.SQL("{} WHERE {}").format(table, _predicate(check.where))
        return (
            checked,
            sql.SQL("NOT coalesce({}, true)").format(_predicate(check.condition)),
            _key(check.key),
        )
    if isinstance(check, References):
        checked = sql.SQL("{} AS child WHERE {} IS NOT NULL").format(
            table, sql.Identifier(check.column)
        )
        orphan = sql.SQL(
            "NOT EXISTS (SELECT 1 FROM {parent} AS parent"
            " WHERE parent.{pc} = child.{c} AND {where})"
        ).format(
            parent=_table(check.parent),
            pc=sql.Identifier(check.parent_column),
            c=sql.Identifier(check.column),
            where=_predicate(check.where),
        )
        return checked, orphan, _key((check.column,))
    raise TypeError(f"not a row check: {check!r}")


def measure(connection: psycopg.Connection, rule: str, check: TableCheck) -> Measurement:
    if isinstance(check, Unique):
        return _measure_unique(connection, rule, check)
    rows, failing, key = failing_rows(check)
    counted = sql.SQL("SELECT count(*), count(*) FILTER (WHERE {}) FROM {}").format(failing, rows)
    checked, failed = connection.execute(counted).fetchone() or (0, 0)
    samples: list[str] = []
    if failed:
        sampled = sql.SQL("SELECT {} FROM {} AND {} ORDER BY 1 LIMIT {}").format(
            key, rows, failing, sql.Literal(SAMPLE_SIZE)
        )
        samples = [str(k) for (k,) in connection.execute(sampled) if k is not None]
    return Measurement(rule, checked, failed, tuple(samples))


def _measure_unique(connection: psycopg.Connection, rule: str, check: Unique) -> Measurement:
    """Failing: each row beyond the first of its key."""
    columns = sql.SQL(", ").join(map(sql.Identifier, check.columns))
    grouped = sql.SQL("SELECT {key}, count(*) AS n FROM {table} GROUP BY {columns}").format(
        key=_key(check.columns), table=_table(check.table), columns=columns
    )
    counted = sql.SQL(
        "SELECT coalesce(sum(n), 0), coalesce(sum(n - 1), 0),"
        " (array_agg(k ORDER BY k) FILTER (WHERE n > 1))[1:{size}]"
        " FROM ({grouped}) AS g(k, n)"
    ).format(grouped=grouped, size=sql.Literal(SAMPLE_SIZE))
    checked, failed, samples = connection.execute(counted).fetchone() or (0, 0, None)
    return Measurement(rule, int(checked), int(failed), tuple(samples or ()))
