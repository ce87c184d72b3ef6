"""Fulfillment: where orders go (geography), how sellers hand them to the carrier
(shipments), and whether they arrive when promised (deliveries, carrier performance)."""
