from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import psycopg
from psycopg.types.array import ListDumper
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

# SQLSTATEs of a server that is going away or not up yet: the same work will succeed later
_UNAVAILABLE = {"57P01", "57P02", "57P03"}


# A service's statements read and write a batch of keys: on a node that the services keep
# busy, parallel workers cost more than they save (figures: docs/performance.md, "services
# plan serially"). Analysts' sessions keep parallel plans.
SERIAL_PLANS = "-c max_parallel_workers_per_gather=0"


def text_array(values: Iterable[str]) -> str:
    """The array literal of strings, every element quoted: `{"a","b \\"c\\""}`."""
    return (
        "{"
        + ",".join('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values)
        + "}"
    )


class KeyListDumper(ListDumper):
    """Dumps a list of strings (the keys of a batch: event, order, customer ids) as one
    array literal built in a single pass. psycopg's ListDumper dumps and checks every
    element in Python, a visible share of the contexts' CPU (docs/performance.md); other
    lists keep it."""

    def dump(self, obj: list[object]) -> bytes | None:
        if obj and all(type(value) is str for value in obj):
            return text_array(str(value) for value in obj).encode()
        dumped = super().dump(obj)
        return bytes(dumped) if dumped is not None else None


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """A pooled engine on psycopg 3 for a service; pings connections so a restarted server
    heals; lists of strings go to the server as one array literal (KeyListDumper)."""
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=5,
        pool_pre_ping=True,
        connect_args={"options": SERIAL_PLANS},
    )
    event.listen(engine, "connect", _dump_key_lists)
    return engine


def _dump_key_lists(driver_connection: psycopg.Connection, _record: object) -> None:
    driver_connection.adapters.register_dumper(list, KeyListDumper)


@contextmanager
def raw_cursor(connection: Connection) -> Iterator:
    """The psycopg cursor beneath a SQLAlchemy connection, for COPY and pipelined executemany."""
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None, "a closed connection has no cursor"
    with driver_connection.cursor() as cursor:
        yield cursor


def _driver_error(error: BaseException) -> BaseException:
    return error.orig if isinstance(error, DBAPIError) and error.orig is not None else error


def database_unavailable(error: BaseException) -> bool:
    """The database cannot be reached, or is restarting: nothing is wrong with the work."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    driver = _driver_error(error)
    if not isinstance(driver, psycopg.OperationalError):
        return False
    state = driver.sqlstate
    return state is None or state.startswith("08") or state in _UNAVAILABLE


def lock_conflict(error: BaseException) -> bool:
    """Writers touching the same rows at once: the losing transaction can simply run again."""
    return isinstance(
        _driver_error(error), (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)
    )


def transient_failure(error: BaseException) -> bool:
    """A failure that says nothing about the work itself: retry it as it is, unchanged."""
    return database_unavailable(error) or lock_conflict(error)
