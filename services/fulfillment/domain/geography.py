"""Geography: the zip areas Olist addresses name, where they are and how far apart.

Olist's geolocation file holds many points per 5-digit zip code prefix, some of them
wrong (outside Brazil, or in another state). A ZipArea is what is left after cleaning
them (docs/geography.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import asin, cos, radians, sin, sqrt
from statistics import median

from services.fulfillment.domain.errors import FulfillmentRuleViolation
from services.fulfillment.domain.events import ZipAreaLocated
from shared_kernel import REFERENCE_TIME, Address, Geolocation

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """One row of the geolocation file: a point recorded for a zip prefix, city and state."""

    place: Address
    location: Geolocation


@dataclass(frozen=True, slots=True)
class Location:
    """Where a customer or a seller is, at Olist's precision: a zip code prefix."""

    party_id: str
    zip_code_prefix: str


@dataclass(frozen=True, slots=True)
class ZipArea:
    zip_code_prefix: str
    city: str
    state: str
    location: Geolocation | None  # None: no point survived cleaning
    points_used: int = 0
    points_discarded: int = 0

    @classmethod
    def locate(cls, zip_code_prefix: str, points: Sequence[GeoPoint]) -> ZipArea:
        """The cleaning rule: keep the points in Brazil and in the prefix's most frequent
        state; the area sits at their median latitude and median longitude, and takes
        their most frequent city."""
        if not points:
            raise FulfillmentRuleViolation(f"zip area {zip_code_prefix} has no point")
        if any(p.place.zip_code_prefix != zip_code_prefix for p in points):
            raise FulfillmentRuleViolation(f"a point of another prefix in {zip_code_prefix}")
        state = most_frequent(p.place.state for p in points)
        in_state = [p for p in points if p.place.state == state]
        kept = [p for p in in_state if p.location.is_in_brazil]
        city = most_frequent(p.place.city for p in (kept or in_state))
        return cls(zip_code_prefix, city, state, _centre(kept), len(kept), len(points) - len(kept))

    @property
    def is_located(self) -> bool:
        return self.location is not None

    def distance_km(self, other: ZipArea) -> float | None:
        """Great-circle distance between the two areas; None when either is unknown."""
        if self.location is None or other.location is None:
            return None
        return great_circle_km(self.location, other.location)

    def events(self) -> list[ZipAreaLocated]:
        """Geography has no business time: located at the reference time, in every load."""
        latitude = self.location.latitude if self.location else None
        longitude = self.location.longitude if self.location else None
        return [
            ZipAreaLocated(
                occurred_at=REFERENCE_TIME,
                zip_code_prefix=self.zip_code_prefix,
                city=self.city,
                state=self.state,
                latitude=latitude,
                longitude=longitude,
                points_used=self.points_used,
                points_discarded=self.points_discarded,
            )
        ]


def most_frequent(values: Iterable[str]) -> str:
    """The most frequent value; a tie goes to the first in alphabetical order."""
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value))


def great_circle_km(a: Geolocation, b: Geolocation) -> float:
    """Haversine distance in km, rounded to 10 m."""
    lat_a, lat_b = radians(a.latitude), radians(b.latitude)
    d_lat, d_lng = lat_b - lat_a, radians(b.longitude - a.longitude)
    h = sin(d_lat / 2) ** 2 + cos(lat_a) * cos(lat_b) * sin(d_lng / 2) ** 2
    return round(2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h))), 2)


def _centre(points: Sequence[GeoPoint]) -> Geolocation | None:
    if not points:
        return None
    return Geolocation(
        median(p.location.latitude for p in points), median(p.location.longitude for p in points)
    )
