"""The status-precedence rule exists twice, in Python (StatusChange.supersedes, for a
batch) and in SQL (STATUS_SUPERSEDES, against the row already in dw.fact_order): the
same answer for every pair of status changes."""

from datetime import datetime, timedelta

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.reporting.adapters.star_tables import STATUS_SUPERSEDES
from services.reporting.domain.order_snapshot import StatusChange
from shared_kernel.order_lifecycle import LIFECYCLE_STAGE

pytestmark = pytest.mark.integration
T0 = datetime(2017, 1, 1)
changes = st.builds(
    lambda status, hours: StatusChange("o", status, T0 + timedelta(hours=hours), "l"),
    st.sampled_from(sorted(LIFECYCLE_STAGE)),
    st.integers(0, 4),
)
SQL = (
    f"SELECT {STATUS_SUPERSEDES} FROM (VALUES (%s::smallint, %s::timestamp)) "
    "AS t(status_rank, status_at), (VALUES (%s::smallint, %s::timestamp)) "
    "AS excluded(status_rank, status_at)"
)


@pytest.fixture(scope="module")
def connection(infrastructure):
    with psycopg.connect(infrastructure.database_url()) as connection:
        yield connection


@settings(max_examples=200, deadline=None)
@given(arriving=changes, known=changes)
def test_sql_and_python_agree_on_which_status_change_wins(connection, arriving, known):
    (in_sql,) = connection.execute(
        SQL, (known.rank, known.at, arriving.rank, arriving.at)
    ).fetchone()
    assert in_sql == arriving.supersedes(known)


def test_a_row_without_a_status_takes_any(connection):
    (in_sql,) = connection.execute(SQL, (None, None, 0, T0)).fetchone()
    assert in_sql is True
