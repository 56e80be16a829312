"""Checking one step's submitted values: each field by its kind (dialogs/fields.py), a required text answer for words
(".", "???", "ok" and "se ovan" are none), then the fields another answer makes required (`required_when`), then dates
against other dates and against today."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from dialogs.fields import FREE_TEXT_KINDS, FieldError, FieldKind, Invalid, as_text, kind_of
from dialogs.language import WORD, Lang, normalise
from dialogs.messages import empty_answers
from dialogs.routine import Field


def validate(
    fields: tuple[Field, ...],
    raw: dict[str, Any],
    answers: dict[str, Any],
    label_of: Callable[[str], str],
    today: date,
) -> tuple[dict[str, Any], dict[str, FieldError]]:
    """Clean values for the fields, or the errors beside them.

    `answers` are the draft's stored answers, needed for rules across steps (a date after another);
    `label_of(field_id)` names the other field in such an error; `today` (in Stockholm) is what a date that must
    not be past, or not be future, is held against.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, FieldError] = {}
    for f in fields:
        value = raw.get(f.id)
        if as_text(value).strip() == "":
            if f.required:
                errors[f.id] = FieldError(kind_of(f).missing)
            continue
        try:
            clean[f.id] = kind_of(f).parse(f, value)
        except Invalid as exc:
            errors[f.id] = exc.error
    ids = {f.id for f in fields}
    merged = {**{k: v for k, v in answers.items() if k not in ids}, **clean}  # this card's answers as submitted
    for f in fields:
        if f.required_when and f.id not in clean and f.id not in errors and f.required_when.holds(merged):
            errors[f.id] = FieldError(kind_of(f).missing)
        needed = f.required or (f.required_when is not None and f.required_when.holds(merged))
        if f.kind in FREE_TEXT_KINDS and f.id in clean and needed and (error := _says_nothing(clean[f.id])):
            errors[f.id] = error
    for f in fields:
        if f.kind is FieldKind.DATE and f.id in clean:
            if error := _not_happened(f, merged, label_of, today):
                errors[f.id] = error
                continue
            if error := _against_today(f, clean[f.id], answers.get(f.id), today):
                errors[f.id] = error
                continue
            for other, key, ok in (
                (f.after, "err_date_after", operator.gt),
                (f.not_before, "err_date_not_before", operator.ge),
            ):
                # Held against the other date as typed even when that one is refused too (an end before the start):
                # every error of the step at once; only an unreadable date, which has no value, is skipped.
                theirs = merged.get(other) if other and (other in clean or other not in errors) else None
                if other and theirs and not ok(clean[f.id], theirs):
                    errors[f.id] = FieldError(key, {"other": label_of(other), "date": theirs})
    return clean, errors


def validate_form(
    fields: tuple[Field, ...], raw: Mapping[str, Any], lang: Lang, today: date
) -> tuple[dict[str, Any], dict[str, FieldError]]:
    """A form of its own, not a draft's step (a call added, an application): checked as a step is, with no answers
    stored before; a date held against another field names that field by its label in `lang`."""
    labels = {f.id: f.label(lang) for f in fields}
    return validate(fields, dict(raw), {}, lambda fid: labels.get(fid, fid), today)


def _says_nothing(text: str) -> FieldError | None:
    """A required answer with neither letters nor digits (".", "-", "???") or only a word that says nothing ("ok", "x",
    "se ovan"): the document would print it as the answer, or the sentence leading to it with nothing after."""
    if not WORD.search(text):
        return FieldError("err_no_words", {"typed": text})
    if normalise(text) in empty_answers():
        return FieldError("err_empty_answer", {"typed": text})
    return None


def _not_happened(f: Field, merged: Mapping[str, Any], label_of: Callable[[str], str], today: date) -> FieldError | None:
    """A date of what has happened that must not be before another date still to come (the nämnd's decision, its meeting
    ahead): no day is right yet, so one error says why, instead of "not after today" or "not before" for each day."""
    theirs = merged.get(f.not_before) if f.not_future and f.not_before else None
    if f.not_before and isinstance(theirs, str) and theirs > today.isoformat():
        return FieldError("err_date_not_happened", {"other": label_of(f.not_before), "date": theirs})
    return None


def _against_today(f: Field, value: str, stored: Any, today: date) -> FieldError | None:
    """A date that must not be past is held against today only when it is newly given: one accepted before
    (the nämnd's meeting, now over) stays accepted when its step is saved again."""
    day = today.isoformat()
    if f.not_past and value < day and value != stored:
        return FieldError("err_date_past", {"today": day})
    if f.not_future and value > day:
        return FieldError("err_date_future", {"today": day})
    return None
