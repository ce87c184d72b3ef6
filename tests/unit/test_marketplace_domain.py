from datetime import datetime

import pytest

from services.marketplace.domain.catalog import Category, ProductCatalog
from services.marketplace.domain.errors import MarketplaceRuleViolation
from services.marketplace.domain.measures import Measures
from services.marketplace.domain.product import Product
from services.marketplace.domain.seller import Seller
from shared_kernel import REFERENCE_TIME, Address
from shared_kernel.places import PlaceError

PRODUCT_ID = "1e9e8ef04dbcff4541ed26657ea517e5"
SELLER_ID = "3442f8959a84dea7ee197c632cb2df15"
CATALOG = ProductCatalog(
    [
        Category.translated("perfumaria", "perfumery"),
        Category.translated("esporte_lazer", "sports_leisure"),
    ]
)


def product(category="perfumaria", **measures) -> Product:
    return Product(
        PRODUCT_ID,
        category,
        Measures(
            **{
                "name_length": 40,
                "description_length": 287,
                "photos_qty": 1,
                "weight_g": 225,
                "length_cm": 16,
                "height_cm": 10,
                "width_cm": 14,
                **measures,
            }
        ),
    )


def test_a_translated_category_is_named_in_english():
    category = product().listed(CATALOG).category
    assert category == Category("perfumaria", "perfumery", True)


@pytest.mark.parametrize("name", ["pc_gamer", "portateis_cozinha_e_preparadores_de_alimentos"])
def test_a_category_missing_from_the_table_keeps_its_portuguese_name(name):
    category = product(category=name).listed(CATALOG).category
    assert (category.name, category.name_english, category.is_translated) == (name, name, False)


@pytest.mark.parametrize("name", [None, "", "  "])
def test_a_product_without_category_is_uncategorized_and_that_counts_as_translated(name):
    category = product(category=name).listed(CATALOG).category
    assert (category.name, category.name_english, category.is_translated) == (
        "sem_categoria",
        "uncategorized",
        True,
    )


def test_a_product_is_listed_at_reference_time_with_its_measures():
    listed = product(weight_g=None).listed(CATALOG)
    assert listed.occurred_at == REFERENCE_TIME
    assert listed.product_id == PRODUCT_ID
    assert listed.measures.weight_g is None and listed.measures.photos_qty == 1


def test_a_new_translation_lists_the_product_again_the_same_one_does_not():
    before = product(category="pc_gamer").listed(CATALOG)
    again = product(category="pc_gamer").listed(CATALOG)
    renamed = product(category="pc_gamer").listed(
        ProductCatalog([Category.translated("pc_gamer", "gaming_pc")])
    )
    assert before.event_id == again.event_id
    assert renamed.event_id != before.event_id
    assert renamed.category.name_english == "gaming_pc" and renamed.category.is_translated


@pytest.mark.parametrize("field", ["photos_qty", "weight_g", "width_cm", "name_length"])
def test_counts_and_measures_cannot_be_negative(field):
    with pytest.raises(MarketplaceRuleViolation, match=field):
        product(**{field: -1})


def test_counts_and_measures_are_whole_numbers():
    with pytest.raises(MarketplaceRuleViolation, match="whole number"):
        Measures(weight_g=2.5)


def test_a_translation_needs_an_english_name():
    with pytest.raises(MarketplaceRuleViolation):
        Category.translated("artes", " ")


def test_only_translations_go_into_the_table():
    with pytest.raises(MarketplaceRuleViolation):
        ProductCatalog([Category.untranslated("pc_gamer")])


def test_a_seller_registers_at_reference_time_where_it_ships_from():
    registered = Seller(SELLER_ID, Address("13023", "campinas", "SP")).registered()
    assert registered.occurred_at == REFERENCE_TIME
    assert registered.address.city == "campinas" and registered.seller_id == SELLER_ID


def test_a_seller_outside_brazil_is_refused():
    with pytest.raises(PlaceError, match="state"):
        Seller(SELLER_ID, Address("13023", "campinas", "XX"))


def test_a_seller_city_must_be_named():
    with pytest.raises(MarketplaceRuleViolation, match="city"):
        Seller(SELLER_ID, Address("13023", " ", "SP"))


def test_a_stock_report_is_an_inventory_update_at_the_time_reported():
    reported_at = datetime(2018, 9, 1, 10, 30)
    event = product().stock(SELLER_ID, 7, reported_at).updated()
    assert event.occurred_at == reported_at
    assert (event.product_id, event.seller_id, event.quantity) == (PRODUCT_ID, SELLER_ID, 7)


def test_a_stock_level_cannot_be_negative():
    with pytest.raises(MarketplaceRuleViolation, match="negative"):
        product().stock(SELLER_ID, -1, datetime(2018, 9, 1))


def test_an_older_report_does_not_replace_a_newer_stock_level():
    newer = product().stock(SELLER_ID, 3, datetime(2018, 9, 2))
    older = product().stock(SELLER_ID, 9, datetime(2018, 9, 1))
    assert newer.supersedes(older) and not older.supersedes(newer)


def test_the_same_report_twice_is_the_same_event():
    first = product().stock(SELLER_ID, 5, datetime(2018, 9, 1)).updated()
    second = product().stock(SELLER_ID, 5, datetime(2018, 9, 1)).updated()
    later = product().stock(SELLER_ID, 5, datetime(2018, 9, 2)).updated()
    assert first.event_id == second.event_id != later.event_id
