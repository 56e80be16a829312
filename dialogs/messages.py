"""The bot's own words in Swedish and English, and the phrasings of the requests it understands typed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dialogs.language import LANGS, Lang, normalise

MESSAGES_FILE = Path(__file__).parent / "locales" / "messages.yaml"
# A value that ends its own sentence ("Är det en medborgardialog?") before the message's full stop: the stop is dropped.
_ENDED_TWICE = re.compile(r"([?!])\.")
INTENT_WORDS = (
    *("filler", "negation", "about", "to_whom", "of_draft", "draft", "agree", "wish", "dialogue", "says"),
    *("proposal_document", "report_document", "sent_by", "sets_field", "both", "or", "paragraph"),
)


@dataclass(frozen=True)
class Wording:
    """How typed text is read (dialogs/matching.py, dialogs/intents.py): the words that say nothing of what a
    message is about (`stopwords`), those that make it a question, small talk, and "mitt ansvar" phrasings."""

    stopwords: dict[Lang, tuple[str, ...]]
    question_words: dict[Lang, tuple[str, ...]]
    greetings: dict[Lang, tuple[str, ...]]
    thanks: dict[Lang, tuple[str, ...]]
    interjections: dict[Lang, tuple[str, ...]]  # may come before a greeting or thanks: "toppen, tack!", "great, thanks"
    my_responsibility: tuple[str, ...]
    my_doing: tuple[str, ...]  # asking what one is to do: one's own part unless the rest names what it is about
    my_doing_about: tuple[str, ...]  # after my_doing, the words that begin what it is about ("om", "if", "to")
    empty_answers: dict[Lang, tuple[str, ...]]  # "ok", "se ovan", "x": no answer to a required text field
    my_role: tuple[str, ...]  # before a role's name, what makes it one's own ("jag som", "as")


@dataclass(frozen=True)
class Messages:
    texts: dict[str, dict[Lang, str]]
    intents: dict[str, tuple[str, ...]]  # intent name -> its phrasings, Swedish and English (dialogs/intents.py)
    intent_words: dict[str, tuple[str, ...]]  # filler, negation, about, to_whom, of_draft, draft, agree, wish… -> the words
    wording: Wording
    card_actions: dict[str, tuple[str, ...]]  # a card's main action (its name) -> what typed under the card does it
    action_labels: dict[str, str]  # an action's name -> the message its button says (complete: bot/services.Domain)

    def __call__(self, key: str, lang: Lang, **values: Any) -> str:
        text = self.texts[key][lang]
        return _ENDED_TWICE.sub(r"\1", text.format(**values)) if values else text

    def label(self, action: str, lang: Lang) -> str:
        """The words of the button that sends this action."""
        return self(self.action_labels[action], lang)


def _both(path: Path, what: str, value: Any) -> tuple[str, ...]:
    """A list of words or phrasings in each language, both required."""
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), list) and value[lang] for lang in LANGS):
        raise ValueError(f"{path}: {what} needs a list for both 'sv' and 'en'")
    return tuple(str(p) for lang in LANGS for p in value[lang])


def _per_lang(path: Path, what: str, value: Any) -> dict[Lang, tuple[str, ...]]:
    _both(path, what, value)
    return {lang: tuple(str(w) for w in value[lang]) for lang in LANGS}


def _wording(path: Path, raw: dict[str, Any]) -> Wording:
    language, small, mine = raw.get("language") or {}, raw.get("smalltalk") or {}, raw.get("my_responsibility")
    doing, about, role = raw.get("my_doing"), raw.get("my_doing_about"), raw.get("my_role")
    if not (
        isinstance(mine, list)
        and mine
        and isinstance(doing, list)
        and doing
        and isinstance(about, list)
        and about
        and isinstance(role, list)
        and role
    ):
        raise ValueError(f"{path}: my_responsibility, my_doing, my_doing_about and my_role need a list of phrasings each")
    return Wording(
        stopwords=_per_lang(path, "language 'stopwords'", language.get("stopwords")),
        question_words=_per_lang(path, "language 'question_words'", language.get("question_words")),
        greetings=_per_lang(path, "smalltalk 'greeting'", small.get("greeting")),
        thanks=_per_lang(path, "smalltalk 'thanks'", small.get("thanks")),
        interjections=_per_lang(path, "smalltalk 'interjection'", small.get("interjection")),
        my_responsibility=tuple(str(p) for p in mine),
        my_doing=tuple(str(p) for p in doing),
        my_doing_about=tuple(str(p) for p in about),
        empty_answers=_per_lang(path, "language 'empty_answers'", language.get("empty_answers")),
        my_role=tuple(str(p) for p in role),
    )


def load_messages(path: Path = MESSAGES_FILE) -> Messages:
    """The messages of a file; the package's own is read once (the bot, the matcher and the answers checked share it)."""
    return _packaged() if path == MESSAGES_FILE else _parsed(path)


@cache
def _packaged() -> Messages:
    return _parsed(MESSAGES_FILE)


def _parsed(path: Path) -> Messages:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts: dict[str, dict[Lang, str]] = {}
    for key, value in raw["messages"].items():
        if not all(isinstance(value.get(lang), str) and value[lang] for lang in LANGS):
            raise ValueError(f"{path}: message {key!r} needs both 'sv' and 'en'")
        texts[key] = {lang: value[lang] for lang in LANGS}
    intents = {name: _both(path, f"intent {name!r}", value) for name, value in raw["intents"].items()}
    words = {name: _both(path, f"intent_words {name!r}", raw["intent_words"].get(name)) for name in INTENT_WORDS}
    card_actions = {name: _both(path, f"card action {name!r}", value) for name, value in raw["card_actions"].items()}
    return Messages(
        texts=texts,
        intents=intents,
        intent_words=words,
        wording=_wording(path, raw),
        card_actions=card_actions,
        action_labels=_action_labels(path, raw["action_labels"], texts),
    )


def _action_labels(path: Path, raw: dict[str, Any], texts: dict[str, dict[Lang, str]]) -> dict[str, str]:
    """Each action's button words: a message of its own, with nothing to fill in."""
    for action, key in raw.items():
        if key not in texts or any("{" in text for text in texts[key].values()):
            raise ValueError(f"{path}: action_labels {action!r} needs a message with no {{placeholder}}, not {key!r}")
    return {str(action): str(key) for action, key in raw.items()}


@cache
def empty_answers() -> frozenset[str]:
    """The words that, alone, are no answer to a required text field, in either language (normalised): an answer is
    checked whatever the chat's language, as the document it goes into is Swedish."""
    return frozenset(normalise(w) for words in load_messages().wording.empty_answers.values() for w in words)
