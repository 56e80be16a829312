"""The bot's own words in Swedish and English, and the phrasings of the requests it understands typed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dialogs.language import LANGS, Lang

MESSAGES_FILE = Path(__file__).parent / "locales" / "messages.yaml"
INTENT_WORDS = ("filler", "about", "to_whom")


@dataclass(frozen=True)
class Messages:
    texts: dict[str, dict[Lang, str]]
    intents: dict[str, tuple[str, ...]]  # intent name -> its phrasings, Swedish and English (dialogs/intents.py)
    intent_words: dict[str, tuple[str, ...]]  # filler / about / to_whom -> the words, both languages

    def __call__(self, key: str, lang: Lang, **values: Any) -> str:
        text = self.texts[key][lang]
        return text.format(**values) if values else text


def _both(path: Path, what: str, value: Any) -> tuple[str, ...]:
    """A list of words or phrasings in each language, both required."""
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), list) and value[lang] for lang in LANGS):
        raise ValueError(f"{path}: {what} needs a list for both 'sv' and 'en'")
    return tuple(str(p) for lang in LANGS for p in value[lang])


def load_messages(path: Path = MESSAGES_FILE) -> Messages:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts: dict[str, dict[Lang, str]] = {}
    for key, value in raw["messages"].items():
        if not all(isinstance(value.get(lang), str) and value[lang] for lang in LANGS):
            raise ValueError(f"{path}: message {key!r} needs both 'sv' and 'en'")
        texts[key] = {lang: value[lang] for lang in LANGS}
    intents = {name: _both(path, f"intent {name!r}", value) for name, value in raw["intents"].items()}
    words = {name: _both(path, f"intent_words {name!r}", raw["intent_words"].get(name)) for name in INTENT_WORDS}
    return Messages(texts=texts, intents=intents, intent_words=words)
