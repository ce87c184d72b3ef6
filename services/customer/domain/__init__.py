"""Customer: the people behind Olist's per-order customer records, where they lived,
what they reviewed, and how loyal they are (segmentation rules: docs/segments.md)."""
