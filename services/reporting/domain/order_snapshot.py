"""Rules of the order accumulating snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared_kernel.order_lifecycle import stage_of


@dataclass(frozen=True, slots=True)
class StatusChange:
    """An order reached `status` at business time `at`.

    The status the snapshot shows is the one furthest along the lifecycle (its stage);
    business time only decides between two changes to the same stage. Timestamps decide
    nothing else: Olist records approvals after hand-offs and deliveries, and the status
    the source records must come out whatever order the changes arrive in
    (docs/events.md, "Order status"). The SQL side of this rule is
    `services.reporting.adapters.star_tables.STATUS_SUPERSEDES`.
    """

    order_id: str
    status: str
    at: datetime
    load_id: str

    @property
    def rank(self) -> int:
        return stage_of(self.status)

    def supersedes(self, other: StatusChange | None) -> bool:
        return other is None or (self.rank, self.at) >= (other.rank, other.at)
