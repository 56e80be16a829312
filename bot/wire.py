"""Activities on the wire, without msrest's model walk: what the bot posts to the Bot Connector is serialized
once, by orjson, straight from the SDK's models; and the SDK's copy of each outgoing activity is a shallow one."""

from __future__ import annotations

import copy
from typing import Any

import orjson
from botbuilder.schema import Activity
from msrest.serialization import Model


class Outgoing(Activity):
    """An activity the bot sends. TurnContext deep-copies every outgoing activity before it sets the copy's
    addresses, type and id (assignments, nothing changed inside): a shallow copy does the same for it, without
    walking the activity's sixty-odd fields and the card of several kilobytes, which nothing changes once built."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Outgoing:
        return copy.copy(self)


_WIRE_NAMES: dict[type, dict[str, str]] = {}  # a model class's attributes and their wire names, gathered once


def _fields(value: Any) -> dict[str, Any]:
    """A model's set attributes under their wire names (orjson calls this for each model it meets), read from the
    instance's dictionary, where msrest's models hold every attribute (None when not set); one by one otherwise."""
    if not isinstance(value, Model):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    names = _WIRE_NAMES.get(type(value))
    if names is None:
        names = _WIRE_NAMES[type(value)] = {attr: spec["key"] for attr, spec in type(value)._attribute_map.items()}
    state = vars(value)
    if names.keys() <= state.keys():
        fields = {names[attr]: item for attr, item in state.items() if item is not None and attr in names}
    else:
        fields = {key: item for attr, key in names.items() if (item := getattr(value, attr, None)) is not None}
    extra = getattr(value, "additional_properties", None)
    return {**extra, **fields} if isinstance(extra, dict) else fields


def dumps(model: Model) -> bytes:
    """The model as JSON bytes, as msrest would send it (datetimes in ISO 8601, enums by value)."""
    return orjson.dumps(model, default=_fields)
