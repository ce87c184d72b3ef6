"""`python -m contracts.snapshot`: refresh the committed JSON Schema snapshots, after
checking that the change is backward compatible (docs/events.md has the policy)."""

import sys

from contracts.compatibility import check_against_snapshots, write_snapshots

if __name__ == "__main__":
    problems = check_against_snapshots()
    if problems:
        print("refused: backward-incompatible change of a published schema:", *problems, sep="\n  ")
        print("publish a new version (e.g. .v2) instead of changing this one")
        sys.exit(1)
    for name in write_snapshots():
        print(f"wrote contracts/schemas/{name}")
