"""Marketplace's stock reports on in-memory fakes: the latest report is kept whatever the
order reports arrive in, each report is published once, unknown products are refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from services.marketplace.application.inventory import ReportStock, UnknownProduct, report_stock
from services.marketplace.domain.errors import MarketplaceRuleViolation
from services.marketplace.domain.events import InventoryUpdated
from services.marketplace.domain.inventory import StockLevel
from services.marketplace.domain.product import Product
from tests.unit.intake.fakes import FakeUnitOfWork

T0 = datetime(2018, 3, 1, 9, 0)
PRODUCT, SELLER = "1e9e8ef04dbcff4541ed26657ea517e5", "3442f8959a84dea7ee197c632cb2df15"


class FakeProducts:
    def __init__(self, *products: Product) -> None:
        self._products = {p.product_id: p for p in products}

    def get(self, product_id: str) -> Product | None:
        return self._products.get(product_id)


class FakeInventory:
    def __init__(self) -> None:
        self.levels: dict[tuple[str, str], StockLevel] = {}

    def get(self, product_id: str, seller_id: str) -> StockLevel | None:
        return self.levels.get((product_id, seller_id))

    def save(self, level: StockLevel) -> None:
        self.levels[(level.product_id, level.seller_id)] = level


class FakeMarketplaceUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.products = FakeProducts(Product(PRODUCT, "perfumaria"))
        self.inventory = FakeInventory()


def report(quantity: int, hours: int) -> ReportStock:
    return ReportStock(PRODUCT, SELLER, quantity, T0 + timedelta(hours=hours))


def test_the_latest_report_is_kept_whatever_order_reports_arrive_in():
    uow = FakeMarketplaceUnitOfWork()
    for quantity, hours in ((5, 2), (9, 1), (3, 0)):
        report_stock(uow, report(quantity, hours))
    assert uow.inventory.levels[(PRODUCT, SELLER)].quantity == 5
    assert len(uow.events_of(InventoryUpdated)) == 3  # every report is a fact of its time


def test_a_report_sent_twice_is_published_once():
    uow = FakeMarketplaceUnitOfWork()
    first, again = report_stock(uow, report(5, 0)), report_stock(uow, report(5, 0))
    assert first.event_id == again.event_id and first.is_new and not again.is_new


def test_stock_of_an_unknown_product_or_a_negative_stock_is_refused():
    uow = FakeMarketplaceUnitOfWork()
    with pytest.raises(UnknownProduct):
        report_stock(uow, ReportStock("0" * 32, SELLER, 1, T0))
    with pytest.raises(MarketplaceRuleViolation):
        report_stock(uow, report(-1, 0))
    assert uow.outbox == {} and uow.inventory.levels == {}
