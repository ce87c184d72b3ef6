"""Which database failures the chassis treats as transient (hold and retry the work as it
is) and which as a fault of the work itself (isolate it, dead-letter it in the end)."""

import psycopg
from sqlalchemy.exc import DataError, OperationalError

from services.chassis.database import database_unavailable, lock_conflict, transient_failure


def wrapped(driver_error: Exception) -> OperationalError:
    return OperationalError("UPDATE dw.fact_order", {}, driver_error)


def test_a_server_that_is_down_or_restarting_is_unavailable():
    refused = psycopg.OperationalError("connection failed: Connection refused")
    assert database_unavailable(wrapped(refused))
    assert database_unavailable(wrapped(psycopg.errors.AdminShutdown("terminating")))
    assert database_unavailable(wrapped(psycopg.errors.CannotConnectNow("starting up")))


def test_lock_conflicts_between_writers_are_transient_but_not_an_outage():
    deadlock = wrapped(psycopg.errors.DeadlockDetected("deadlock"))
    assert lock_conflict(deadlock) and transient_failure(deadlock)
    assert not database_unavailable(deadlock)


def test_bad_work_is_not_transient():
    bad_value = DataError("INSERT", {}, psycopg.errors.NumericValueOutOfRange("too big"))
    assert not transient_failure(bad_value)
    assert not transient_failure(ValueError("cannot read this event"))
