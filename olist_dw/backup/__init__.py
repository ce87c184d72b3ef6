"""Backups of the whole warehouse database with Barman (docs/adr/0012-backups.md): base
backups and WAL streamed over a replication slot, retention, restore to a point in time,
checkpoints that make a restored copy verifiable exactly, and drills that measure the RTO.
Runbook: docs/runbooks/restore.md."""
