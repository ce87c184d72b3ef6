"""Marketplace context: catalog and sellers. Import records and integration events."""

from __future__ import annotations

from pydantic import BaseModel, Field

from contracts.fields import (
    OlistId,
    OptionalCount,
    OptionalText,
    SourceRecord,
    State,
    ZipPrefix,
)

# --- import records -----------------------------------------------------------------


class ProductRecord(SourceRecord):
    product_id: OlistId
    product_category_name: OptionalText = None
    # the misspellings are Olist's column names
    product_name_lenght: OptionalCount = Field(None, ge=0)
    product_description_lenght: OptionalCount = Field(None, ge=0)
    product_photos_qty: OptionalCount = Field(None, ge=0)
    product_weight_g: OptionalCount = Field(None, ge=0)
    product_length_cm: OptionalCount = Field(None, ge=0)
    product_height_cm: OptionalCount = Field(None, ge=0)
    product_width_cm: OptionalCount = Field(None, ge=0)


class SellerRecord(SourceRecord):
    seller_id: OlistId
    seller_zip_code_prefix: ZipPrefix
    seller_city: str = Field(min_length=1)
    seller_state: State


class CategoryTranslationRecord(SourceRecord):
    product_category_name: str = Field(min_length=1)
    product_category_name_english: str = Field(min_length=1)


# --- integration events -------------------------------------------------------------


class ProductListedV1(BaseModel):
    """marketplace.product.listed v1: a product in the catalog (occurred_at = reference time).

    `category_name` is `sem_categoria` / `uncategorized` for a product without a category;
    a category missing from the translation table keeps its Portuguese name in English
    too, with `is_category_translated` false.
    """

    product_id: str
    category_name: str
    category_name_english: str
    is_category_translated: bool
    name_length: int | None
    description_length: int | None
    photos_qty: int | None
    weight_g: int | None
    length_cm: int | None
    height_cm: int | None
    width_cm: int | None


class SellerRegisteredV1(BaseModel):
    """marketplace.seller.registered v1: a seller on the marketplace (reference time)."""

    seller_id: str
    zip_code_prefix: str
    city: str
    state: str


class InventoryUpdatedV1(BaseModel):
    """marketplace.inventory.updated v1: a seller's stock of a product changed.

    Olist's files carry no stock levels: this event only comes from the Marketplace API
    (`POST /inventory`), at the time the seller reported it.
    """

    product_id: str
    seller_id: str
    quantity: int = Field(ge=0)
