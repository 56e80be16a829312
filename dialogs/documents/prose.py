"""Words for the documents a nämnd reads: dates, amounts and lists in the language's own form (Babel),
answers made into sentences, and the sandboxed Jinja2 environment the routine's document templates run in.

Templates live in the routine file (a district can replace them); they see the draft's answers and these
filters, and nothing else. A template that renders to nothing is left out, so conditions stay in the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from jinja2 import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from dialogs.language import Lang

_SPACES = re.compile(r"[ \t\r\n]+")
_LIST_MARK = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
_END = (".", "!", "?", ":", "…")
_QUOTES: dict[Lang, tuple[str, str]] = {"sv": ("”", "”"), "en": ("“", "”")}


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def long_date(value: Any, lang: Lang) -> str:
    """'2027-04-12' → '12 april 2027' (sv) or '12 April 2027' (en); what is not a date stays as it is."""
    day = _date(value)
    return format_date(day, "d MMMM y", locale=lang) if day else str(value or "")


def month_year(value: Any, lang: Lang) -> str:
    """'2027-06-15' → 'juni 2027'."""
    day = _date(value)
    return format_date(day, "MMMM y", locale=lang) if day else str(value or "")


def amount(value: Any, lang: Lang) -> str:
    """45000 → '45 000' (a non-breaking space in Swedish, a comma in English)."""
    try:
        return str(format_decimal(value, locale=lang))
    except (TypeError, ValueError, ArithmeticError):
        return str(value or "")


def and_list(items: Iterable[Any], lang: Lang) -> str:
    """['a', 'b', 'c'] → 'a, b och c' (sv) or 'a, b, and c' (en)."""
    words = [str(item) for item in items if str(item).strip()]
    return format_list(words, locale=lang) if words else ""


def lower_first(text: Any) -> str:
    """'Aktiviteter i parken' → 'aktiviteter i parken', but 'SKR:s nätverk' and 'Vällingby' stay as typed
    when the word is an acronym or a name-like second capital follows."""
    word = str(text or "").strip()
    if len(word) > 1 and word[0].isupper() and word[1].islower():
        return word[0].lower() + word[1:]
    return word


def _sentence(line: str) -> str:
    line = line.strip()
    if not line.strip("".join(_END) + " "):  # nothing but punctuation: no sentence of its own
        return ""
    line = line[0].upper() + line[1:]
    return line if line.endswith(_END) else line + "."


def sentences(text: Any) -> str:
    """What an official typed, as running text: every line a sentence with a capital and a full stop, list
    marks dropped, spaces collapsed. 'hembesök\\n- samtal vid lunch' → 'Hembesök. Samtal vid lunch.'"""
    lines = (_LIST_MARK.sub("", line) for line in str(text or "").splitlines())
    return " ".join(filter(None, (_sentence(" ".join(line.split())) for line in lines)))


def clause(text: Any) -> str:
    """An answer to go inside a sentence: one line, no closing full stop, its case as typed (names stay names;
    add `lower_first` where a fragment continues the sentence)."""
    flat = " ".join(_LIST_MARK.sub("", line).strip() for line in str(text or "").splitlines())
    return " ".join(flat.split()).rstrip(".")


def quoted(text: Any, lang: Lang) -> str:
    opening, closing = _QUOTES[lang]
    return f"{opening}{' '.join(str(text or '').split())}{closing}"


def _filters(lang: Lang) -> dict[str, Any]:
    return {
        "long_date": lambda v: long_date(v, lang),
        "month_year": lambda v: month_year(v, lang),
        "amount": lambda v: amount(v, lang),
        "and_list": lambda v: and_list(v, lang),
        "quoted": lambda v: quoted(v, lang),
        "lower_first": lower_first,
        "sentences": sentences,
        "clause": clause,
    }


@cache
def environment(lang: Lang) -> ImmutableSandboxedEnvironment:
    """Plain text out (the renderers escape for Word, HTML and cards); templates cannot change what they see."""
    env = ImmutableSandboxedEnvironment(autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(_filters(lang))
    return env


@cache
def compiled(source: str, lang: Lang) -> Template:
    return environment(lang).from_string(source)


def render(source: str, lang: Lang, context: dict[str, Any]) -> str:
    """The template with `context`, whitespace made tidy: one space between words, no empty result. Only
    the template's own spaces and line breaks are collapsed: the non-breaking space inside an amount
    ("45 000 kronor") stays, so that the number is never split across two lines."""
    return _SPACES.sub(" ", compiled(source, lang).render(context)).strip()
