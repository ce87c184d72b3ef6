"""Rotating the key that seals the words people wrote, on the local runtime: a new key
first in the ring (the Customer service seals with it from its restart on), every stored
text sealed again with it, the old keys dropped (docs/adr/0013-personal-data.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from olist_dw.database import role_of
from olist_dw.runtime.credentials import set_keys
from olist_dw.runtime.stack import Stack
from services.chassis.database import make_engine
from services.chassis.personal_data import TextKeys
from services.customer.adapters.text_rotation import reseal

CUSTOMER = "customer"


@dataclass(frozen=True)
class Rotation:
    sealing: str
    retired: list[str]
    resealed: int


def rotate_text_keys(stack: Stack, progress: Callable[[str], None] = lambda step: None) -> Rotation:
    old = TextKeys.parse(stack.credentials.keys["texts"])
    retired = [key.key_id for key in old.ring]
    new_id = _next_key_id(retired)
    ring = f"{TextKeys.new_key_setting(new_id)},{stack.credentials.keys['texts']}"
    _use(stack, ring, progress)
    progress("sealing every stored text with the new key")
    engine = make_engine(stack.database_url(role_of(CUSTOMER), "postgresql+psycopg"), pool_size=1)
    try:
        with engine.begin() as connection:
            resealed = reseal(connection, TextKeys.parse(ring))
    finally:
        engine.dispose()
    _use(stack, ring.split(",")[0], progress)
    return Rotation(new_id, retired, resealed)


def _next_key_id(ids: list[str]) -> str:
    numbers = [int(i[1:]) for i in ids if i.startswith("k") and i[1:].isdigit()]
    return f"k{max(numbers, default=0) + 1}"


def _use(stack: Stack, ring: str, progress: Callable[[str], None]) -> None:
    stack.credentials = set_keys(stack.home, {"texts": ring})
    if CUSTOMER in stack.state.services:
        progress("restarting the Customer service with the new ring")
        stack.stop_service(CUSTOMER)
        stack.start_service(CUSTOMER)
