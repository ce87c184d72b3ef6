"""Domain event -> integration event: the contract envelope around a context's payload.

A context declares what it publishes, one `publishes(...)` per domain event class: the
contract payload (the model registered for the event's type and version) is filled field
by field from the event, and the event names the source row it stems from.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

import orjson
from pydantic import BaseModel

from contracts.envelope import subject_for
from contracts.registry import payload_model
from services.chassis.jetstream import OutboundMessage
from shared_kernel import DomainEvent

# where a payload field comes from: an attribute path of the event ("measures.weight_g"),
# or, for a nested contract model, the renames of its fields
FieldSource = str | Mapping[str, Any]
PayloadOf = Callable[[Any], dict]
SourceRow = tuple[str, int]


@dataclass(frozen=True)
class Published:
    """How one domain event class travels: its payload, and the key of its source row."""

    event: type[DomainEvent]
    payload: PayloadOf
    source_key: Callable[[DomainEvent], tuple] | None


def publishes(
    event: type[DomainEvent], source: tuple[str, ...] = (), **fields: FieldSource
) -> Published:
    """`source`: the kind of source row, then the event attributes that name it (e.g.
    `("payment", "order_id", "sequential")`; empty for an event made of no one row).
    `fields`: the payload fields not read from the event's attribute of the same name."""
    model = payload_model(event.event_type, event.schema_version)
    _check(event, model, fields)
    return Published(event, _payload(model, fields), _source_key(source))


def _check(event: type[DomainEvent], model: type[BaseModel], fields: Mapping[str, Any]) -> None:
    """A payload field the event cannot fill, or a field the contract lacks, is an error
    when the context is declared, not when its first event is published."""
    if unknown := set(fields) - set(model.model_fields):
        raise AttributeError(f"{model.__name__} has no field {sorted(unknown)}")
    known = {f.name for f in dataclasses.fields(event)}
    for name in model.model_fields:
        spec = fields.get(name, name)
        attribute = spec.split(".")[0] if isinstance(spec, str) else name
        if attribute not in known:
            raise AttributeError(f"{event.__name__} has no {attribute!r} for {model.__name__}")


def _source_key(source: tuple[str, ...]) -> Callable[[DomainEvent], tuple] | None:
    if not source:
        return None
    kind, *attributes = source
    if len(attributes) == 1:
        one = attrgetter(attributes[0])
        return lambda event: (kind, one(event))
    many = attrgetter(*attributes)
    return lambda event: (kind, *many(event))


def _payload(model: type[BaseModel], sources: Mapping[str, FieldSource]) -> PayloadOf:
    """A function building `model`'s payload as a dict orjson writes (money as the
    amount's string, enums by value, nested models field by field), in the model's field
    order: one C-level read of every attribute, then the few conversions."""
    names = tuple(model.model_fields)
    paths, conversions = [], []
    for name, info in model.model_fields.items():
        spec = sources.get(name, name)
        paths.append(spec if isinstance(spec, str) else name)
        if convert := _conversion(info.annotation, spec):
            conversions.append((name, convert))
    read = attrgetter(*paths) if len(paths) > 1 else (lambda value: (attrgetter(*paths)(value),))

    def build(value: object) -> dict:
        payload = dict(zip(names, read(value)))
        for name, convert in conversions:
            payload[name] = convert(payload[name])
        return payload

    return build


def _conversion(annotation: Any, spec: FieldSource) -> Callable[[Any], Any] | None:
    nested, many = _nested_model(annotation)
    if nested is not None:
        inner = _payload(nested, spec if isinstance(spec, Mapping) else {})
        return (lambda values: [inner(v) for v in values]) if many else inner
    return _money if _is_money(annotation) else None


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The contract model of a field holding one (or, with True, a list of them)."""
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return (item, True) if _is_model(item) else (None, False)
    return (annotation, False) if _is_model(annotation) else (None, False)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_money(annotation: Any) -> bool:
    return annotation is Decimal or any(_is_money(a) for a in typing.get_args(annotation))


def _money(money: Any) -> str | None:
    return None if money is None else str(money.amount)


def envelope_translator(
    published: Iterable[Published],
    source_of: Callable[[tuple], SourceRow | None] = lambda key: None,
) -> Callable[[DomainEvent, str], OutboundMessage]:
    """A translator for the unit of work: each declared event in its contract envelope,
    with the source row `source_of` gives for its key."""
    declared = {p.event: p for p in published}

    def translate(event: DomainEvent, load_id: str) -> OutboundMessage:
        how = declared[type(event)]
        source = source_of(how.source_key(event)) if how.source_key else None
        event_id = event.event_id
        envelope = {
            "event_id": event_id,
            "event_type": event.event_type,
            "schema_version": event.schema_version,
            "occurred_at": event.occurred_at,
            "recorded_at": datetime.now(UTC),
            "load_id": load_id,
            "source": {"file": source[0], "row": source[1]} if source else None,
            "payload": how.payload(event),
        }
        return OutboundMessage(
            event_id, subject_for(event.event_type, event.schema_version), orjson.dumps(envelope)
        )

    return translate
