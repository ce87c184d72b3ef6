"""Failed authentications per client address, in a sliding window: a client whose last
`limit` attempts within `window_seconds` were all refused (401) is locked out (429) until
the oldest of them leaves the window. In memory: one process serves each service, and a
restart forgets (a lockout slows a guesser down; it is no ban list)."""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

# clients remembered at most: a flood from many addresses forgets the stalest first
MAX_CLIENTS = 10_000


@dataclass(frozen=True)
class Lockout:
    """A client refused for now: how many failures it made within the window, and in how
    many whole seconds it may try again (the Retry-After)."""

    client: str
    failures: int
    retry_after: int


class FailedAuthentications:
    def __init__(
        self,
        limit: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        if limit < 1 or window_seconds <= 0:
            raise ValueError("a lockout needs a limit of at least 1 and a positive window")
        self.limit, self.window_seconds = limit, window_seconds
        self._clock, self._max_clients = clock, max_clients
        # client -> times of its last `limit` failures still in the window, oldest first;
        # the clients in the order they last failed
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def lockout(self, client: str) -> Lockout | None:
        """The client's lockout, or None when it may try."""
        failures = self._recent(client)
        if failures is None or len(failures) < self.limit:
            return None
        # locked until the oldest of the last `limit` failures leaves the window
        wait = max(1, math.ceil(failures[0] + self.window_seconds - self._clock()))
        return Lockout(client, len(failures), wait)

    def failed(self, client: str) -> Lockout | None:
        """Count a refused authentication; the lockout it starts, if this one does."""
        already = self.lockout(client)
        failures = self._recent(client)
        if failures is None:
            self._forget_stalest()
            failures = self._failures[client] = deque(maxlen=self.limit)
        failures.append(self._clock())
        self._failures.move_to_end(client)
        return None if already else self.lockout(client)

    def _recent(self, client: str) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        horizon = self._clock() - self.window_seconds
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures

    def _forget_stalest(self) -> None:
        while len(self._failures) >= self._max_clients:
            self._failures.popitem(last=False)
