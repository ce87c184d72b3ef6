"""The customer record Olist opens for every order: which person, at which address."""

from __future__ import annotations

from dataclasses import dataclass

from shared_kernel import Address


@dataclass(frozen=True, slots=True)
class CustomerAccount:
    """One row of the customers file: `customer_id` is used by one order only; the person
    is `customer_unique_id`, and `address` is where that order went."""

    customer_id: str
    customer_unique_id: str
    address: Address
