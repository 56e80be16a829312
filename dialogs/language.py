"""The two languages and how typed text is compared: a leaf module every other one may import."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")


def lang_of(locale: str | None) -> Lang:
    """English for `en-*` locales, Swedish (the primary language) for everything else."""
    return "en" if (locale or "").lower().startswith("en") else "sv"


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, Unicode-normalised, punctuation at the ends and repeated spaces removed."""
    text = unicodedata.normalize("NFC", text or "").strip().lower()
    text = _SPACES.sub(" ", text)
    return text.strip(" .!?,;:")


WORD = re.compile(r"[^\W_]+")
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def plain(text: str) -> str:
    """Lower case, Unicode-normalised (NFC)."""
    return unicodedata.normalize("NFC", text).lower()


def words_of(text: str) -> list[str]:
    """The words of a text as the bot reads them: plain, letters and digits only."""
    return WORD.findall(plain(text))


def fold(word: str) -> str:
    """å/ä/ö/é/ü as a/a/o/e/u, so that a word typed without them still matches."""
    return word.translate(_FOLD)
