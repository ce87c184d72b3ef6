"""The whole system on a damaged extract (docs/bad-input.md): a row with a byte that is not
UTF-8, an unbalanced quote, a huge field, a too-short row, CRLF line endings, a BOM and an
unknown column. The load completes, every damaged row is in quarantine with a reason that
names its problem, every other row is accepted; a missing column or an empty file stops
the load before anything is staged."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from contracts.contexts import PUBLISHING_CONTEXTS
from olist_dw.loading import load
from services.chassis.personal_data import TextKeys
from services.loader.application.ports import SourceError
from tests.e2e.conftest import read_rows

pytestmark = pytest.mark.e2e

ORDERS, ITEMS, PAYMENTS, REVIEWS, SELLERS = (
    "olist_orders_dataset.csv",
    "olist_order_items_dataset.csv",
    "olist_order_payments_dataset.csv",
    "olist_order_reviews_dataset.csv",
    "olist_sellers_dataset.csv",
)
CONTEXTS = PUBLISHING_CONTEXTS
NEW_ORDER = "0" * 31 + "1"
HUGE = 1_100_000  # characters of a review comment, more than the 1 MiB a field may have
HUGE_TAIL = "\r\nfim"  # ... and the comment goes on on the next line


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def insert(path: Path, position: int, line: bytes) -> int:
    """Puts `line` before the data row `position` (1-based); returns its line number."""
    content = lines(path)
    content.insert(position, line)
    path.write_bytes(b"".join(content))
    return position + 1


@pytest.fixture(scope="module")
def damaged(synthetic_source: Path, tmp_path_factory) -> dict:
    """A copy of the synthetic extract with one damage of each kind; what to expect."""
    directory = tmp_path_factory.mktemp("damaged")
    for file in synthetic_source.iterdir():
        shutil.copy(file, directory / file.name)
    order = read_rows(synthetic_source, ORDERS)[0]
    item = read_rows(synthetic_source, ITEMS)[0]
    middle = {f: len(read_rows(synthetic_source, f)) // 2 for f in (ORDERS, ITEMS, PAYMENTS)}

    prefix = f"{NEW_ORDER},{order['customer_id']},deliv".encode()
    bad_byte = insert(
        directory / ORDERS,
        middle[ORDERS],
        prefix + b"\xe9red,2017-01-01 10:00:00,,,,2017-01-09 00:00:00\n",
    )
    (directory / ORDERS).write_bytes(b"\xef\xbb\xbf" + (directory / ORDERS).read_bytes())
    unbalanced = insert(
        directory / ITEMS,
        middle[ITEMS],
        (
            f'{item["order_id"]},7,"{item["product_id"]},{item["seller_id"]},'
            "2017-01-01 10:00:00,10.00,1.00\n"
        ).encode(),
    )
    too_short = insert(
        directory / PAYMENTS, middle[PAYMENTS], f"{order['order_id']},9,boleto,1\n".encode()
    )
    (directory / PAYMENTS).write_bytes((directory / PAYMENTS).read_bytes().replace(b"\n", b"\r\n"))
    insert(
        directory / REVIEWS,
        1,
        (
            f'{"9" * 32},{order["order_id"]},5,,"{"x" * HUGE}{HUGE_TAIL}",'
            "2018-01-01 00:00:00,2018-01-02 00:00:00\r\n"
        ).encode(),
    )
    sellers = lines(directory / SELLERS)
    (directory / SELLERS).write_bytes(
        b"".join(
            [sellers[0].rstrip(b"\r\n") + b',"seller_note"\n']
            + [line.rstrip(b"\r\n") + b",nota\n" for line in sellers[1:]]
        )
    )
    return {
        "directory": directory,
        "rows": {
            file.name: len(read_rows(synthetic_source, file.name))
            + (file.name in (ORDERS, ITEMS, PAYMENTS, REVIEWS))
            for file in synthetic_source.iterdir()
        },
        # file -> (data row, reason) of the damaged row
        "damage": {
            ORDERS: (
                middle[ORDERS],
                (
                    f"line {bad_byte}, column order_status: not UTF-8 at"
                    f" byte {len(prefix) + 1} (0xe9)"
                ),
            ),
            ITEMS: (middle[ITEMS], f"line {unbalanced}: unbalanced quote"),
            PAYMENTS: (middle[PAYMENTS], f"line {too_short}: too few fields (4, the header has 5)"),
            REVIEWS: (
                1,
                (
                    f"line 2, column review_comment_message: field of"
                    f" {HUGE + len(HUGE_TAIL):,} bytes, more than the limit of"
                    " 1,048,576 bytes"
                ),
            ),
        },
    }


@pytest.fixture(scope="module")
def stack(start_stack):
    return start_stack()


@pytest.fixture(scope="module")
def loaded(stack, damaged):
    return load(stack, damaged["directory"])


def query(stack, sql: str, *parameters) -> list[tuple]:
    with psycopg.connect(stack.database_url()) as connection:
        return connection.execute(sql, parameters).fetchall()


def test_every_row_read_is_accepted_or_rejected_and_only_damaged_rows_are_rejected(loaded, damaged):
    for outcome in loaded.files:
        file = outcome.source.name
        assert outcome.totals.rows == damaged["rows"][file], (file, outcome.source.context)
        assert outcome.accepted + outcome.rejected == outcome.totals.rows, file
        assert outcome.rejected == (file in damaged["damage"]), (file, outcome.reasons)


def test_each_damaged_row_is_quarantined_with_its_line_and_problem(stack, loaded, damaged):
    for file, (row, reason) in damaged["damage"].items():
        contexts = [o.source.context for o in loaded.files if o.source.name == file]
        for context in contexts:
            ((found,),) = query(
                stack,
                f"SELECT reason FROM {context}.quarantine"
                " WHERE source_file = %s AND source_row = %s",
                file,
                row,
            )
            assert found.startswith(reason), (context, found)


def test_a_quarantined_row_keeps_what_could_be_read_of_it(stack, loaded):
    ((record,),) = query(
        stack,
        "SELECT record FROM sales.quarantine WHERE source_file = %s AND reason LIKE %s",
        ORDERS,
        "%not UTF-8%",
    )
    assert (record["order_id"], record["order_status"]) == (NEW_ORDER, "deliv\ufffdred")
    ((sealed,),) = query(
        stack,
        "SELECT record->>'review_comment_message' FROM customer.quarantine WHERE source_file = %s",
        REVIEWS,
    )
    # the words are kept sealed, as in the review table; opened with the runtime's keys
    comment = TextKeys.parse(stack.credentials.keys["texts"]).open(sealed, "review_comment_message")
    assert len(comment) < 2000 and "cut" in comment


def test_an_unknown_column_is_ignored_with_a_warning(stack, loaded):
    assert loaded.warnings == [f"{SELLERS}: unknown columns ['seller_note'] ignored"]
    ((sellers,),) = query(stack, "SELECT count(*) FROM dw.dim_seller")
    assert sellers > 0


def test_a_missing_column_or_an_empty_file_stops_the_load_before_anything_is_staged(
    stack, synthetic_source, tmp_path
):
    for file in synthetic_source.iterdir():
        shutil.copy(file, tmp_path / file.name)
    orders = lines(tmp_path / ORDERS)
    orders[0] = orders[0].replace(b'"order_status",', b"")
    (tmp_path / ORDERS).write_bytes(b"".join(orders))
    (tmp_path / SELLERS).write_bytes(b"")
    with pytest.raises(SourceError) as refused:
        load(stack, tmp_path, load_id="refused")
    message = str(refused.value)
    assert f"{ORDERS}: line 1: missing columns ['order_status']" in message
    assert f"{SELLERS}: empty file" in message
    for context in CONTEXTS:
        assert query(
            stack,
            f"SELECT count(*) FROM {context}.quarantine WHERE load_id = %s"
            f" UNION ALL SELECT count(*) FROM {context}.import_scope"
            " WHERE load_id = %s",
            "refused",
            "refused",
        ) == [(0,), (0,)]
