from datetime import datetime
from decimal import Decimal

import pytest

from shared_kernel import Address, DateRange, Geolocation, Money, deterministic_uuid
from shared_kernel.money import MoneyError, total
from shared_kernel.places import PlaceError


def test_money_adds_exactly_to_the_cent():
    amounts = [Money.of("0.10")] * 3
    assert total(amounts) == Money.of("0.30")
    assert str(Money.of("58.9")) == "BRL 58.90"


@pytest.mark.parametrize("bad", [0.1, "1.005", "NaN", "abc"])
def test_money_refuses_floats_sub_cent_and_non_numbers(bad):
    with pytest.raises(MoneyError):
        Money(bad if isinstance(bad, float) else Decimal(bad) if bad != "abc" else bad)


def test_money_refuses_mixing_currencies():
    with pytest.raises(MoneyError):
        Money.of("1.00") + Money(Decimal("1.00"), "USD")


def test_date_range_is_half_open():
    window = DateRange(datetime(2017, 1, 1), datetime(2017, 1, 2))
    assert window.contains(datetime(2017, 1, 1))
    assert not window.contains(datetime(2017, 1, 2))
    assert DateRange.all_time().contains(datetime(1999, 1, 1))
    with pytest.raises(ValueError):
        DateRange(datetime(2017, 1, 2), datetime(2017, 1, 1))


def test_deterministic_ids_are_uuid5_of_the_joined_parts():
    import uuid

    from shared_kernel.identifiers import OLIST_DW_NAMESPACE, deterministic_id

    for parts in [("sales.order.placed", 1, "e481f51c", "9f1a"), ("x", 2.5, None, "é")]:
        expected = uuid.uuid5(OLIST_DW_NAMESPACE, "|".join(str(p) for p in parts))
        assert deterministic_id(*parts) == str(expected) == str(deterministic_uuid(*parts))


def test_deterministic_uuid_is_stable_and_distinguishes_keys():
    assert deterministic_uuid("a", 1) == deterministic_uuid("a", 1)
    assert deterministic_uuid("a", 1) != deterministic_uuid("a", 2)


def test_address_and_geolocation_rules():
    Address("01037", "sao paulo", "SP")
    with pytest.raises(PlaceError):
        Address("1037", "sao paulo", "SP")
    with pytest.raises(PlaceError):
        Address("01037", "lisboa", "PT")
    assert Geolocation(-23.5, -46.6).is_in_brazil
    assert not Geolocation(38.7, -9.1).is_in_brazil
