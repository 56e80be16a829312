"""Checking one step's submitted values against its field definitions, one checker per field kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dialogs.messages import normalise
from dialogs.routine import Field


@dataclass(frozen=True)
class FieldError:
    """A message key from the catalogue and its values; shown beside the field."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


class Invalid(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.error = FieldError(key, params)


def as_text(raw: Any) -> str:
    """What a card or a tampered submission sent, as the text to show back in the field."""
    if raw is None:
        return ""
    if isinstance(raw, list):
        return ",".join(as_text(v) for v in raw)
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return str(raw)
    return ""


def _is_empty(raw: Any) -> bool:
    return as_text(raw).strip() == ""


def _text(f: Field, raw: Any) -> str:
    if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
        raise Invalid("err_required")
    value = str(raw).strip()
    if f.max_length and len(value) > f.max_length:
        raise Invalid("err_too_long", max=f.max_length, length=len(value))
    return value


def _date(f: Field, raw: Any) -> str:
    try:
        return date.fromisoformat(str(raw).strip()[:10]).isoformat()
    except ValueError:
        raise Invalid("err_not_a_date") from None


def _number(f: Field, raw: Any) -> int | float:
    text = as_text(raw).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    text = text.removesuffix("kr").removesuffix("sek").removesuffix(":-")
    try:
        number = float(text)
    except ValueError:
        raise Invalid("err_not_a_number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid("err_not_a_number")
    if f.min is not None and number < f.min:
        raise Invalid("err_too_small", min=f.min)
    if f.max is not None and number > f.max:
        raise Invalid("err_too_large", max=f.max)
    return int(number) if number.is_integer() else number


def _match_option(f: Field, raw: str) -> str:
    said = normalise(raw)
    for opt in f.options:
        if said in (normalise(opt.value), normalise(opt.label.sv), normalise(opt.label.en)):
            return opt.value
    raise Invalid("err_not_an_option")


def _choice(f: Field, raw: Any) -> str:
    if not isinstance(raw, str):
        raise Invalid("err_not_an_option")
    return _match_option(f, raw)


def _multichoice(f: Field, raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else as_text(raw).split(",")
    if not all(isinstance(i, str) for i in items):
        raise Invalid("err_not_an_option")
    chosen = {_match_option(f, i) for i in items if i.strip()}
    return [o.value for o in f.options if o.value in chosen]


CHECKERS: dict[str, Callable[[Field, Any], Any]] = {
    "text": _text,
    "longtext": _text,
    "date": _date,
    "number": _number,
    "choice": _choice,
    "yesno": _choice,
    "multichoice": _multichoice,
}


def validate(
    fields: tuple[Field, ...], raw: dict[str, Any], answers: dict[str, Any], label_of: Callable[[str], str]
) -> tuple[dict[str, Any], dict[str, FieldError]]:
    """Clean values for the fields, or the errors beside them.

    `answers` are the draft's stored answers, needed for rules across steps (a date after another);
    `label_of(field_id)` names the other field in such an error.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, FieldError] = {}
    for f in fields:
        value = raw.get(f.id)
        if _is_empty(value):
            if f.required:
                errors[f.id] = FieldError("err_required")
            continue
        try:
            clean[f.id] = CHECKERS[f.kind](f, value)
        except Invalid as exc:
            errors[f.id] = exc.error
    merged = {**answers, **clean}
    for f in fields:
        if f.kind != "date" or f.id not in clean:
            continue
        for other, key, ok in (
            (f.after, "err_date_after", lambda mine, theirs: mine > theirs),
            (f.not_before, "err_date_not_before", lambda mine, theirs: mine >= theirs),
        ):
            theirs = merged.get(other) if other else None
            if theirs and other not in errors and not ok(clean[f.id], theirs):
                errors[f.id] = FieldError(key, {"other": label_of(other), "date": theirs})
    return clean, errors

