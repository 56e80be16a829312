"""The bot's own words in Swedish and English, and the typed commands it understands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dialogs.language import LANGS, Lang, normalise

MESSAGES_FILE = Path(__file__).parent / "locales" / "messages.yaml"


@dataclass(frozen=True)
class Messages:
    texts: dict[str, dict[Lang, str]]
    commands: dict[str, frozenset[str]]

    def __call__(self, key: str, lang: Lang, **values: Any) -> str:
        text = self.texts[key][lang]
        return text.format(**values) if values else text

    def command(self, text: str) -> str | None:
        """The command a typed message is, if it is one (e.g. 'Avbryt' -> 'cancel')."""
        said = normalise(text)
        return next((name for name, words in self.commands.items() if said in words), None)


def load_messages(path: Path = MESSAGES_FILE) -> Messages:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts: dict[str, dict[Lang, str]] = {}
    for key, value in raw["messages"].items():
        if not all(isinstance(value.get(lang), str) and value[lang] for lang in LANGS):
            raise ValueError(f"{path}: message {key!r} needs both 'sv' and 'en'")
        texts[key] = {lang: value[lang] for lang in LANGS}
    commands = {name: frozenset(normalise(w) for w in words) for name, words in raw["commands"].items()}
    return Messages(texts=texts, commands=commands)
