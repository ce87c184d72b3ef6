"""Which source columns hold personal data: the people's identifiers, which every context
replaces with pseudonyms before it stores anything, and the free texts people wrote, which
are stored encrypted (docs/security.md, Personal data; docs/adr/0013-personal-data.md)."""

from __future__ import annotations

IDENTIFIER_COLUMNS = frozenset({"customer_id", "customer_unique_id"})
FREE_TEXT_COLUMNS = frozenset({"review_comment_title", "review_comment_message"})
