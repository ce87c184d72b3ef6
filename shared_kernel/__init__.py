"""Value objects every bounded context shares. Pure Python: standard library only."""
from shared_kernel.money import Money
from shared_kernel.places import Address, Geolocation
from shared_kernel.time import REFERENCE_TIME, DateRange
from shared_kernel.identifiers import deterministic_uuid
from shared_kernel.events import DomainEvent

__all__ = ["Money", "Address", "Geolocation", "DateRange", "REFERENCE_TIME", "deterministic_uuid", "DomainEvent"]
