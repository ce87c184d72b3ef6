"""The audit log: security-relevant actions, append-only and hash-chained in the warehouse
database (schema `audit`), verified independently of the database that wrote it."""
