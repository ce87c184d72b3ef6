"""Surrogate keys: inferred members for dimension rows that have not arrived yet (before
the facts that refer to them are written), and the keys that a batch changes afterwards."""

from sqlalchemy import text

# inferred members: a dimension row for every natural key a fact or address refers to
INFERRED_MEMBERS = {
    name: text(
        # sql: identifiers only (the tables and columns of the list below)
        f"INSERT INTO dw.{table} ({column}) SELECT unnest(CAST(:{name} AS text[]))"
        " ON CONFLICT DO NOTHING"
    )
    for name, table, column in (
        ("products", "dim_product", "product_id"),
        ("sellers", "dim_seller", "seller_id"),
        ("customers", "dim_customer", "customer_unique_id"),
        ("zips", "dim_geography", "zip_code_prefix"),
    )
}

ADDRESS_PERIODS = text("""
    UPDATE dw.customer_address_history h
    SET valid_to = n.next_from, is_current = n.next_from IS NULL, customer_key = c.customer_key
    FROM (SELECT customer_unique_id, valid_from,
                 lead(valid_from) OVER (PARTITION BY customer_unique_id ORDER BY valid_from)
                 AS next_from
          FROM dw.customer_address_history WHERE customer_unique_id = ANY(:customers)) n
    JOIN dw.dim_customer c USING (customer_unique_id)
    WHERE h.customer_unique_id = n.customer_unique_id AND h.valid_from = n.valid_from
      AND (h.valid_to, h.is_current, h.customer_key)
          IS DISTINCT FROM (n.next_from, n.next_from IS NULL, c.customer_key)""")

CURRENT_ADDRESS = text("""
    UPDATE dw.dim_customer c
    SET zip_code_prefix = h.zip_code_prefix, city = h.city, state = h.state,
        geography_key = g.geography_key
    FROM dw.customer_address_history h
    JOIN dw.dim_geography g USING (zip_code_prefix)
    WHERE h.is_current AND h.customer_unique_id = c.customer_unique_id
      AND c.customer_unique_id = ANY(:customers)
      AND (c.zip_code_prefix, c.city, c.state, c.geography_key)
          IS DISTINCT FROM (h.zip_code_prefix, h.city, h.state, g.geography_key)""")

SELLER_GEOGRAPHY = text("""
    UPDATE dw.dim_seller s SET geography_key = g.geography_key
    FROM dw.dim_geography g
    WHERE s.zip_code_prefix = g.zip_code_prefix AND s.seller_id = ANY(:registered)
      AND s.geography_key IS DISTINCT FROM g.geography_key""")


def person_of(customer_id: str) -> str:
    """The key of the person the customer record `customer_id` (an SQL expression) belongs
    to; 0 (unknown) until Customer attributes the record."""
    return (
        "coalesce((SELECT c.customer_key FROM dw.customer_order_link l"
        " JOIN dw.dim_customer c ON c.customer_unique_id = l.customer_unique_id"
        f" WHERE l.customer_id = {customer_id}), 0)"
    )


# sql: identifiers only (person_of's SQL of a constant column)
ORDER_CUSTOMERS = f"""
    SELECT o.order_id, {person_of("o.customer_id")} AS customer_key
    FROM dw.fact_order o WHERE o.order_id = ANY(:orders)"""

# per fact, the customer key again for the orders in `:orders` (facts take their keys when
# written; which orders need them again, see StarChanges.orders_to_key)
FACT_KEYS = {
    fact: text(
        # sql: identifiers only (a fact of the tuple below; ORDER_CUSTOMERS)
        f"""UPDATE dw.{fact} f SET customer_key = k.customer_key FROM ({ORDER_CUSTOMERS}) k
        WHERE f.order_id = k.order_id AND f.customer_key IS DISTINCT FROM k.customer_key"""
    )
    for fact in ("fact_order", "fact_order_item", "fact_review")
}

PAYMENT_TOTALS = text("""
    UPDATE dw.fact_order f SET payment_total = s.total, payment_count = s.n
    FROM (SELECT order_id, sum(payment_value) AS total, count(*) AS n FROM dw.fact_payment
          WHERE order_id = ANY(:orders) GROUP BY order_id) s
    WHERE f.order_id = s.order_id
      AND (f.payment_total, f.payment_count) IS DISTINCT FROM (s.total, s.n)""")
ENSURE_ORDERS = text(
    "INSERT INTO dw.fact_order (order_id) SELECT unnest(CAST(:orders AS text[]))"
    " ON CONFLICT DO NOTHING"
)
