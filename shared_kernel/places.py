from __future__ import annotations

from dataclasses import dataclass

BRAZILIAN_STATES = frozenset(
    [
        "AC",
        "AL",
        "AP",
        "AM",
        "BA",
        "CE",
        "DF",
        "ES",
        "GO",
        "MA",
        "MT",
        "MS",
        "MG",
        "PA",
        "PB",
        "PR",
        "PE",
        "PI",
        "RJ",
        "RN",
        "RS",
        "RO",
        "RR",
        "SC",
        "SP",
        "SE",
        "TO",
    ]
)


class PlaceError(ValueError):
    """An address or point that cannot exist."""


@dataclass(frozen=True, slots=True)
class Address:
    """Where a customer or seller is, at the precision Olist publishes: a 5-digit zip prefix."""

    zip_code_prefix: str
    city: str
    state: str

    def __post_init__(self) -> None:
        if len(self.zip_code_prefix) != 5 or not self.zip_code_prefix.isdigit():
            raise PlaceError(f"zip code prefix must be 5 digits: {self.zip_code_prefix!r}")
        if self.state not in BRAZILIAN_STATES:
            raise PlaceError(f"not a Brazilian state: {self.state!r}")


@dataclass(frozen=True, slots=True)
class Geolocation:
    latitude: float
    longitude: float

    # Brazil's extreme points, with a small margin.
    SOUTH, NORTH, WEST, EAST = -33.8, 5.3, -74.0, -34.7

    def __post_init__(self) -> None:
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise PlaceError(f"not a point on Earth: {self.latitude}, {self.longitude}")

    @property
    def is_in_brazil(self) -> bool:
        return (
            self.SOUTH <= self.latitude <= self.NORTH and self.WEST <= self.longitude <= self.EAST
        )
