"""Vacuum and analyze the tables a bulk load has just filled, before it reads them back.

Autovacuum does both once a table's changes pass a threshold, but only on its next round
(`autovacuum_naptime`, a minute by default). A load stages a context's tables in seconds
and completes them right after. Without statistics the planner misjudges the lookups of
a chunk's 2,000 keys; without a visibility map, index-only probes cost heap visits too,
and it hashes the whole parent table instead of probing it (docs/performance.md).
"""

from __future__ import annotations

from sqlalchemy import Engine, text

# the thresholds of autovacuum's analysis (PostgreSQL defaults)
ANALYZE_THRESHOLD, ANALYZE_SCALE_FACTOR = 50, 0.1

STALE_TABLES = text("""
    SELECT format('%I.%I', s.schemaname, s.relname) FROM pg_stat_user_tables s
    JOIN pg_class c ON c.oid = s.relid
    WHERE s.schemaname = :schema
      AND s.n_mod_since_analyze > :threshold + :scale * greatest(c.reltuples, 0)
    ORDER BY 1""")


def vacuum_stale_tables(engine: Engine, schema: str) -> list[str]:
    """VACUUM (ANALYZE) the tables of `schema` whose statistics autovacuum would refresh
    now; returns them."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        tables = list(
            connection.execute(
                STALE_TABLES,
                {"schema": schema, "threshold": ANALYZE_THRESHOLD, "scale": ANALYZE_SCALE_FACTOR},
            ).scalars()
        )
        if tables:
            # sql: identifiers only (tables as STALE_TABLES quoted them with format('%I.%I'))
            connection.execute(text(f"VACUUM (ANALYZE) {', '.join(tables)}"))
    return tables
