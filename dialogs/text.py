"""Text as people send it, made fit to store, show and export: cleaned once, where it enters the bot.

What a client posts may hold characters no document, database or card should carry: a lone surrogate
(invalid UTF-16 half, which cannot even be encoded to UTF-8), NUL (which PostgreSQL refuses in text), ESC
and the other control characters (which XML, and so Word, refuses), and Word's soft line break (\\x0b, a
vertical tab) pasted along with an answer. `clean_text` makes any string safe for all of them; `cleaned`
does it for every string of a parsed JSON document or a document's dataclasses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar, cast

T = TypeVar("T")

# Vertical tab and form feed (Word's soft line break and page break), next line, and Unicode's line and
# paragraph separators are line breaks to the person who typed them.
_LINE_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x85\u2028\u2029", "\n"))
# C0 controls but tab, newline and carriage return; DEL and the C1 controls; the two non-characters XML refuses;
# the bidirectional embeddings, overrides and isolates, which turn the text after them (the bot's own words in a
# card too) around on screen ("Trojan Source"); the marks (U+200E, U+200F), which do not, are kept.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Any character of the three above: a string without one, already in NFC, is clean as it is (nearly every string).
_TO_CLEAN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
# In a JSON text (pure ASCII): an escape that may decode to a character cleaning acts on or that NFC would change
# after another: \b, \f, and every \u escape but one of a Latin-1 letter or sign (U+00A0–U+00FF), which NFC keeps
# as it is beside any other of them or any ASCII character.
_JSON_ESCAPE_TO_CHECK = re.compile(r"\\(?:[bf]|u(?!00[a-fA-F][0-9a-fA-F]))")


def clean_text(text: str) -> str:
    """`text` with lone surrogates replaced by U+FFFD, page and soft line breaks as newlines, the other
    control characters and the bidirectional overrides removed (tab, newline and carriage return kept), and
    Unicode-normalised (NFC)."""
    if _TO_CLEAN.search(text) is None and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text
    text = _SURROGATES.sub(REPLACEMENT, text)
    text = _CONTROLS.sub("", text.translate(_LINE_BREAKS))
    return unicodedata.normalize("NFC", text)


def clean_json_strings(text: str) -> bool:
    """True when every string (and key) the JSON `text` holds is clean as it is (`clean_text` would return it
    unchanged), judged on the text without parsing it: no character cleaning acts on, no escape that could decode
    to one or undo NFC, and the text in NFC (its strings, split at the quotes and backslashes no character
    composes with, are then in NFC too). False says only that the strings must be cleaned one by one. `text` is
    valid JSON (json.loads read it): no control character stands in it as it is, but tab, newline and carriage
    return between its tokens, and DEL."""
    if text.isascii():  # what json.dumps and aiohttp send: non-ASCII characters as \u escapes; of ASCII, only DEL to clean
        return "\x7f" not in text and _JSON_ESCAPE_TO_CHECK.search(text) is None
    if _TO_CLEAN.search(text) is not None:
        return False
    return "\\u" not in text and "\\b" not in text and "\\f" not in text and unicodedata.is_normalized("NFC", text)


_SCALARS = (int, float, type(None))  # bool is an int: what JSON holds besides strings, lists and objects


def cleaned(value: T) -> T:
    """`value` with every string in it cleaned (`clean_text`): a parsed JSON document (keys included), or a
    document's dataclasses and tuples. The caller bounds its nesting: this recurses once per level, not into
    numbers, booleans and nulls."""
    return cast(T, _cleaned(value))


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    # Strings cleaned, and numbers, booleans and nulls taken, without a call of this function each.
    if isinstance(value, list | tuple):
        items = [v if isinstance(v, _SCALARS) else clean_text(v) if isinstance(v, str) else _cleaned(v) for v in value]
        return type(value)(items)
    if isinstance(value, dict):
        return {
            clean_text(k) if isinstance(k, str) else _cleaned(k): (
                v if isinstance(v, _SCALARS) else clean_text(v) if isinstance(v, str) else _cleaned(v)
            )
            for k, v in value.items()
        }
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _cleaned(getattr(value, f.name)) for f in fields(value)})
    return value
