"""The data subjects' rights (LGPD art. 18): export and erasure of one person's data across
every context, the warehouse, quarantine, outboxes, streams and dead letters
(docs/adr/0013-personal-data.md)."""
