"""Sales: orders, their items and payments, and the invoice they add up to."""
