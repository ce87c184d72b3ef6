import psycopg
from sqlalchemy.exc import OperationalError

from services.reporting.adapters.consumer import _lock_conflict


def test_only_lock_conflicts_between_writers_are_retried_as_a_batch():
    deadlock = OperationalError("UPDATE dw.fact_order", {}, psycopg.errors.DeadlockDetected("x"))
    gone = OperationalError("UPDATE dw.fact_order", {}, psycopg.errors.AdminShutdown("x"))
    assert _lock_conflict(deadlock)
    assert not _lock_conflict(gone)
    assert not _lock_conflict(ValueError("bad event"))
