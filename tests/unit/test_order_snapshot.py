"""The order snapshot shows how far an order got, whatever order its status changes arrive
in and whatever order Olist recorded their timestamps in."""

from datetime import datetime, timedelta
from itertools import permutations

from services.reporting.application.star_rows import StarChanges
from services.reporting.domain.order_snapshot import StatusChange

T0 = datetime(2017, 3, 1, 9, 0)


def shown(changes) -> str:
    batch = StarChanges(statuses=list(changes))
    (latest,) = batch.latest_statuses()
    return latest.status


def test_an_approval_recorded_after_hand_off_and_delivery_does_not_pull_the_status_back():
    changes = [
        StatusChange("o", "created", T0, "l"),
        StatusChange("o", "shipped", T0 + timedelta(days=1), "l"),
        StatusChange("o", "delivered", T0 + timedelta(days=5), "l"),
        StatusChange("o", "approved", T0 + timedelta(days=6), "l"),
    ]
    assert {shown(arrival) for arrival in permutations(changes)} == {"delivered"}


def test_a_cancellation_ends_the_lifecycle_even_after_a_delivery():
    changes = [
        StatusChange("o", "delivered", T0 + timedelta(days=5), "l"),
        StatusChange("o", "canceled", T0 + timedelta(days=5), "l"),
    ]
    assert {shown(arrival) for arrival in permutations(changes)} == {"canceled"}


def test_the_same_stage_twice_keeps_the_later_change():
    early, late = (StatusChange("o", "shipped", T0 + timedelta(days=d), "l") for d in (1, 2))
    assert late.supersedes(early) and not early.supersedes(late)
