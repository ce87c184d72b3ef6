"""Kubernetes' timestamps (RFC 3339, UTC, `2026-12-07T02:32:05Z`) and the ISO times of the
CLI's summaries, read as aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


class TimestampInvalid(ValueError):
    pass


def parse_time(text: str) -> datetime:
    """An ISO 8601 / RFC 3339 time; one without a zone is taken as UTC."""
    try:
        value = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise TimestampInvalid(f"{text!r} is not an ISO 8601 time") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def optional_time(text: object) -> datetime | None:
    """None for a missing or empty value, else the time (TimestampInvalid if it is none)."""
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        raise TimestampInvalid(f"{text!r} is not an ISO 8601 time")
    return parse_time(text)


def format_time(value: datetime) -> str:
    """`2026-12-07T02:32:05Z`: what Kubernetes writes (whole seconds, UTC)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
