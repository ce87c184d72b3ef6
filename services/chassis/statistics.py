"""Planner statistics of tables a bulk load has just filled.

Autovacuum analyzes a table once its changes since the last analysis pass a threshold, but
only on its next round (`autovacuum_naptime`, a minute by default). A load stages a
context's tables in seconds and completes them right after: without fresh statistics the
planner takes the lookups of a chunk's 2,000 keys for scans (docs/performance.md).
"""
from __future__ import annotations

from sqlalchemy import Connection, text

# the thresholds of autovacuum's analysis (PostgreSQL defaults)
ANALYZE_THRESHOLD, ANALYZE_SCALE_FACTOR = 50, 0.1

STALE_TABLES = text("""
    SELECT format('%I.%I', s.schemaname, s.relname) FROM pg_stat_user_tables s
    JOIN pg_class c ON c.oid = s.relid
    WHERE s.schemaname = :schema
      AND s.n_mod_since_analyze > :threshold + :scale * greatest(c.reltuples, 0)
    ORDER BY 1""")


def analyze_stale_tables(connection: Connection, schema: str) -> list[str]:
    """ANALYZE the tables of `schema` that autovacuum would analyze now; returns them."""
    tables = list(connection.execute(STALE_TABLES, {
        "schema": schema, "threshold": ANALYZE_THRESHOLD,
        "scale": ANALYZE_SCALE_FACTOR}).scalars())
    if tables:
        connection.execute(text(f"ANALYZE {', '.join(tables)}"))
    return tables
