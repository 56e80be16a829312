"""A phase's answers read from what was typed about it ("nämnden beslutade enligt förslaget den 16 april, paragraf 45",
"the information went out on 20 November via Instagram"): the dates, the § and the option the words give, for the phase's
card to show, to check and save. Never a value the words do not give.

A date is read as typed: "16 april 2027", "2027-04-16", "April 16, 2027". One without its year ("16 april") is the day of
that day and month the dialogue already holds (the meeting the plan gave), else, for a field that records what has
happened (`not_future`), the last such day up to today unless that is before the date it may not come before; else it
is not read, and said to be (`unread`). Dates fill the
card's date fields in the order typed. A § is the number after "§" or a word that names one (`paragraph` in the messages'
intent words). An option is the one whose label's words are all in the message, in order ("enligt förslaget", "as
proposed"). The one free-text field the card then needs (how the information was given) gets the message as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import get_month_names

from dialogs.fields import FREE_TEXT_KINDS, FieldKind
from dialogs.intents import folded_words, holds
from dialogs.language import LANGS, fold
from dialogs.routine import Field

MONTH_WIDTHS = ("wide", "abbreviated")
ORDINAL = r"(?:st|nd|rd|th|:e|e)?\.?"
LEAP_YEAR = 2000  # a day and month typed without a year is a day of some year: 29 February too


@cache
def _months() -> dict[str, int]:
    """Every month's name, in full and short, in each language, folded: "april", "apr", "maj", "may" -> its number."""
    names: dict[str, int] = {}
    for lang in LANGS:
        for width in MONTH_WIDTHS:
            for number, name in get_month_names(width, locale=lang).items():
                names[fold(name.lower().rstrip("."))] = number
    return names


@cache
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    month = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    day_first = re.compile(rf"\b(?P<day>\d{{1,2}}){ORDINAL}\s+(?P<month>{month})\b\.?(?:,?\s+(?P<year>\d{{4}}))?")
    month_first = re.compile(rf"\b(?P<month>{month})\b\.?\s+(?P<day>\d{{1,2}}){ORDINAL}(?:,?\s+(?P<year>\d{{4}}))?")
    iso = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
    return day_first, month_first, iso


@dataclass(frozen=True)
class TypedDate:
    at: int  # where it was typed
    day: int
    month: int
    year: int | None
    typed: str  # as read: lower case, å/ä/ö folded


def typed_dates(text: str) -> list[TypedDate]:
    """The dates in a message, in the order typed (a day and month that is no day of the calendar left out)."""
    folded = fold(text.lower())
    found: dict[int, TypedDate] = {}
    for pattern in _date_patterns():
        for m in pattern.finditer(folded):
            raw_month = m["month"]
            month = int(raw_month) if raw_month.isdigit() else _months()[raw_month]
            year = int(m["year"]) if m["year"] else None
            overlaps = any(m.start() < f.at + len(f.typed) and f.at < m.end() for f in found.values())
            if not overlaps and _real(year or LEAP_YEAR, month, int(m["day"])):
                found[m.start()] = TypedDate(m.start(), int(m["day"]), month, year, m.group())
    return [found[at] for at in sorted(found)]


def _real(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class PhaseWords:
    values: dict[str, str]  # field id -> the value as the card's input takes it
    unread: tuple[str, ...] = ()  # dates as typed that no field could take (no year, and none to place them by)

    def __bool__(self) -> bool:
        return bool(self.values)


class PhaseReader:
    def __init__(self, paragraph_words: Iterable[str]) -> None:
        words = "|".join(sorted({re.escape(w) for p in paragraph_words for w in folded_words(p)}, key=len, reverse=True))
        self._paragraph = re.compile(rf"(?:§|\b(?:{words})\b)\s*(\d+)")

    def gives(self, fields: tuple[Field, ...], text: str) -> bool:
        """Whether the message gives any of the fields a value: a date, a § or an option (a year is not needed)."""
        kinds = {f.kind for f in fields}
        return bool(
            (FieldKind.DATE in kinds and typed_dates(text))
            or (FieldKind.PARAGRAPH in kinds and self._paragraph.search(fold(text.lower())))
            or any(f.kind is FieldKind.CHOICE and _option_named(f, folded_words(text)) for f in fields)
        )

    @staticmethod
    def more_dates(fields: tuple[Field, ...], text: str) -> bool:
        """Whether the message gives more dates than the fields hold: a plan's ("Nämnden beslutar den 16 april, dialogen
        pågår 4 maj till 29 maj"), not what one phase records."""
        return len(typed_dates(text)) > sum(f.kind is FieldKind.DATE for f in fields)

    def read(self, fields: tuple[Field, ...], text: str, answers: Mapping[str, object], today: date) -> PhaseWords:
        """What the message gives the card's fields (`fields`: those the card shows), and the dates it could not place."""
        values: dict[str, str] = {}
        unread: list[str] = []
        dates = iter(typed_dates(text))
        for f in (f for f in fields if f.kind is FieldKind.DATE):
            typed = next(dates, None)
            if typed is None:
                break
            day = self._day(typed, f, answers, today)
            if day is None:
                unread.append(typed.typed)
            else:
                values[f.id] = day.isoformat()
        unread.extend(d.typed for d in dates)
        words = folded_words(text)
        for f in fields:
            if f.kind is FieldKind.PARAGRAPH and (found := self._paragraph.search(fold(text.lower()))):
                values[f.id] = f"§ {found[1]}"
            elif f.kind is FieldKind.CHOICE and (option := _option_named(f, words)):
                values[f.id] = option
        if values:
            needed = [f for f in fields if f.kind in FREE_TEXT_KINDS and _needs(f, {**answers, **values})]
            if len(needed) == 1:
                values[needed[0].id] = text.strip()
        return PhaseWords(values, tuple(unread))

    @staticmethod
    def _day(typed: TypedDate, f: Field, answers: Mapping[str, object], today: date) -> date | None:
        if typed.year is not None:
            return date(typed.year, typed.month, typed.day)
        held = {
            d
            for value in answers.values()
            if isinstance(value, str) and (d := _iso(value)) and (d.month, d.day) == (typed.month, typed.day)
        }
        if len(held) == 1:
            return held.pop()
        if not f.not_future or held:
            return None
        year = today.year if (typed.month, typed.day) <= (today.month, today.day) else today.year - 1
        day = date(year, typed.month, typed.day) if _real(year, typed.month, typed.day) else None
        bound = _iso(str(answers.get(f.not_before or f.after or "") or ""))
        return None if day is None or (bound is not None and day < bound) else day


def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _option_named(f: Field, words: list[str]) -> str | None:
    """The one option whose label's words (in either language) the message holds, in order; None for none or several."""
    named = {o.value for o in f.options for lang in LANGS if (label := folded_words(o.label(lang))) and holds(label, words)}
    return named.pop() if len(named) == 1 else None


def _needs(f: Field, answers: Mapping[str, object]) -> bool:
    return not answers.get(f.id) and (f.required or (f.required_when is not None and f.required_when.holds(answers)))
