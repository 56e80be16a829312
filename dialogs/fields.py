"""Field kinds, one registry: how each kind reads a submitted value, shows a stored answer, and is input on a card.

A new kind is one `FieldKind` member and one `Kind` in `KINDS` (plus, for a new `Widget`, its builder in
cards/inputs.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal

from dialogs.language import Lang, normalise

if TYPE_CHECKING:
    from dialogs.routine import Field  # the routine imports this module for its field kinds


class FieldKind(StrEnum):
    TEXT = "text"
    LONGTEXT = "longtext"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    YESNO = "yesno"
    LINES = "lines"  # a short list, one item per line (themes); a step may be repeated per line
    PARAGRAPH = "paragraph"  # a paragraph of the minutes: "12", "§12" or "12 §" is kept as "§ 12"
    PHONE = "phone"  # a telephone number: digits, spaces, +, -, ( ) and /


# The kinds of free text: a field whose answer is words written in it, not one read from them.
FREE_TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONGTEXT})
# The kinds whose answer is the user's own words (not a choice, date or number): what a document quotes as typed.
TYPED_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONGTEXT, FieldKind.LINES})


class Widget(StrEnum):
    """How a card shows a field's input."""

    TEXT = "text"
    MULTILINE = "multiline"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    LINES = "lines"


# A lines field's most items when the routine gives no `max`.
MAX_LINES = 10
# Characters of typed text or an input that are read (dialogs/actions.py cuts there): more than any input accepts,
# so that a text typed in the chat as the answer to a one-field step reaches validation and is refused with its
# length. One as long as this may have been cut, and its length is said as "at least".
MAX_TYPED = 4000
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
# A number as officials type it: thousands grouped by a space, a no-break space, a comma or a point followed by
# exactly three digits ("15 000", "15,000", "15.000"), a decimal part of one or two digits after a comma or a
# point other than the grouping one ("15,5", "15 000,50", "15,000.50"). Anything else ("15,0000", "0,500",
# "1.000,000") is not guessed at: it gets its message and nothing is saved.
_GROUPED = re.compile(
    r"(?P<int>[1-9]\d{0,2}(?P<sep>[ \u00a0\u202f,.])\d{3}(?:(?P=sep)\d{3})*)(?:(?P<dec>[,.])(?P<frac>\d{1,2}))?"
)
_PLAIN = re.compile(r"(?P<int>\d+)(?:(?P<dec>[,.])(?P<frac>\d{1,2}))?")
# A paragraph of the minutes given by its number alone, with or without its sign, as protocols write it: "§ 12".
_PARAGRAPH = re.compile(r"§?\s*(\d+)\s*§?")
# A telephone number as people write one ("08-508 00 000", "+46 8 508 000 00", "070-123 45 67"): 5 to 15 digits.
_PHONE = re.compile(r"\+?[\d \u00a0()/-]+")
_PHONE_DIGITS = range(5, 16)
_CURRENCY = re.compile(r"^(?:sek|kr)\s*|\s*(?:kr(?:onor)?\.?|sek|:-)$", re.IGNORECASE)  # "SEK 15,000", "25 000 kr"
# A word that makes a number an estimate ("ca 5 000 kr", "about 5,000"): read where the field is one (`estimate`).
_ESTIMATE = re.compile(
    r"^(?P<word>ca\.?|c:a|cirka|ungefär|omkring|about|approx\.?|approximately|around|roughly)\s+(?=\S)", re.IGNORECASE
)


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


# --- reading a submitted value (never empty: emptiness is validate's) ---------------------------


def most_characters(f: Field) -> int | None:
    """What the field's input accepts (its `maxLength` on the card) and validation holds it to: a text its
    `max_length`, a list of lines room for every line at its longest."""
    if kind_of(f).widget is Widget.LINES:
        return ((f.max_length or 0) + 1) * int(f.max if f.max is not None else MAX_LINES)
    return f.max_length if kind_of(f).widget in (Widget.TEXT, Widget.MULTILINE) else None


def _too_long(most: int, sent: str, length: int) -> Invalid:
    """Over the limit, saying how long it was as typed; a text as long as is read may have been cut: 'at least'."""
    if len(sent) >= MAX_TYPED:
        return Invalid("err_too_long_cut", max=most, length=MAX_TYPED)
    return Invalid("err_too_long", max=most, length=length)


def _text(f: Field, raw: Any) -> str:
    if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
        raise Invalid("err_required")
    value = str(raw).strip()
    if f.max_length and len(value) > f.max_length:
        raise _too_long(f.max_length, str(raw), len(value))
    return value


def _date(f: Field, raw: Any) -> str:
    try:
        return date.fromisoformat(str(raw).strip()[:10]).isoformat()
    except ValueError:
        raise Invalid("err_not_a_date") from None


def _number(f: Field, raw: Any) -> int | float:
    """A number as typed (see `_GROUPED`; after "ca" or "about" where the field is an estimate), or one a client sent
    as a number; never a guess. A count (`whole`) is a whole number, and its advice is a count's."""
    sent = isinstance(raw, (int, float)) and not isinstance(raw, bool)
    if sent:
        number = float(raw)
    else:
        typed = as_text(raw).strip()
        if (said := _ESTIMATE.match(typed)) and not f.estimate:
            raise Invalid("err_count_estimate" if f.whole else "err_number_estimate", word=said["word"])
        try:
            number = _read_number(_ESTIMATE.sub("", typed, count=1))
        except Invalid as refused:
            raise Invalid("err_count") if f.whole else refused from None
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid("err_count" if f.whole else "err_not_a_number")
    if f.whole and not number.is_integer():
        raise Invalid("err_count")
    if f.min is not None and number < f.min:
        raise Invalid("err_too_small", min=f.min)
    if f.max is not None and number > f.max:
        raise Invalid("err_too_large", max=f.max)
    number = round(number, 2)
    return int(number) if number.is_integer() else number


def _read_number(typed: str) -> float:
    text = _CURRENCY.sub("", typed.strip())
    sign = -1 if text[:1] in ("-", "\u2212") else 1
    text = text[1:].lstrip() if sign < 0 else text
    grouped = _GROUPED.fullmatch(text)
    found = grouped if grouped and grouped["dec"] != grouped["sep"] else _PLAIN.fullmatch(text)
    if found is None:
        raise Invalid("err_number_unclear" if any(c.isdigit() for c in text) else "err_not_a_number")
    whole = re.sub(r"\D", "", found["int"])
    return sign * float(f"{whole}.{found['frac']}" if found["frac"] else whole)


def _paragraph(f: Field, raw: Any) -> str:
    return _as_paragraph(_text(f, raw))


def _as_paragraph(text: str) -> str:
    """'12', '§12' or '12 §' → '§ 12'; anything else ('§§ 12–13', 'protokoll 3, § 12') as typed."""
    found = _PARAGRAPH.fullmatch(text.strip())
    return f"§ {found[1]}" if found else text


def _phone(f: Field, raw: Any) -> str:
    value = " ".join(_text(f, raw).split())
    if not _PHONE.fullmatch(value) or len(re.sub(r"\D", "", value)) not in _PHONE_DIGITS:
        raise Invalid("err_not_a_phone")
    return value


def _match_option(f: Field, raw: str) -> str:
    """An option by its value or its label in either language, as typed."""

    said = normalise(raw)
    for opt in f.options:
        if said in opt.typed:
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


def _lines(f: Field, raw: Any) -> list[str]:
    """One item per line, bullets and blank lines dropped, the same item once."""
    if isinstance(raw, list):
        raw = "\n".join(str(item) for item in raw)
    if not isinstance(raw, str):
        raise Invalid("err_required")
    if len(raw) >= MAX_TYPED and (most_chars := most_characters(f)) and len(raw) > most_chars:
        raise _too_long(most_chars, raw, len(raw))  # cut when read: its lines cannot be counted as typed
    typed = [item for line in raw.splitlines() if (item := _BULLET.sub("", line).strip())]
    items: dict[str, str] = {}
    for item in typed:
        items.setdefault(normalise(item), item)
    most = int(f.max) if f.max is not None else MAX_LINES
    if len(items) > most:  # the lines as typed are counted, a repeated one too
        raise Invalid("err_too_many_lines", max=most, count=len(typed))
    if f.max_length and (longest := max(map(len, items.values()), default=0)) > f.max_length:
        raise Invalid("err_line_too_long", max=f.max_length, length=longest)
    return list(items.values())


def line_key(line: str) -> str:
    """A line's stable name (a repeated field is `<family>__<key>`): the same words, the same key."""
    return hashlib.sha256(normalise(line).encode()).hexdigest()[:10]


# --- showing a stored answer (never empty: see display) ----------------------------------------


def _as_is(f: Field, value: Any, lang: Lang) -> str:
    return str(value)


def amount(value: int | float, lang: Lang) -> str:
    """In the language's own form: '1 234 567,50' (a no-break space, a decimal comma) in Swedish, '1,234,567.50'
    in English; a whole number without decimals."""
    return str(format_decimal(value, "#,##0" if float(value).is_integer() else "#,##0.00", locale=lang))


def _amount(f: Field, value: Any, lang: Lang) -> str:
    return amount(value, lang)


def _paragraph_shown(f: Field, value: Any, lang: Lang) -> str:
    return _as_paragraph(str(value))


def _option_label(f: Field, value: Any, lang: Lang) -> str:
    opt = f.option(str(value))
    return opt.label(lang) if opt else str(value)


def _option_labels(f: Field, value: Any, lang: Lang) -> str:
    return ", ".join(o.label(lang) for o in f.options if o.value in value)


def _each_line(f: Field, value: Any, lang: Lang) -> str:
    return "; ".join(str(item) for item in value)


def _one_per_line(raw: Any) -> str:
    """A stored list of lines back in its input."""
    return "\n".join(str(item) for item in raw) if isinstance(raw, list) else as_text(raw)


@dataclass(frozen=True)
class Kind:
    """What one field kind does; the routine file's defaults for its fields come from here too."""

    widget: Widget
    parse: Callable[[Field, Any], Any]  # a submitted, non-empty value to the stored one; raises Invalid
    display: Callable[[Field, Any, Lang], str] = _as_is  # a stored, non-empty value as a reader sees it
    max_length: int | None = None  # when the routine gives none
    has_options: bool = False  # the answer is one or several of the field's options
    default_option_list: str | None = None  # the routine's option list used when the field names none
    as_input: Callable[[Any], str] = as_text  # a stored or typed value as its input shows it again
    missing: str = "err_required"  # the message when a required answer is not given


KINDS: dict[FieldKind, Kind] = {
    FieldKind.TEXT: Kind(Widget.TEXT, _text, max_length=200),
    FieldKind.LONGTEXT: Kind(Widget.MULTILINE, _text, max_length=2000),
    FieldKind.DATE: Kind(Widget.DATE, _date),
    FieldKind.NUMBER: Kind(Widget.NUMBER, _number, _amount),
    FieldKind.CHOICE: Kind(Widget.CHOICE, _choice, _option_label, has_options=True, missing="err_choose"),
    FieldKind.MULTICHOICE: Kind(
        Widget.MULTICHOICE, _multichoice, _option_labels, has_options=True, missing="err_choose_some"
    ),  # checkboxes: one or more
    FieldKind.YESNO: Kind(
        Widget.CHOICE, _choice, _option_label, has_options=True, default_option_list="yesno", missing="err_choose"
    ),
    FieldKind.LINES: Kind(Widget.LINES, _lines, _each_line, max_length=200, as_input=_one_per_line),
    FieldKind.PARAGRAPH: Kind(Widget.TEXT, _paragraph, _paragraph_shown, max_length=20),
    FieldKind.PHONE: Kind(Widget.TEXT, _phone, max_length=40),
}
if missing := set(FieldKind) - KINDS.keys():
    raise RuntimeError(f"dialogs.fields: no Kind for {', '.join(sorted(missing))}")


def kind_of(f: Field) -> Kind:
    return KINDS[f.kind]


def display(f: Field, value: Any, lang: Lang) -> str:
    """An answer as a reader sees it: option labels, Ja/Nej, amounts with thousands separators; "" when empty."""
    if value is None or value == "" or value == []:
        return ""
    return kind_of(f).display(f, value, lang)
