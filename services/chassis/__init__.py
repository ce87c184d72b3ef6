"""Technical plumbing every service uses (never domain): settings, database and migrations,
unit of work, transactional outbox and relay, JetStream consumer with DLQ, HTTP app factory."""
