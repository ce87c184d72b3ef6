"""Drawing values: seeded random streams, weighted choices and rare cases."""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import Generic, TypeVar

# ==========================================================================
# Drawing values
# ==========================================================================

T = TypeVar("T")


def stream(seed: int, purpose: str) -> random.Random:
    """An independent, reproducible random stream for one part of the data set."""
    return random.Random(f"olist-synth:{seed}:{purpose}")


def new_id(rng: random.Random) -> str:
    """A 32-char lowercase hex id, like Olist's anonymised ids."""
    return f"{rng.getrandbits(128):032x}"


class Weighted(Generic[T]):
    """Picks values with given weights (bisect on cumulative weights: fast)."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        values, weights = zip(*pairs)
        self._values: tuple[T, ...] = tuple(values)
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]
        self._last = len(self._values) - 1

    def pick(self, rng: random.Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        return self._values[min(index, self._last)]


@dataclass
class RareCase:
    """A rare event that still shows up in tiny data sets.

    Happens with probability ``rate`` at each chance; in addition, while fewer
    than ``at_least`` happened, it is forced at every ``every``-th chance.
    """

    rate: float
    at_least: int = 0
    every: int = 1
    chances: int = 0
    seen: int = 0

    def happens(self, rng: random.Random) -> bool:
        self.chances += 1
        hit = rng.random() < self.rate or (
            self.seen < self.at_least and self.chances % self.every == 0
        )
        self.seen += hit
        return hit


def skewed_index(rng: random.Random, size: int, skew: float = 2.0) -> int:
    """An index in range(size), low indexes far more likely (popular first)."""
    return int(size * rng.random() ** skew)


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return rng.lognormvariate(math.log(median), sigma)


def clamped_int(value: float, low: int, high: int) -> int:
    return max(low, min(high, int(value)))


def cents_to_money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)
