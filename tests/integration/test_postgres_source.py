"""The second SourcePort adapter: the Olist tables in a PostgreSQL database give the
contexts exactly the rows (numbers and values) the CSV extract gives them."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from olist_dw import synth
from olist_dw.sources import copy_extract_to_database, source_from
from services.loader.adapters.csv_source import CsvDirectorySource
from services.loader.adapters.postgres_source import PostgresTableSource
from services.loader.application.ports import SourceError
from services.loader.domain.olist_files import OLIST_FILES
from services.loader.domain.plan import LOAD_PLAN, ORDER_ITEMS, ORDERS, REVIEWS

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("extract")
    synth.generate(directory, orders=300, seed=3)
    return directory


@pytest.fixture
def olist_database(database_url: str, extract: Path) -> str:
    """The extract in `public` with typed columns and in `raw` with text columns."""
    copied = copy_extract_to_database(extract, database_url)
    assert copied["olist_orders_dataset"] == 300
    copy_extract_to_database(extract, database_url, "raw", typed=False)
    return database_url


def execute(url: str, statement: str) -> None:
    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        connection.execute(statement)


@pytest.mark.parametrize("schema", ["public", "raw"])
def test_every_plan_file_reads_the_same_from_the_tables_as_from_the_csv(
    olist_database, extract, schema
):
    csv = CsvDirectorySource(extract)
    database = source_from(f"{olist_database}?schema={schema}")
    assert isinstance(database, PostgresTableSource) and database.schema == schema
    for source_file in LOAD_PLAN:
        expected = list(csv.rows(source_file.name, source_file.columns))
        actual = list(database.rows(source_file.name, source_file.columns))
        assert len(actual) == len(expected) > 0, source_file.name
        assert actual == expected, source_file.name


def test_the_copy_holds_typed_values_and_nulls_not_text(olist_database):
    """So that the comparison above also covers the rendering of typed columns."""
    with psycopg.connect(olist_database.replace("+psycopg", "")) as connection:
        types = dict(
            connection.execute(
                "SELECT table_schema || '.' || column_name, data_type"
                " FROM information_schema.columns WHERE column_name IN"
                " ('price', 'order_purchase_timestamp', 'geolocation_lat', 'review_score')"
            )
        )
        ((nulls,),) = connection.execute(
            "SELECT count(*) FROM olist_orders_dataset WHERE order_delivered_customer_date IS NULL"
        )
    assert types == {
        "public.price": "numeric",
        "public.order_purchase_timestamp": "timestamp without time zone",
        "public.geolocation_lat": "double precision",
        "public.review_score": "integer",
        "raw.price": "text",
        "raw.order_purchase_timestamp": "text",
        "raw.geolocation_lat": "text",
        "raw.review_score": "text",
    }
    assert nulls > 0


def test_operational_types_timestamptz_date_uuid_and_a_view(database_url):
    """An operational schema may type its columns otherwise, or expose views."""
    execute(
        database_url,
        """
        CREATE SCHEMA ops;
        CREATE TABLE ops.orders (id uuid, customer uuid, status text, bought timestamptz,
                                 approved timestamptz, due date, amount numeric(10, 2));
        INSERT INTO ops.orders VALUES ('f26212e0-53ec-8505-6315-70f4a568936d',
            '3359d118-e296-a957-240d-792dac6462f3', 'delivered',
            '2017-04-08 01:41:15+00', NULL, '2017-04-23', 12.3);
        CREATE VIEW ops.olist_orders_dataset AS SELECT id AS order_id,
            customer AS customer_id, status AS order_status, bought AS order_purchase_timestamp,
            approved AS order_approved_at, due AS order_estimated_delivery_date,
            amount AS payment_value FROM ops.orders""",
    )
    columns = (
        "order_id",
        "customer_id",
        "order_status",
        "order_purchase_timestamp",
        "order_approved_at",
        "order_estimated_delivery_date",
        "payment_value",
    )
    (row,) = PostgresTableSource(database_url, "ops").rows(ORDERS.name, columns)
    assert row.row == 1
    assert row.values == {
        "order_id": "f26212e053ec8505631570f4a568936d",
        "customer_id": "3359d118e296a957240d792dac6462f3",
        "order_status": "delivered",
        "order_purchase_timestamp": "2017-04-07 22:41:15",  # São Paulo time, as Olist's
        "order_approved_at": "",
        "order_estimated_delivery_date": "2017-04-23 00:00:00",
        "payment_value": "12.30",
    }


def test_a_missing_table_names_the_table(olist_database):
    execute(olist_database, "DROP TABLE olist_order_reviews_dataset")
    with pytest.raises(SourceError, match=r"no table public\.olist_order_reviews_dataset"):
        PostgresTableSource(olist_database).check(REVIEWS.name, REVIEWS.columns)
    with pytest.raises(SourceError, match=r"no table public\.olist_order_reviews_dataset"):
        list(PostgresTableSource(olist_database).rows(REVIEWS.name, REVIEWS.columns))
    with pytest.raises(SourceError, match=r"no table nowhere\.olist_order_reviews_dataset"):
        list(PostgresTableSource(olist_database, "nowhere").rows(REVIEWS.name, REVIEWS.columns))


def test_a_missing_column_names_the_table_and_the_column(olist_database):
    execute(olist_database, "ALTER TABLE olist_order_items_dataset DROP COLUMN price")
    with pytest.raises(SourceError) as raised:
        list(PostgresTableSource(olist_database).rows(ORDER_ITEMS.name, ORDER_ITEMS.columns))
    assert "public.olist_order_items_dataset" in str(raised.value)
    assert "['price']" in str(raised.value)
    columns = PostgresTableSource(olist_database).check(ORDER_ITEMS.name, ("order_id",))
    assert "price" not in columns and "freight_value" in columns


def test_an_unreachable_database_is_a_source_error_without_the_password():
    source = PostgresTableSource("postgresql://olist:secret@127.0.0.1:1/olist")
    with pytest.raises(SourceError, match=r"cannot connect to postgresql:127\.0\.0\.1:1/olist"):
        list(source.rows(ORDERS.name, ORDERS.columns))
    assert "secret" not in source.describe()


def test_a_spec_that_is_not_a_url_is_a_directory_of_csv(extract):
    assert isinstance(source_from(str(extract)), CsvDirectorySource)
    assert isinstance(source_from(extract), CsvDirectorySource)
    assert set(OLIST_FILES) == {f.name for f in LOAD_PLAN}


def test_the_copy_refuses_a_line_that_is_no_record(database_url, extract, tmp_path):
    for file in extract.iterdir():
        (tmp_path / file.name).write_bytes(file.read_bytes())
    with open(tmp_path / ORDERS.name, "a") as orders:
        orders.write(f"{'e' * 32},{'c' * 32},delivered,2017-01-01 10:00:00,,,,,surplus\n")
    with pytest.raises(SourceError, match=r"olist_orders_dataset\.csv: row 301 cannot be copied"):
        copy_extract_to_database(tmp_path, database_url)
