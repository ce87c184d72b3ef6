"""The synthetic Olist generator: files, formats, integrity and realism."""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter, defaultdict
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from olist_dw.synth import SynthSummary, generate, scale_to_orders

ORDERS = 300

EXPECTED_HEADERS = {
    "olist_customers_dataset.csv": '"customer_id","customer_unique_id","customer_zip_code_prefix","customer_city","customer_state"',
    "olist_geolocation_dataset.csv": '"geolocation_zip_code_prefix","geolocation_lat","geolocation_lng","geolocation_city","geolocation_state"',
    "olist_order_items_dataset.csv": '"order_id","order_item_id","product_id","seller_id","shipping_limit_date","price","freight_value"',
    "olist_order_payments_dataset.csv": '"order_id","payment_sequential","payment_type","payment_installments","payment_value"',
    "olist_order_reviews_dataset.csv": '"review_id","order_id","review_score","review_comment_title","review_comment_message",'
    '"review_creation_date","review_answer_timestamp"',
    "olist_orders_dataset.csv": '"order_id","customer_id","order_status","order_purchase_timestamp","order_approved_at",'
    '"order_delivered_carrier_date","order_delivered_customer_date","order_estimated_delivery_date"',
    "olist_products_dataset.csv": '"product_id","product_category_name","product_name_lenght","product_description_lenght",'
    '"product_photos_qty","product_weight_g","product_length_cm","product_height_cm","product_width_cm"',
    "olist_sellers_dataset.csv": '"seller_id","seller_zip_code_prefix","seller_city","seller_state"',
    "product_category_name_translation.csv": "\ufeffproduct_category_name,product_category_name_english",
}
CRLF_FILES = {"olist_order_reviews_dataset.csv", "product_category_name_translation.csv"}

HEX_ID = re.compile(r"[0-9a-f]{32}")
MONEY = re.compile(r"\d+\.\d{2}")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    return generate(tmp_path_factory.mktemp("synth"), orders=ORDERS, seed=42)


def read_rows(summary: SynthSummary, name: str) -> list[dict[str, str]]:
    with open(summary.out_dir / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def timestamp(value: str) -> datetime:
    return datetime.strptime(value, TIMESTAMP_FORMAT)


def all_bytes(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


# --- files and formats -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED_HEADERS))
def test_writes_each_real_file_with_its_exact_header_and_line_endings(
    dataset: SynthSummary, name: str
) -> None:
    raw = (dataset.out_dir / name).read_bytes()
    text = raw.decode("utf-8")
    line_end = "\r\n" if name in CRLF_FILES else "\n"
    assert text.startswith(EXPECTED_HEADERS[name] + line_end)
    if name in CRLF_FILES:
        assert text.count("\n") == text.count("\r\n"), "every line break is CRLF"
    else:
        assert "\r" not in text
    if name == "product_category_name_translation.csv":
        assert raw.startswith(b"\xef\xbb\xbf")
        assert not text.endswith("\r\n"), "the original has no final line end"
    else:
        assert text.endswith(line_end)


def test_writes_exactly_the_nine_files(dataset: SynthSummary) -> None:
    assert sorted(path.name for path in dataset.out_dir.iterdir()) == sorted(EXPECTED_HEADERS)
    assert sorted(dataset.rows) == sorted(EXPECTED_HEADERS)


def test_summary_row_counts_match_the_files(dataset: SynthSummary) -> None:
    for name, rows in dataset.rows.items():
        assert len(read_rows(dataset, name)) == rows, name
    assert dataset.rows["olist_orders_dataset.csv"] == ORDERS
    assert dataset.rows["olist_customers_dataset.csv"] == ORDERS
    assert dataset.rows["product_category_name_translation.csv"] == 71


def test_ids_are_32_char_lowercase_hex_quoted_when_they_start_with_a_digit(
    dataset: SynthSummary,
) -> None:
    raw_lines = (dataset.out_dir / "olist_orders_dataset.csv").read_text().splitlines()[1:]
    for line in raw_lines:
        order_cell = line.split(",")[0]
        order_id = order_cell.strip('"')
        assert HEX_ID.fullmatch(order_id)
        assert (order_cell[0] == '"') == order_id[0].isdigit()


def test_zip_prefixes_are_quoted_five_digit_strings(dataset: SynthSummary) -> None:
    lines = (dataset.out_dir / "olist_sellers_dataset.csv").read_text().splitlines()[1:]
    assert lines
    for line in lines:
        assert re.fullmatch(r'"\d{5}"', line.split(",")[1])


def test_money_fields_have_exactly_two_decimals(dataset: SynthSummary) -> None:
    items = read_rows(dataset, "olist_order_items_dataset.csv")
    payments = read_rows(dataset, "olist_order_payments_dataset.csv")
    values = [item["price"] for item in items] + [item["freight_value"] for item in items]
    values += [payment["payment_value"] for payment in payments]
    assert values and all(MONEY.fullmatch(value) for value in values)


def test_review_comment_with_a_quoted_line_break_parses_back(dataset: SynthSummary) -> None:
    raw = (dataset.out_dir / "olist_order_reviews_dataset.csv").read_bytes().decode("utf-8")
    reviews = read_rows(dataset, "olist_order_reviews_dataset.csv")
    multiline = [
        review["review_comment_message"]
        for review in reviews
        if "\r\n" in review["review_comment_message"]
    ]
    assert multiline
    escaped = multiline[0].replace('"', '""')
    assert f'"{escaped}"' in raw, "written as one quoted field with CRLF inside"
    assert len(reviews) < raw.count("\r\n") - 1, "some records span several lines"
    assert any('"' in review["review_comment_message"] for review in reviews)
    assert any(ch in raw for ch in "çãé")


# --- determinism and compression --------------------------------------------


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    first = generate(tmp_path / "first", orders=120, seed=7)
    again = generate(tmp_path / "again", orders=120, seed=7)
    other = generate(tmp_path / "other", orders=120, seed=8)
    assert all_bytes(first.out_dir) == all_bytes(again.out_dir)
    assert first.rows == again.rows
    assert (
        all_bytes(first.out_dir)["olist_orders_dataset.csv"]
        != all_bytes(other.out_dir)["olist_orders_dataset.csv"]
    )


def test_gzip_output_reads_back_as_the_same_data(tmp_path: Path) -> None:
    plain = generate(tmp_path / "plain", orders=120, seed=3)
    packed = generate(tmp_path / "packed", orders=120, seed=3, compress=True)
    again = generate(tmp_path / "again", orders=120, seed=3, compress=True)
    assert all_bytes(packed.out_dir) == all_bytes(again.out_dir), "gzip is reproducible too"
    for name, content in all_bytes(plain.out_dir).items():
        assert gzip.decompress((packed.out_dir / f"{name}.gz").read_bytes()) == content
        assert packed.rows[f"{name}.gz"] == plain.rows[name]
    with gzip.open(packed.out_dir / "olist_orders_dataset.csv.gz", "rt", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 120


def test_scale_is_a_multiple_of_the_real_order_count() -> None:
    assert scale_to_orders(1) == 99_441
    assert scale_to_orders(0.01) == 994
    assert scale_to_orders(2.5) == 248_602
    with pytest.raises(ValueError):
        scale_to_orders(0)


# --- referential integrity and money ----------------------------------------


def test_items_payments_and_reviews_reference_existing_orders(dataset: SynthSummary) -> None:
    order_ids = {order["order_id"] for order in read_rows(dataset, "olist_orders_dataset.csv")}
    for name in (
        "olist_order_items_dataset.csv",
        "olist_order_payments_dataset.csv",
        "olist_order_reviews_dataset.csv",
    ):
        assert {row["order_id"] for row in read_rows(dataset, name)} <= order_ids, name


def test_every_order_has_its_own_existing_customer(dataset: SynthSummary) -> None:
    customers = read_rows(dataset, "olist_customers_dataset.csv")
    customer_ids = [customer["customer_id"] for customer in customers]
    orders = read_rows(dataset, "olist_orders_dataset.csv")
    assert len(set(customer_ids)) == len(customer_ids) == len(orders)
    assert {order["customer_id"] for order in orders} == set(customer_ids)


def test_items_reference_existing_products_and_sellers(dataset: SynthSummary) -> None:
    items = read_rows(dataset, "olist_order_items_dataset.csv")
    products = {row["product_id"] for row in read_rows(dataset, "olist_products_dataset.csv")}
    sellers = {row["seller_id"] for row in read_rows(dataset, "olist_sellers_dataset.csv")}
    assert {item["product_id"] for item in items} <= products
    assert {item["seller_id"] for item in items} <= sellers


def test_payments_add_up_to_items_plus_freight_to_the_cent(dataset: SynthSummary) -> None:
    due: dict[str, Decimal] = defaultdict(Decimal)
    for item in read_rows(dataset, "olist_order_items_dataset.csv"):
        due[item["order_id"]] += Decimal(item["price"]) + Decimal(item["freight_value"])
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for payment in read_rows(dataset, "olist_order_payments_dataset.csv"):
        paid[payment["order_id"]] += Decimal(payment["payment_value"])
    both = due.keys() & paid.keys()
    assert len(both) > ORDERS * 0.9
    assert all(paid[order_id] == due[order_id] for order_id in both)


def test_order_items_are_numbered_from_one(dataset: SynthSummary) -> None:
    numbers: dict[str, list[int]] = defaultdict(list)
    for item in read_rows(dataset, "olist_order_items_dataset.csv"):
        numbers[item["order_id"]].append(int(item["order_item_id"]))
    assert all(found == list(range(1, len(found) + 1)) for found in numbers.values())
    assert any(len(found) > 1 for found in numbers.values())


# --- realism ------------------------------------------------------------------


def test_delivered_orders_dominate_the_status_mix(dataset: SynthSummary) -> None:
    statuses = Counter(
        order["order_status"] for order in read_rows(dataset, "olist_orders_dataset.csv")
    )
    assert statuses["delivered"] / ORDERS > 0.9
    assert set(statuses) <= {
        "delivered",
        "shipped",
        "canceled",
        "unavailable",
        "invoiced",
        "processing",
        "created",
        "approved",
    }


def test_order_timestamps_follow_the_lifecycle(dataset: SynthSummary) -> None:
    for order in read_rows(dataset, "olist_orders_dataset.csv"):
        steps = [
            order[column]
            for column in (
                "order_purchase_timestamp",
                "order_approved_at",
                "order_delivered_carrier_date",
                "order_delivered_customer_date",
            )
        ]
        present = [timestamp(step) for step in steps if step]
        assert present == sorted(present)
        assert order["order_estimated_delivery_date"].endswith(" 00:00:00")
        if order["order_status"] == "delivered":
            assert all(steps)
        if order["order_status"] == "shipped":
            assert steps[2] and not steps[3]
        if order["order_status"] == "created":
            assert not steps[1]
        assert "2016-09" <= steps[0][:7] <= "2018-10"


def test_a_repeat_customer_ordered_from_two_zip_prefixes(dataset: SynthSummary) -> None:
    prefixes: dict[str, set[str]] = defaultdict(set)
    for customer in read_rows(dataset, "olist_customers_dataset.csv"):
        prefixes[customer["customer_unique_id"]].add(customer["customer_zip_code_prefix"])
    assert any(len(found) >= 2 for found in prefixes.values())


def test_reviews_keep_the_real_files_quirks(dataset: SynthSummary) -> None:
    reviews = read_rows(dataset, "olist_order_reviews_dataset.csv")
    orders_per_review_id: dict[str, set[str]] = defaultdict(set)
    for review in reviews:
        orders_per_review_id[review["review_id"]].add(review["order_id"])
    assert any(len(orders) == 2 for orders in orders_per_review_id.values())
    assert any(not review["review_answer_timestamp"] for review in reviews)
    scores = Counter(review["review_score"] for review in reviews)
    assert scores.most_common(1)[0][0] == "5"
    assert all(review["review_creation_date"].endswith(" 00:00:00") for review in reviews)


def test_products_include_uncategorised_and_untranslated_categories(dataset: SynthSummary) -> None:
    translated = {
        row["product_category_name"]
        for row in read_rows(dataset, "product_category_name_translation.csv")
    }
    products = read_rows(dataset, "olist_products_dataset.csv")
    categories = {product["product_category_name"] for product in products}
    assert "" in categories
    assert categories - translated - {""}, "some category is missing from the translation"
    uncategorised = [product for product in products if not product["product_category_name"]]
    assert all(product["product_name_lenght"] == "" for product in uncategorised)


def test_geolocation_covers_every_zip_prefix_in_use(dataset: SynthSummary) -> None:
    geolocation = read_rows(dataset, "olist_geolocation_dataset.csv")
    known = {row["geolocation_zip_code_prefix"] for row in geolocation}
    used = {
        row["customer_zip_code_prefix"] for row in read_rows(dataset, "olist_customers_dataset.csv")
    }
    used |= {
        row["seller_zip_code_prefix"] for row in read_rows(dataset, "olist_sellers_dataset.csv")
    }
    assert used <= known
    inside = [
        -33.8 <= float(row["geolocation_lat"]) <= 5.3
        and -74 <= float(row["geolocation_lng"]) <= -34
        for row in geolocation
    ]
    assert sum(inside) / len(inside) > 0.99
    assert not all(inside), "a few points lie outside Brazil, like the real file"
    assert any(not row["geolocation_city"].isascii() for row in geolocation)


def test_rejects_an_empty_data_set(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, orders=0)
