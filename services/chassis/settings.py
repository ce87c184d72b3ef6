from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Where a service finds its PostgreSQL and NATS: always from the environment,
    locally (set by `olist-dw up`) and on Kubernetes (set by the Helm chart)."""

    model_config = SettingsConfigDict(env_prefix="OLIST_DW_", extra="ignore")

    database_url: str = Field(
        "postgresql+psycopg://postgres@127.0.0.1:5432/olist",
        description="SQLAlchemy URL of the service's own role on the warehouse database.",
    )
    nats_url: str = "nats://127.0.0.1:4222"  # tls://... for TLS
    # the certificate authorities (a PEM file) a tls:// NATS server is verified against;
    # unset: the system's. PostgreSQL's TLS goes in database_url (sslmode, sslrootcert).
    nats_tls_ca: str | None = None
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    # bearer tokens (services/chassis/auth): the JWKS (a file or an http(s) URL) whose keys
    # sign them, and the issuer and audience they must name; without a JWKS every route
    # but health answers 401
    auth_jwks: str | None = None
    auth_issuer: str = "olist-dw-local"
    auth_audience: str = "olist-dw"
    # personal data (docs/adr/0013-personal-data.md): the key of the customers' pseudonyms
    # (HMAC-SHA-256, at least 32 characters), the same for every context; and the ring of
    # AES-256-GCM keys that seal the texts people wrote (`<id>:<base64url>`, the sealing key
    # first). A context that takes personal data refuses to start without them.
    pseudonym_key: SecretStr | None = None
    text_keys: SecretStr | None = None
    # a client address whose authentications failed (401) this many times within the
    # window is refused (429, Retry-After) until the oldest of them leaves the window
    auth_failure_limit: int = Field(10, ge=1)
    auth_failure_window_seconds: float = Field(60.0, gt=0)
    # the largest request body a service reads (413 over it): the loader's batches of 5,000
    # rows are at most 2 MB of JSON in the real Olist data (orders), so 64 MiB leaves room
    # for 30 times that, or rows with dozens of fields near the loader's 1 MiB field limit
    max_request_bytes: int = Field(64 * 1024 * 1024, ge=1024)
    # servers of the JetStream cluster that store each stream: 3 in production (R3)
    stream_replicas: int = Field(1, ge=1, le=5)
    # JetStream consumption: about how many events one transaction applies (the messages
    # fetched adapt: a message is a frame of one to a few hundred events, ADR 9)
    fetch_batch: int = 4000
    max_deliver: int = 5
    ack_wait_seconds: float = 30.0
    # outbox relay: frames (messages of up to ~256 kB of events) per round, and in flight
    relay_batch: int = 64
    relay_max_in_flight: int = 64
    relay_idle_seconds: float = 0.2
    # reporting: how far the marts may trail the star schema while events keep arriving
    mart_refresh_seconds: float = 30.0
