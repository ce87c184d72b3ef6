"""Pseudonyms and sealed texts (services/chassis/personal_data.py): what a context stores
instead of a person's identifiers and words."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag

from contracts.customer import CustomerRecord
from services.chassis.personal_data import MissingKey, Pseudonyms, TextKeys
from shared_kernel.pseudonyms import pseudonym

KEY = "a test key of thirty-two characters"
PERSON = "861eff4711a542e4b93843c6dd7febb0"
RECORD = CustomerRecord(
    customer_id="06b8999e2fba1a1fbc88172c00ba8bc7",
    customer_unique_id=PERSON,
    customer_zip_code_prefix="14409",
    customer_city="franca",
    customer_state="SP",
)


def test_a_record_keeps_no_identifier_of_the_person_and_the_rest_as_it_was():
    values = RECORD.model_dump(mode="json")
    values["customer_unique_id"] = f"  {PERSON} "  # read stripped, as the format check does
    stored = CustomerRecord.model_validate(Pseudonyms(KEY).values(values))
    assert stored.customer_unique_id == pseudonym(KEY.encode(), PERSON) != PERSON
    assert stored.customer_id == pseudonym(KEY.encode(), RECORD.customer_id)
    assert len(stored.customer_unique_id) == len(PERSON)
    assert (stored.customer_zip_code_prefix, stored.customer_city) == ("14409", "franca")


def test_the_same_identifier_gives_the_same_pseudonym_and_another_key_another():
    assert Pseudonyms(KEY).of(PERSON) == Pseudonyms(KEY).of(PERSON)
    assert Pseudonyms(KEY).of(PERSON) != Pseudonyms(KEY.upper()).of(PERSON)


def test_quarantine_keeps_a_malformed_identifier_as_it_came_and_hides_a_wellformed_one():
    values = {"customer_id": "not-an-id", "customer_unique_id": PERSON, "customer_city": "x"}
    kept = Pseudonyms(KEY).values(values)
    assert kept["customer_id"] == "not-an-id"  # the reason it was refused; identifies nobody
    assert kept["customer_unique_id"] == pseudonym(KEY.encode(), PERSON)
    assert kept["customer_city"] == "x"


def test_a_short_pseudonym_key_is_refused():
    with pytest.raises(MissingKey):
        Pseudonyms("short")


def test_a_sealed_text_opens_only_where_it_belongs_and_with_a_key_of_the_ring():
    keys = TextKeys.parse(TextKeys.new_key_setting("k1"))
    sealed = keys.seal("Chegou antes do prazo, recomendo!", "review:r1:o1:comment")
    assert sealed is not None and "recomendo" not in sealed and sealed.startswith("aesgcm:k1:")
    assert keys.open(sealed, "review:r1:o1:comment") == "Chegou antes do prazo, recomendo!"
    with pytest.raises(InvalidTag):
        keys.open(sealed, "review:r2:o2:comment")  # copied to another row
    with pytest.raises(KeyError):
        TextKeys.parse(TextKeys.new_key_setting("k2")).open(sealed, "review:r1:o1:comment")


def test_the_same_words_seal_the_same_way_so_a_repeated_load_rewrites_nothing():
    keys = TextKeys.parse(TextKeys.new_key_setting("k1"))
    assert keys.seal("bom", "c") == keys.seal("bom", "c")
    assert keys.seal("bom", "c") != keys.seal("bom", "t") != keys.seal("boa", "c")


def test_after_a_rotation_old_texts_still_open_and_new_ones_are_sealed_with_the_new_key():
    old = TextKeys.new_key_setting("k1")
    sealed_before = TextKeys.parse(old).seal("bom", "w")
    rotated = TextKeys.parse(f"{TextKeys.new_key_setting('k2')},{old}")
    assert rotated.open(sealed_before, "w") == "bom"
    assert rotated.sealed_with(rotated.seal("bom", "w") or "") == "k2"
