"""Checking one step's submitted values: each field by its kind (dialogs/fields.py), then the fields another answer
makes required (`required_when`), then dates against other dates."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from dialogs.fields import FieldError, FieldKind, Invalid, as_text, kind_of
from dialogs.routine import Field


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
        if as_text(value).strip() == "":
            if f.required:
                errors[f.id] = FieldError("err_required")
            continue
        try:
            clean[f.id] = kind_of(f).parse(f, value)
        except Invalid as exc:
            errors[f.id] = exc.error
    merged = {**answers, **clean}
    for f in fields:
        if f.required_when and f.id not in clean and f.id not in errors and f.required_when.holds(merged):
            errors[f.id] = FieldError("err_required")
    for f in fields:
        if f.kind is FieldKind.DATE and f.id in clean:
            for other, key, ok in (
                (f.after, "err_date_after", operator.gt),
                (f.not_before, "err_date_not_before", operator.ge),
            ):
                theirs = merged.get(other) if other else None
                if other and theirs and other not in errors and not ok(clean[f.id], theirs):
                    errors[f.id] = FieldError(key, {"other": label_of(other), "date": theirs})
    return clean, errors
