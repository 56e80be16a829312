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
from itertools import pairwise
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from jinja2 import Template, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from dialogs import fields
from dialogs.language import Lang

_SPACES = re.compile(r"[ \t\r\n]+")
_LIST_MARK = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
_END = (".", "!", "?", ":", "…")
_ITEM_END = (*_END, ";")  # after which a word may begin with a capital without being a name
_PUNCT = ".,;:!?()\"”“'"
_AFTER_END = re.compile(r"([.!?] +)([a-zåäöéü])")
_QUOTES: dict[Lang, tuple[str, str]] = {"sv": ("”", "”"), "en": ("“", "”")}
# Where a typed list breaks the paragraph it is in (`sentences`, `paragraphs`): a line separator, which text
# cleaned where it enters (dialogs/text.py) never holds; each item begins with a dash, as Swedish lists do.
_BREAK = "\u2028"
_ITEM = "– "
# Where a typed answer begins in a rendered template (the `sentences` filter marks it with an invisible separator,
# which cleaned text never holds either): after a colon it continues the template's sentence and begins in lower case
# ("Dialogens övergripande mål: att de boende …", "på följande sätt: resultatet blir …"), in every template alike; not
# after a quoted label, which heads an entry of its own ("”Fler aktiviteter på kvällen”: Många vill …").
_TYPED = "\u2063"
_CONTINUED = re.compile(rf"(?<![”“\"]):(\s+){_TYPED}(\S+)")
# A sentence that leads to a typed answer with nothing in it (stored before answers had to have words: "???") is left
# out, never printed as "Resultatet används i styrningen på följande sätt:" and nothing after.
_EMPTY_LEAD = re.compile(rf"(?:^|(?<=[.!?]\s))[^.!?:{_TYPED}{_BREAK}]*:\s*{_TYPED}(?=[ \t\r\n]|$)")


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
    """45000 → '45 000' (a non-breaking space in Swedish, a comma in English), 15000.5 → '15 000,50'."""
    try:
        return fields.amount(value, lang)
    except (TypeError, ValueError, ArithmeticError):
        return str(value or "")


def and_list(items: Iterable[Any], lang: Lang) -> str:
    """['a', 'b', 'c'] → 'a, b och c' (sv) or 'a, b, and c' (en)."""
    words = [str(item) for item in items if str(item).strip()]
    return format_list(words, locale=lang) if words else ""


def lower_first(text: Any, proper: frozenset[str] = frozenset()) -> str:
    """'Aktiviteter i parken' → 'aktiviteter i parken', to continue a sentence. A first word that is a name
    stays as typed: an acronym ('SKR:s'), or a word the draft writes with a capital inside a sentence too
    (`proper`: 'Vällingby parklek' when the unit is 'Parkleken Vällingby')."""
    words = str(text or "").strip()
    first = words.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1].islower() and first.strip(_PUNCT) not in proper:
        return words[0].lower() + words[1:]
    return words


def topic(text: Any, preposition: str, begins: Iterable[str] = (), proper: frozenset[str] = frozenset()) -> str:
    """A title as what a document's own words lead to ('medborgardialog om', 'citizen dialogue on'), with their
    `preposition`: 'om trädgården på Solbacken'. A title that begins with such words (`begins`, the routine's
    `title_begins`) goes on from them: 'Medborgardialog med ungdomar om X' → 'med ungdomar om X', so that the heading
    reads 'Förslag om medborgardialog med ungdomar om X', never 'om medborgardialog med ungdomar …'; after a colon or
    a dash ('Dialog: trädgården') the rest is the topic."""
    words = str(text or "").strip()
    for start in sorted(begins, key=len, reverse=True):
        head, rest = words[: len(start)], words[len(start) :]
        if head.casefold() == start.casefold() and rest[:1] in (" ", ":", "–", "-", ","):
            goes_on = rest[:1] == " " and rest.strip()[:1].isalpha()
            rest = rest.lstrip(" :–-,")
            if rest:
                return lower_first(rest, proper) if goes_on else f"{preposition} {lower_first(rest, proper)}"
    return f"{preposition} {lower_first(words, proper)}"


def proper_words(texts: Iterable[str]) -> frozenset[str]:
    """Words written with a capital where no sentence begins: names, as the official (or the routine) writes them;
    each capitalised part of a joined name too ('Hässelby-Vällingby': 'Vällingby')."""
    found: set[str] = set()
    for text in texts:
        for line in str(text).splitlines():
            words = _LIST_MARK.sub("", line).split()
            for before, word in pairwise(words):
                if word[:1].isupper() and not before.endswith(_ITEM_END):
                    name = word.strip(_PUNCT)
                    found |= {name, *(part for part in name.split("-") if part[:1].isupper())}
    return frozenset(found)


def name(text: Any) -> str:
    """A person's or body's name: as typed, but an all-lowercase one gets its capitals ('maria lindqvist')."""
    words = " ".join(str(text or "").split())
    return " ".join(w[:1].upper() + w[1:] for w in words.split(" ")) if words.islower() else words


def _capitals(text: str) -> str:
    """A capital at the start and after every full stop, question or exclamation mark."""
    text = _AFTER_END.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:]


def _items(text: Any) -> list[tuple[bool, str]]:
    """The answer's lines, each (is a list item, its text), empty lines and stray punctuation left out."""
    lines = []
    for line in str(text or "").splitlines():
        item = bool(_LIST_MARK.match(line))
        words = " ".join(_LIST_MARK.sub("", line).split())
        if words.strip("".join(_END) + _PUNCT + " "):
            lines.append((item, words))
    return lines


def _series(items: list[str], lang: Lang) -> str:
    return and_list([i.rstrip(".;,") for i in items], lang)


def sentences(text: Any) -> str:
    """What an official typed, as running text: every line a sentence with its capitals and a full stop. A typed
    list stays a list: each item a line of its own, after the line that leads to it ('Vi vill erbjuda:\n- lek\n-
    odling' → 'Vi vill erbjuda:', '– lek', '– odling'); `paragraphs` breaks the text there."""
    lines = _items(text)
    parts: list[str] = []
    for i, (item, words) in enumerate(lines):
        if item:
            parts.append(f"{_BREAK}{_ITEM}{words.rstrip(';,')}")
            continue
        leads = i + 1 < len(lines) and lines[i + 1][0] and words.endswith(":")
        sentence = _capitals(words if leads or (words.endswith(_END) and not words.endswith(":")) else words.rstrip(":") + ".")
        parts.append(f"{_BREAK}{sentence}" if i and lines[i - 1][0] else sentence)
    return " ".join(parts)


def clause(text: Any, lang: Lang = "sv") -> str:
    """An answer to go inside a sentence: one line, no closing full stop, its case as typed (names stay names;
    add `lower_first` where a fragment continues the sentence). Typed list items become a series."""
    lines = _items(text)
    if lines and all(item for item, _ in lines):
        return _series([t for _, t in lines], lang)
    return " ".join(t for _, t in lines).rstrip(".")


def apposed(text: Any, lang: Lang = "sv") -> str:
    """A clause that may hold an apposition, closed by its comma where the sentence goes on: 'Karin Lund, enhetschef'
    → 'Karin Lund, enhetschef,' (as in 'Besluten togs av Karin Lund, enhetschef, den 5 april'); 'Eva Ek' as it is."""
    words = clause(text, lang)
    return f"{words}," if "," in words else words


def quoted(text: Any, lang: Lang, end: bool = False) -> str:
    """The words in the language's quotation marks; with `end`, a full stop after them unless the quotation
    ends its own sentence ('är ”Hur vill du …?”' but 'är ”Tänk på lek”.')."""
    opening, closing = _QUOTES[lang]
    words = " ".join(str(text or "").split())
    stop = "." if end and not words.endswith(tuple("?!.…")) else ""
    return f"{opening}{words}{closing}{stop}"


def span(start: Any, end: Any, lang: Lang) -> str:
    """When something happened or happens, its preposition included: 'från den 12 april till den 9 maj 2027' (one
    year named once), 'från den 1 december 2026 till den 9 januari 2027', and a single day as one: 'den 24 november
    2026' ('on 24 November 2026'), not 'från den 24 november till den 24 november 2026'."""
    first, last = _date(start), _date(end)
    if not first or not last:
        return ""
    the, on, since, to = ("den ", "den ", "från ", " till ") if lang == "sv" else ("", "on ", "from ", " to ")
    if first == last:
        return f"{on}{long_date(last, lang)}"
    head = format_date(first, "d MMMM" if first.year == last.year else "d MMMM y", locale=lang)
    return f"{since}{the}{head}{to}{the}{long_date(last, lang)}"


def plural(count: Any, one: str, many: str) -> str:
    """The word for `count` things (a number, or a list's length): 'metoden' for one, 'metoderna' for more, so that
    a list in prose agrees with its noun ('använder metoden rita och berätta', 'samlats i 1 tema')."""
    number = count if isinstance(count, int) else len(count or ())
    return one if number == 1 else many


@pass_context
def _lower_first(context: Context, text: Any) -> str:
    return lower_first(text, context.get("proper", frozenset()))


@pass_context
def _topic(context: Context, text: Any, preposition: str) -> str:
    return topic(text, preposition, context.get("title_begins", ()), context.get("proper", frozenset()))


def _filters(lang: Lang) -> dict[str, Any]:
    return {
        "long_date": lambda v: long_date(v, lang),
        "month_year": lambda v: month_year(v, lang),
        "amount": lambda v: amount(v, lang),
        "and_list": lambda v: and_list(v, lang),
        "quoted": lambda v, end=False: quoted(v, lang, end),
        "span": lambda start, end: span(start, end, lang),
        "plural": plural,
        "lower_first": _lower_first,
        "topic": _topic,
        "sentences": lambda v: _TYPED + sentences(v),
        "clause": lambda v: clause(v, lang),
        "apposed": lambda v: apposed(v, lang),
        "name": name,
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


def _continued(word: str, lang: Lang, proper: frozenset[str]) -> str:
    """The first word of a typed answer that continues a sentence: in lower case unless a name; Swedish "I" is the
    preposition ("på följande sätt: i verksamhetsplanen"), English "I" the pronoun."""
    return "i" + word[1:] if lang == "sv" and word.strip(_PUNCT) == "I" else lower_first(word, proper)


def _rendered(source: str, lang: Lang, context: dict[str, Any]) -> str:
    """The template with `context`, whitespace made tidy: one space between words. Only the template's own spaces
    and line breaks are collapsed: the non-breaking space inside an amount ("45 000 kronor") stays, so that the
    number is never split across two lines; so does where a typed list breaks the paragraph (`_BREAK`). A typed
    answer after a colon continues the sentence: its first word in lower case, unless it is a name (`lower_first`); the
    sentence leading to an answer with nothing in it is left out (`_EMPTY_LEAD`)."""
    proper = context.get("proper", frozenset())
    text = _EMPTY_LEAD.sub("", compiled(source, lang).render(context))
    text = _CONTINUED.sub(lambda m: ":" + m[1] + _continued(m[2], lang, proper), text)
    return _SPACES.sub(" ", text.replace(_TYPED, "")).strip()


def render(source: str, lang: Lang, context: dict[str, Any]) -> str:
    """The template as one line of text (a title, a decision point, a header's field); a typed list's items in it
    follow each other ('Vi vill erbjuda: – lek – odling')."""
    return " ".join(paragraphs(source, lang, context))


def paragraphs(source: str, lang: Lang, context: dict[str, Any]) -> list[str]:
    """The template as a document's paragraphs: one, or, where it holds a typed list, the text before it, each
    item, and the text after it; none when it renders to nothing."""
    return [p for p in (part.strip() for part in _rendered(source, lang, context).split(_BREAK)) if p]
