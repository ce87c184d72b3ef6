"""Developer tooling of the project: scripts run from the repository, not shipped."""
