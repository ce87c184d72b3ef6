from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """A pooled engine on psycopg 3; pings connections so a restarted server heals."""
    return create_engine(url, pool_size=pool_size, max_overflow=5, pool_pre_ping=True)


@contextmanager
def raw_cursor(connection: Connection) -> Iterator:
    """The psycopg cursor beneath a SQLAlchemy connection, for COPY and pipelined executemany."""
    driver_connection = connection.connection.driver_connection
    with driver_connection.cursor() as cursor:
        yield cursor
