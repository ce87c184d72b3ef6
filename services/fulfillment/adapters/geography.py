"""PostgreSQL adapter of the zip-area port: geolocation points in, zip areas out."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text

from services.chassis.bulk import upsert
from services.chassis.intake.commands import Sourced
from services.chassis.repository import SqlRepository
from services.fulfillment.adapters.tables import POINTS, SCHEMA, ZIP_AREAS, zip_area_row
from services.fulfillment.domain.geography import GeoPoint, ZipArea
from shared_kernel import Address, Geolocation


class PostgresZipAreaRepository(SqlRepository):
    def stage_points(self, load_id: str, points: Sequence[Sourced[GeoPoint]]) -> None:
        POINTS.stage(self._connection, load_id, points)

    def points_of(self, prefixes: Sequence[str]) -> dict[str, list[GeoPoint]]:
        """Every staged point of these prefixes, in one query (one row per prefix)."""
        rows = self._connection.execute(
            text(
                f"SELECT zip_code_prefix, array_agg(latitude), array_agg(longitude),"
                f" array_agg(city), array_agg(state) FROM {SCHEMA}.geolocation_point"
                f" WHERE zip_code_prefix = ANY(:prefixes) GROUP BY zip_code_prefix"
            ),
            {"prefixes": list(prefixes)},
        ).all()
        return {
            prefix: [
                GeoPoint(Address(prefix, city, state), Geolocation(lat, lng))
                for lat, lng, city, state in zip(lats, lngs, cities, states)
            ]
            for prefix, lats, lngs, cities, states in rows
        }

    def save(self, areas: Sequence[ZipArea]) -> None:
        upsert(self._connection, ZIP_AREAS, [zip_area_row(area) for area in areas])
