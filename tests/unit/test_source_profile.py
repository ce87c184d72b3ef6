"""The loader's source profile: repeated keys and missing critical fields, each file's
profiled once however many contexts read it."""

from services.loader.domain.source_profile import SourceProfile

ORDERS = "olist_orders_dataset.csv"


def test_a_file_read_for_several_contexts_is_profiled_once():
    covered: set[str] = set()
    first = SourceProfile.of(ORDERS, ("order_id", "customer_id", "order_status"), covered)
    second = SourceProfile.of(ORDERS, ("order_id", "order_purchase_timestamp"), covered)
    third = SourceProfile.of(ORDERS, ("order_id", "customer_id"), covered)
    assert (first.key, first.critical) == (
        ("order_id",),
        ("order_id", "customer_id", "order_status"),
    )
    assert (second.key, second.critical) == (None, ("order_purchase_timestamp",))
    assert (third.key, third.critical) == (None, ())


def test_repeats_and_blanks_are_counted_with_samples_within_and_across_batches():
    profile = SourceProfile.of(ORDERS, ("order_id", "customer_id"))
    rows = [("a", "c1"), ("b", " "), ("a", "c2"), ("a", ""), ("c", None), ("b", "c3")]
    batches = [rows[:3], rows[3:]]
    for batch in batches:
        profile.count([{"order_id": order, "customer_id": customer} for order, customer in batch])
    assert (profile.rows, profile.repeated, profile.repeated_samples) == (6, 3, ["a", "a", "b"])
    assert profile.missing == {"customer_id": 3}
