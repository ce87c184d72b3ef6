"""Value objects every bounded context shares. Pure Python: standard library only."""

from shared_kernel.events import DomainEvent
from shared_kernel.identifiers import deterministic_uuid
from shared_kernel.money import Money
from shared_kernel.places import Address, Geolocation
from shared_kernel.time import REFERENCE_TIME, DateRange

__all__ = [
    "REFERENCE_TIME",
    "Address",
    "DateRange",
    "DomainEvent",
    "Geolocation",
    "Money",
    "deterministic_uuid",
]
