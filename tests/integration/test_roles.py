"""Database security: each service owns only its schemas; analysts read dw, nothing else."""

import psycopg
import pytest

from olist_dw.database import ANALYST_ROLE

pytestmark = pytest.mark.integration


@pytest.fixture
def connect_as(url_as):
    """connect_as(url, role): a connection to that database as that role, with its password."""

    def connect(url: str, role: str) -> psycopg.Connection:
        plain = url_as(url, role).replace("postgresql+psycopg://", "postgresql://")
        return psycopg.connect(plain, autocommit=True)

    return connect


def test_analysts_read_the_star_schema_but_cannot_write_or_see_contexts(database_url, connect_as):
    with connect_as(database_url, "olist_reporting") as reporting:
        reporting.execute("CREATE TABLE dw.fact_thing (id int)")
        reporting.execute("INSERT INTO dw.fact_thing VALUES (1)")
    with connect_as(database_url, "olist_sales") as sales:
        sales.execute("CREATE TABLE sales.secret (id int)")
    with connect_as(database_url, ANALYST_ROLE) as analyst:
        assert analyst.execute("SELECT id FROM dw.fact_thing").fetchall() == [(1,)]
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            analyst.execute("DELETE FROM dw.fact_thing")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            analyst.execute("SELECT * FROM sales.secret")


def test_a_service_cannot_touch_another_context(database_url, connect_as):
    with connect_as(database_url, "olist_sales") as sales:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sales.execute("CREATE TABLE dw.fact_fake (id int)")


def test_analysts_hold_no_write_grant_even_with_read_only_switched_off(database_url, connect_as):
    """default_transaction_read_only is a default any session may change: the boundary is
    the grants, so the analyst must have none that writes, anywhere."""
    with connect_as(database_url, "olist_reporting") as reporting:
        reporting.execute("CREATE TABLE dw.fact_guarded (id int)")
        reporting.execute("CREATE TABLE mart.guarded (id int)")
    with connect_as(database_url, ANALYST_ROLE) as analyst:
        analyst.execute("SET default_transaction_read_only = off")
        analyst.execute("SET transaction_read_only = off")
        for statement in (
            "INSERT INTO dw.fact_guarded VALUES (1)",
            "DELETE FROM dw.fact_guarded",
            "UPDATE mart.guarded SET id = 2",
            "TRUNCATE dw.fact_guarded",
            "CREATE TABLE dw.mine (id int)",
            "CREATE TABLE mart.mine (id int)",
            "CREATE TABLE public.mine (id int)",
            "CREATE SCHEMA mine",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                analyst.execute(statement)
        writable = analyst.execute(
            "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = %s"
            " AND privilege_type <> 'SELECT'",
            (ANALYST_ROLE,),
        ).fetchone()[0]
        assert writable == 0
