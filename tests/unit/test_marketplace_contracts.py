from datetime import datetime

from contracts.decoding import decode
from contracts.marketplace import InventoryUpdatedV1, ProductListedV1, SellerRegisteredV1
from services.chassis.events import envelope_translator
from services.marketplace.adapters.events import PUBLISHED
from services.marketplace.domain.catalog import ProductCatalog
from services.marketplace.domain.measures import Measures
from services.marketplace.domain.product import Product
from services.marketplace.domain.seller import Seller
from shared_kernel import REFERENCE_TIME, Address

PRODUCT_ID = "1e9e8ef04dbcff4541ed26657ea517e5"
SELLER_ID = "3442f8959a84dea7ee197c632cb2df15"


def test_what_marketplace_publishes_reads_back_through_the_contract():
    translate = envelope_translator(PUBLISHED, lambda key: ("olist_products_dataset.csv", 3))
    listed = Product(PRODUCT_ID, None, Measures(photos_qty=2)).listed(ProductCatalog())
    message = translate(listed, "load-1")
    envelope = decode(message.body)
    assert isinstance(envelope.payload, ProductListedV1)
    assert str(envelope.event_id) == message.message_id == str(listed.event_id)
    assert message.subject == "marketplace.product.listed.v1"
    assert envelope.occurred_at == REFERENCE_TIME and envelope.source.row == 3
    assert envelope.payload.category_name_english == "uncategorized"
    assert envelope.payload.photos_qty == 2 and envelope.payload.weight_g is None


def test_seller_and_inventory_events_read_back_through_the_contract():
    translate = envelope_translator(PUBLISHED, lambda key: ("olist_sellers_dataset.csv", 1))
    seller = Seller(SELLER_ID, Address("13023", "campinas", "SP"))
    registered = decode(translate(seller.registered(), "load-1").body)
    assert isinstance(registered.payload, SellerRegisteredV1)
    assert registered.payload.zip_code_prefix == "13023" and registered.payload.state == "SP"
    stock = Product(PRODUCT_ID, "artes").stock(SELLER_ID, 4, datetime(2018, 9, 1, 10))
    updated = decode(translate(stock.updated(), "inventory-api").body)
    assert isinstance(updated.payload, InventoryUpdatedV1)
    assert updated.payload.quantity == 4 and updated.source is None
    assert updated.occurred_at == datetime(2018, 9, 1, 10)
