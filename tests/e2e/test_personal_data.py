"""After a load, no person's identifier and no word a person wrote is stored in the clear:
not in any column of any table of any schema, not in any message the streams retain, not in
any log. Analysts see pseudonyms; the words stay sealed in the Customer context."""

from __future__ import annotations

import psycopg
import pytest

from olist_dw.loading import load
from olist_dw.rotation import rotate_text_keys
from services.chassis.personal_data import TextKeys
from tests.conftest import pseudonyms_of
from tests.e2e.conftest import read_rows
from tests.e2e.personal_data_search import everywhere, source_personal_data, where_found

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def loaded(synthetic_warehouse):
    return synthetic_warehouse


@pytest.fixture(scope="module")
def personal(synthetic_source):
    return source_personal_data(lambda name: read_rows(synthetic_source, name))


def test_no_identifier_and_no_word_of_a_person_is_kept_in_the_clear(loaded, personal):
    identifiers, words = personal
    assert len(identifiers) > 1000 and len(words) > 50  # what is searched for
    places = everywhere(loaded)
    assert len(places) > 40  # every table, stream and log
    assert where_found(places, identifiers, words) == {}


def test_the_search_finds_what_is_there(loaded, personal, synthetic_source):
    """The search is no test that cannot fail: it finds the source's data in the source, and
    the pseudonyms where analysts see them."""
    identifiers, words = personal
    source = (synthetic_source / "olist_order_reviews_dataset.csv").read_text()
    source += (synthetic_source / "olist_customers_dataset.csv").read_text()
    assert where_found([("source", source)], identifiers, words)
    hidden = {pseudonyms_of(loaded)(i) for i in identifiers}
    found = where_found(everywhere(loaded), hidden, set())
    assert "dw.dim_customer" in found and "stream CUSTOMER" in found


def test_analysts_cannot_read_what_a_person_wrote(loaded):
    with psycopg.connect(loaded.database_url("olist_analyst"), autocommit=True) as analyst:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            analyst.execute("SELECT comment FROM customer.review LIMIT 1")
        columns = analyst.execute(
            "SELECT table_schema || '.' || table_name || '.' || column_name"
            " FROM information_schema.columns WHERE table_schema IN ('dw', 'mart')"
            " AND column_name IN ('title', 'comment', 'review_comment_title',"
            " 'review_comment_message', 'message')"
        ).fetchall()
    assert columns == []


def sealed_texts(stack) -> dict[tuple[str, str, str], str]:
    with psycopg.connect(stack.database_url()) as connection:
        rows = connection.execute(
            "SELECT review_id, order_id, 'review_comment_title', title FROM customer.review"
            " WHERE title IS NOT NULL UNION ALL"
            " SELECT review_id, order_id, 'review_comment_message', comment FROM customer.review"
            " WHERE comment IS NOT NULL"
        ).fetchall()
    return {(r, o, column): sealed for r, o, column, sealed in rows}


def test_a_text_key_rotation_seals_every_text_anew_and_retires_the_old_key(
    loaded, synthetic_source
):
    before = sealed_texts(loaded)
    old = TextKeys.parse(loaded.credentials.keys["texts"])
    words = {key: old.open(sealed, key[2]) for key, sealed in before.items()}
    rotation = rotate_text_keys(loaded)
    ring = TextKeys.parse(loaded.credentials.keys["texts"])
    assert [k.key_id for k in ring.ring] == [rotation.sealing]
    assert rotation.sealing not in rotation.retired and rotation.resealed >= len(before) // 2
    after = sealed_texts(loaded)
    assert set(after) == set(before)
    assert all(s.startswith(f"aesgcm:{rotation.sealing}:") for s in after.values())
    assert {key: ring.open(sealed, key[2]) for key, sealed in after.items()} == words
    again = load(loaded, synthetic_source)  # the restarted service reads and seals with it
    assert again.events == 0 and sealed_texts(loaded) == after
