"""Activities on the wire, without msrest's model walk: what the bot posts to the Bot Connector is serialized
once, by orjson, straight from the SDK's models; a card, built fresh for each reply and never changed after, is
not deep-copied by the SDK (TurnContext copies every outgoing activity)."""

from __future__ import annotations

from typing import Any

import orjson
from msrest.serialization import Model


class Card(dict[str, Any]):
    """An Adaptive Card's JSON, shared instead of copied: nothing changes a card once it is built."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Card:
        return self


def _fields(value: Any) -> dict[str, Any]:
    """A model's set attributes under their wire names (orjson calls this for each model it meets)."""
    if not isinstance(value, Model):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    names: dict[str, dict[str, str]] = type(value)._attribute_map
    fields = {spec["key"]: item for attr, spec in names.items() if (item := getattr(value, attr, None)) is not None}
    extra = getattr(value, "additional_properties", None)
    return {**extra, **fields} if isinstance(extra, dict) else fields


def dumps(model: Model) -> bytes:
    """The model as JSON bytes, as msrest would send it (datetimes in ISO 8601, enums by value)."""
    return orjson.dumps(model, default=_fields)
