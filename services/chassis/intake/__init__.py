"""The intake kit: what every context that takes Olist source rows shares, written once.

A context declares its record mappings (records.RecordMapping), its stagers (one per kind
of record: where it is kept, which aggregates it touches) and its completion step, and
`context_service` builds the service: the intake API, quarantine, import scope, the
chunked completion loop, the outbox and its relay.

- commands: StageRecords, CompleteLoad, Sourced, Rejection, CompletionResult (plain data)
- ports: the Protocols the use cases need (quarantine, import scope, unit of work)
- use_cases: `stage` and `complete_in_chunks`, the skeletons of every context's use cases
- records: source row -> domain object or rejection
- postgres, orphans: the chassis tables and the orphan-check SQL
- http: the intake API; service: `context_service(...)`
"""
