"""The olist-dw operator (kopf): WarehouseLoad, BackupSchedule and RestoreDrill resources
run the project's own CLI commands as Kubernetes Jobs and CronJobs, and keep their status
and conditions (Fresh, RPOCompliant, Verified, RTOCompliant) current. docs/operator.md.

Pure decision modules (no kopf, no Kubernetes client): resources, durations, schedules,
timestamps, specs, windows, phases, summaries, conditions, statuses, jobs, settings,
permissions. The adapters: kubernetes (the API), handlers (kopf), __main__ (the process).
"""
