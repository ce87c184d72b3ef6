"""A deterministic generator of an Olist-shaped data set.

``generate(out_dir, orders=..., seed=...)`` writes the nine files of the public
Olist Brazilian e-commerce data set with their real file names, headers, quoting
and line endings, filled with synthetic but realistic values: order statuses and
lifecycle timestamps, repeat customers who moved, multi-item orders, voucher
payment combos that add up to the cent, Portuguese review comments with quoted
line breaks, category-less products, geolocation points (a few outside Brazil).

The same ``seed`` and ``orders`` always give byte-identical files. Rows are
streamed out while they are drawn: only the product and seller pools (about
orders/3 and orders/32 entries), a ring of recent customers and the set of zip
prefixes in use stay in memory. The module reads nothing at run time and uses
only the standard library.
"""

from olist_dw.synth.calibration import REAL_ORDER_COUNT
from olist_dw.synth.generator import SynthSummary, generate, scale_to_orders

__all__ = ["REAL_ORDER_COUNT", "SynthSummary", "generate", "scale_to_orders"]
