"""An activity as it comes in, from Teams through /api/messages or from Web Chat through the local Direct
Line: parsed, bounded, checked and cleaned once, in one place, before the SDK or the bot sees it; then read as
botbuilder's Activity here, or as the Agents SDK's by its host (bot/host_agents.py)."""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any, Literal, cast
from urllib.parse import urlsplit

from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError
from msrest.serialization import Deserializer, Model
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from dialogs.text import clean_json_strings, cleaned

logger = logging.getLogger(__name__)
# Teams' activities nest a handful of levels, a card's values a few more; deeper is no activity of ours, and
# the SDK's deserialiser would recurse through every level.
MAX_JSON_DEPTH = 32

# The SDK's models, gathered once: Activity().deserialize gathers them again for every activity.
_MODELS: dict[str, type[Model]] = {
    name: cls for name, cls in Activity._infer_class_models().items() if issubclass(cls, Model)
}  # its enums left out: a field of an enum type is read as a str
# Each model's attributes by their JSON key: (attribute, type).
_BY_KEY = {cls: {spec["key"]: (attr, spec["type"]) for attr, spec in cls._attribute_map.items()} for cls in _MODELS.values()}
_MSREST = Deserializer(Activity._infer_class_models())  # type: ignore[no-untyped-call]  # msrest: unannotated
_PLAIN = {"str": str, "bool": bool, "int": int}


class _Unusual(Exception):
    """A value of a type the quick reader does not expect: msrest reads the activity instead."""


def _value(kind: str, value: Any) -> Any:
    if kind in _PLAIN:
        if type(value) is not _PLAIN[kind]:
            raise _Unusual(kind)
        return value
    if kind == "object":
        return value
    if kind == "iso-8601":
        return _MSREST.deserialize_iso(value)  # type: ignore[no-untyped-call]
    if kind.startswith("[") and isinstance(value, list):
        return [_value(kind[1:-1], item) for item in value]
    if kind.startswith("{") and isinstance(value, dict):
        return {key: _value(kind[1:-1], item) for key, item in value.items()}
    if kind in _MODELS and isinstance(value, dict):
        return _model(_MODELS[kind], value)
    raise _Unusual(kind)


def _model(cls: type[Model], data: dict[str, Any]) -> Model:
    """A model from its JSON as msrest's deserializer builds it (its attributes; unknown keys in
    additional_properties), in one pass over the keys the JSON has."""
    known = _BY_KEY[cls]
    fields: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    for key, item in data.items():
        spec = known.get(key)
        if spec is None:
            unknown[key] = item
        elif item is not None:
            fields[spec[0]] = _value(spec[1], item)
    model = cls(**fields)
    if unknown:
        model.additional_properties = unknown
    return model


def _read_activity(body: dict[str, Any]) -> Activity:
    """The activity read quickly (msrest's deserializer walks every key through a chain of extractors); msrest
    itself for anything unusual, so that what it accepts or refuses stays as it was."""
    try:
        return cast(Activity, _model(Activity, body))
    except _Unusual:
        return cast(Activity, _MSREST("Activity", body))


NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class Refused(ValueError):
    """Not an activity the bot reads: a JSON error's code and message (400)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# Roles of a recipient that are agents acting for someone else (Microsoft 365 agentic identities): not this bot.
AGENTIC_ROLES = frozenset({"agenticAppInstance", "agenticUser"})


class _Account(BaseModel):
    id: str


class _Recipient(_Account):
    role: str | None = None

    @field_validator("role")
    @classmethod
    def _not_agentic(cls, role: str | None) -> str | None:
        if role in AGENTIC_ROLES:
            raise ValueError("an agentic identity is not this bot")
        return role


def _service_url(url: str) -> str:
    """An absolute http(s) address with a host and a valid port: the connector the bot answers through."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port out of range
    except ValueError:
        raise ValueError("not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        raise ValueError("not an absolute http(s) URL")
    return url


class _Conversation(BaseModel):
    id: NonEmpty


class _Envelope(BaseModel):
    """What every activity must carry, with the types the SDK and the connector rely on; the rest is the SDK's."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    type: NonEmpty
    service_url: Annotated[NonEmpty, AfterValidator(_service_url)] = Field(alias="serviceUrl")
    channel_id: NonEmpty = Field(alias="channelId")
    conversation: _Conversation
    recipient: _Recipient  # the bot: every channel says whom it addresses (the conversation reference needs it)
    id: str | None = None
    reply_to_id: str | None = Field(default=None, alias="replyToId")
    locale: str | None = None
    from_: _Account | None = Field(default=None, alias="from")
    # Replies posted to the connector, as Teams asks; buffered (expectReplies) or streamed replies this bot never gives.
    delivery_mode: Literal["normal"] | None = Field(default=None, alias="deliveryMode")


def depth(value: Any) -> int:
    """How deeply a parsed JSON value nests (a scalar 0, `[]` 1, `[[1]]` 2), counted without recursion; only
    objects and lists are visited."""
    if not isinstance(value, dict | list):
        return 0
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, level = pending.pop()
        deepest = max(deepest, level)
        children = item.values() if isinstance(item, dict) else item
        pending += [(child, level + 1) for child in children if isinstance(child, dict | list)]
    return deepest


def parsed_json(raw: bytes) -> Any:
    """The body as JSON, no deeper than MAX_JSON_DEPTH; Refused otherwise. A body with no more than that many
    brackets and braces in all (nearly every activity) cannot nest deeper, and is not walked to find out."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused("malformed_json", "the body is not valid JSON") from None
    if raw.count(b"{") + raw.count(b"[") > MAX_JSON_DEPTH and depth(body) > MAX_JSON_DEPTH:
        raise Refused("malformed_json", f"the JSON nests deeper than {MAX_JSON_DEPTH} levels")
    return body


def _problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "the body must be a JSON object (a Bot Framework activity)"
    try:
        _Envelope.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = " ".join(str(part) for part in first["loc"])
        return f"the activity has no {where}" if first["type"] == "missing" else f"the activity's {where} is not valid"
    return None


def checked_body(body: Any, clean: bool = False) -> dict[str, Any]:
    """A body from `parsed_json` (its depth bounded there) as an activity's JSON, whichever SDK reads it next: its
    envelope typed, every string cleaned (dialogs/text.py) unless `clean` says they are clean already."""
    if problem := _problem(body):
        raise Refused("malformed_activity", problem)
    return cast(dict[str, Any], body if clean else cleaned(body))


def checked_request(raw: bytes) -> dict[str, Any]:
    """A request's body as `checked_body(parsed_json(raw))` returns it: parsed, bounded, typed, cleaned. When its
    text shows every string clean as it is (`clean_json_strings`: nearly every activity), the strings are not
    cleaned one by one."""
    body = parsed_json(raw)
    try:
        clean = clean_json_strings(raw.decode())
    except UnicodeDecodeError:  # JSON in UTF-16 or UTF-32, which json.loads reads too: cleaned string by string
        clean = False
    return checked_body(body, clean)


def read_activity(body: dict[str, Any]) -> Activity:
    """A checked body as botbuilder's Activity."""
    try:
        return _read_activity(body)
    except (DeserializationError, TypeError, ValueError, AttributeError) as exc:
        logger.warning("malformed activity rejected: %s", exc)
        raise Refused("malformed_activity", "the activity could not be read") from None
