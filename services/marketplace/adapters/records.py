"""Source-record mapping: a row of an Olist file -> a Marketplace domain object (whose
rules raise MarketplaceRuleViolation or PlaceError, both ValueErrors, when broken)."""

from __future__ import annotations

from contracts.marketplace import CategoryTranslationRecord, ProductRecord, SellerRecord
from services.chassis.intake.records import RecordMapping
from services.marketplace.domain.catalog import Category
from services.marketplace.domain.measures import Measures
from services.marketplace.domain.product import Product
from services.marketplace.domain.seller import Seller
from shared_kernel import Address


def translation_from(record: CategoryTranslationRecord) -> Category:
    return Category.translated(record.product_category_name, record.product_category_name_english)


def product_from(record: ProductRecord) -> Product:
    return Product(
        record.product_id,
        record.product_category_name,
        Measures(
            name_length=record.product_name_lenght,
            description_length=record.product_description_lenght,
            photos_qty=record.product_photos_qty,
            weight_g=record.product_weight_g,
            length_cm=record.product_length_cm,
            height_cm=record.product_height_cm,
            width_cm=record.product_width_cm,
        ),
    )


def seller_from(record: SellerRecord) -> Seller:
    return Seller(
        record.seller_id,
        Address(record.seller_zip_code_prefix, record.seller_city, record.seller_state),
    )


MAPPINGS = {
    "category_translations": RecordMapping(
        CategoryTranslationRecord, translation_from, "category_translation"
    ),
    "products": RecordMapping(ProductRecord, product_from, "product"),
    "sellers": RecordMapping(SellerRecord, seller_from, "seller"),
}
