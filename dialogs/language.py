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


def normalise(text: str) -> str:
    """Lower case, Unicode-normalised, punctuation at the ends and repeated spaces removed."""
    text = unicodedata.normalize("NFC", text or "").strip().lower()
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .!?,;:")
