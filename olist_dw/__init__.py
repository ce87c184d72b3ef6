"""The olist-dw command line and the local runtime (PostgreSQL, NATS and the services as
plain processes: no Docker, no cluster)."""
