"""Rules of the order accumulating snapshot."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# When two status changes carry the same business time, the one further along the
# lifecycle wins, so that any replay order gives the same status.
STATUS_RANK = {
    "created": 0, "approved": 1, "invoiced": 2, "processing": 3, "shipped": 4,
    "delivered": 5, "canceled": 6, "unavailable": 6,
}


@dataclass(frozen=True, slots=True)
class StatusChange:
    order_id: str
    status: str
    at: datetime
    load_id: str

    @property
    def rank(self) -> int:
        return STATUS_RANK[self.status]

    def supersedes(self, other: StatusChange | None) -> bool:
        return other is None or (self.at, self.rank) >= (other.at, other.rank)
