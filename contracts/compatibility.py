"""Backward compatibility of a published JSON Schema: what a consumer of the old
version relies on must still hold in the new one.

Allowed: adding an optional property, documenting, widening nothing a reader depends on.
Refused: removing a property, making a property required, changing a property's type or
format, narrowing an enum, removing a definition a property refers to.

The same rules hold between two versions of an event (v1 -> v2), except for what the
upcaster between them declares (contracts/upcasting.py): the fields it adds (required in
the new version, since older messages get them from the upcaster) and the fields it
converts. A new version without an upcaster from the previous one is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from contracts.privacy import NOTICES
from contracts.quality import DECISIONS
from contracts.registry import EVENTS, IMPORT_RECORDS
from contracts.upcasting import UPCASTERS, Upcaster

Schema = dict[str, Any]  # a JSON Schema document or part of one

SCHEMA_DIR = Path(__file__).parent / "schemas"


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="serialization")


def published_schemas() -> dict[str, dict[str, Any]]:
    """Snapshot file name -> schema of the current code."""
    schemas = {
        f"{t}.v{v}.json": schema_of(m) for (t, v), m in (EVENTS | NOTICES | DECISIONS).items()
    }
    schemas |= {f"import.{name}.json": schema_of(m) for name, m in IMPORT_RECORDS.items()}
    return schemas


def write_snapshots(folder: Path = SCHEMA_DIR) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in published_schemas().items():
        path = folder / name
        text = json.dumps(schema, indent=2, sort_keys=True) + "\n"
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            written.append(name)
    return written


def breaking_changes(old: dict[str, Any], new: dict[str, Any], where: str = "") -> list[str]:
    problems: list[str] = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, old_prop in old_props.items():
        if name not in new_props:
            problems.append(f"{where}{name}: removed")
            continue
        problems += _property_changes(old_prop, new_props[name], f"{where}{name}", old, new)
    newly_required = set(new.get("required", [])) - set(old.get("required", []))
    for name in sorted(newly_required):
        problems.append(f"{where}{name}: became required")
    return problems


def _property_changes(
    old: Schema, new: Schema, where: str, old_root: Schema, new_root: Schema
) -> list[str]:
    old, new = _resolve(old, old_root), _resolve(new, new_root)
    problems = []
    for key in ("type", "format"):
        if old.get(key) != new.get(key):
            problems.append(f"{where}: {key} changed from {old.get(key)} to {new.get(key)}")
    if "enum" in old and not set(old["enum"]) <= set(new.get("enum", old["enum"]) or ()):
        problems.append(f"{where}: enum narrowed")
    if "anyOf" in old or "anyOf" in new:
        old_kinds = {
            json.dumps(_resolve(o, old_root), sort_keys=True) for o in old.get("anyOf", [old])
        }
        new_kinds = {
            json.dumps(_resolve(n, new_root), sort_keys=True) for n in new.get("anyOf", [new])
        }
        if not old_kinds <= new_kinds:
            problems.append(f"{where}: a type it could have was removed")
    if old.get("type") == "object" or "properties" in old:
        problems += breaking_changes(old, new, f"{where}.")
    if old.get("type") == "array" and "items" in old:
        problems += _property_changes(
            old["items"], new.get("items", {}), f"{where}[]", old_root, new_root
        )
    return problems


def _resolve(schema: Schema, root: Schema) -> Schema:
    ref = schema.get("$ref")
    if not ref:
        return schema
    name = ref.rsplit("/", 1)[-1]
    resolved: Schema = root.get("$defs", {}).get(name, {})
    return resolved


def check_against_snapshots(folder: Path = SCHEMA_DIR) -> list[str]:
    """Problems of the current code against every committed snapshot, and between the
    versions of each event."""
    current = published_schemas()
    problems = []
    for path in sorted(folder.glob("*.json")):
        if path.name not in current:
            problems.append(f"{path.name}: a published schema disappeared")
            continue
        old = json.loads(path.read_text())
        problems += [f"{path.name}: {p}" for p in breaking_changes(old, current[path.name])]
    return problems + version_changes()


Events = dict[tuple[str, int], type[BaseModel]]
Upcasters = dict[tuple[str, int], Upcaster]


def version_changes(events: Events = EVENTS, upcasters: Upcasters = UPCASTERS) -> list[str]:
    """Problems between each version of an event and the previous one: breaking changes no
    upcaster declares, a missing upcaster, an upcaster between versions that do not exist."""
    problems = [
        f"{t} v{v}: an upcaster from a version that is not registered, or to one"
        for t, v in sorted(upcasters)
        if {(t, v), (t, v + 1)} - set(events)
    ]
    for event_type, version in sorted(events):
        if version > 1:
            problems += _step_changes(event_type, version, events, upcasters)
    return problems


def _step_changes(event_type: str, version: int, events: Events, upcasters: Upcasters) -> list[str]:
    step = f"{event_type} v{version - 1} -> v{version}"
    previous = events.get((event_type, version - 1))
    if previous is None:
        return [f"{step}: v{version - 1} is not registered"]
    upcaster = upcasters.get((event_type, version - 1))
    problems = [] if upcaster else [f"{step}: no upcaster from v{version - 1}"]
    changes = breaking_changes(schema_of(previous), schema_of(events[(event_type, version)]))
    return problems + [f"{step}: {p}" for p in changes if not _declared(p, upcaster)]


def _declared(problem: str, upcaster: Upcaster | None) -> bool:
    """A breaking change the upcaster accounts for: a field it adds, or one it converts."""
    if upcaster is None:
        return False
    path, change = problem.split(": ", 1)
    if change == "became required" and path in upcaster.defaults:
        return True
    return any(
        path == field or path.startswith((f"{field}.", f"{field}[")) for field in upcaster.declares
    )
