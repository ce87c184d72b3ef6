"""SQL of the orphan checks of an import: staged children whose parent never arrived."""

from __future__ import annotations


def absent_parents(table: str, key: str, ids: str = "ids") -> str:
    """An SQL array of the keys in the parameter `:ids` that `table.key` lacks.

    The absent keys are found by index probes first, so that children are then read by
    key (`child.key = ANY(<this>)`, usually an empty array) instead of a scan of every
    staged child that filters on the list and probes the parent for each match.
    """
    return (
        f"ARRAY(SELECT k FROM unnest(CAST(:{ids} AS text[])) k WHERE NOT EXISTS"
        f" (SELECT 1 FROM {table} p WHERE p.{key} = k))"
    )
