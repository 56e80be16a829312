"""Answers typed in the chat for a card of several fields, put in the field they clearly fill: a field named by words of
its label before what it is to be ("rubriken ska vara …", "ändra rubriken till …", "Frågan är: …"), the card's yes/no
questions answered in order ("ja och ja", "nej på båda"), and options named by their names ("vi kör på konsultation",
"gåtur med unga och ett ungdomsråd, fysiska möten"). Nothing is saved: the card is shown again with them filled in, for
the user to check and save. The words that say so are locale data (`intent_words.sets_field`, `intent_words.both`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from dialogs.actions import InputValue
from dialogs.fields import FREE_TEXT_KINDS, FieldKind, as_text
from dialogs.intents import MAX_CHARS, folded_words, similarity
from dialogs.language import LANGS, WORD
from dialogs.messages import Messages
from dialogs.routine import Field, Option

# A label's words this short ("i", "om") name nothing; more words than these before what a field is to be name no field
# (naming it, or the fillers and the verb of a change around them: "kan du ändra rubriken till …").
MIN_LABEL_WORD = 3
MAX_NAMING_WORDS = 4
MAX_LEAD = 8
# Where an option's name ends and what explains it begins: "Delaktighet (dialog) – IAP2: involve" is "Delaktighet".
OPTION_NAME_END = re.compile(r"\s[–-]\s|\(|:")


@dataclass(frozen=True)
class TypedAnswers:
    """The words that say what a typed answer fills (the messages file's), and the filling."""

    fillers: frozenset[str]
    verbs: frozenset[str]  # the words of a request to change a step ("ändra", "change")
    sets: tuple[tuple[str, ...], ...]  # what stands between a field's name and its value ("ska vara", "till", "is")
    both: frozenset[str]
    alternatives: frozenset[str]  # between the alternatives an option's name gives ("Ungdomsråd eller ungdomsdialog")

    @classmethod
    def of(cls, messages: Messages, fillers: frozenset[str]) -> TypedAnswers:
        words = messages.intent_words
        verbs = frozenset(w for phrase in messages.intents["edit_step"] for w in folded_words(phrase))
        sets = tuple(sorted((tuple(folded_words(p)) for p in words["sets_field"]), key=len, reverse=True))
        both, alternatives = (frozenset(w for p in words[key] for w in folded_words(p)) for key in ("both", "or"))
        return cls(fillers, verbs, sets, both, alternatives)

    def fill(self, fields: Iterable[Field], text: str, *, asked: bool) -> dict[str, str]:
        """The values the text clearly gives the card's fields (as their inputs take them), by field id; none when it gives
        none. A question fills only a field it names ("Frågan är: vad vill ni göra i sommar?")."""
        if len(text) > MAX_CHARS:
            return {}
        fields = tuple(fields)
        named = self._named(fields, text)
        if named or asked:
            return named
        return {**self._yes_no(fields, text), **self._options(fields, text)}

    def _named(self, fields: tuple[Field, ...], text: str) -> dict[str, str]:
        """A text field named by words of its label, then what it is to be: "rubriken ska vara …"."""
        text = unicodedata.normalize("NFC", text)
        found = list(WORD.finditer(text))
        words = [w for text_word in (m.group() for m in found) for w in folded_words(text_word)]
        if len(words) != len(found):
            return {}
        for at in range(1, min(len(words), MAX_LEAD + 1)):
            end = next((at + len(s) for s in self.sets if tuple(words[at : at + len(s)]) == s), None)
            if end is None or end >= len(words):
                continue
            naming = [w for w in words[:at] if w not in self.fillers and w not in self.verbs]
            if not naming or len(naming) > MAX_NAMING_WORDS:
                return {}
            hits = [f for f in fields if all(any(similarity(t, w) for t in _label_words(f, self.fillers)) for w in naming)]
            if len(hits) != 1 or hits[0].kind not in FREE_TEXT_KINDS:  # "kostnaden blir …": the amount, or what it is made of
                return {}
            value = text[found[end].start() :].strip()
            return {hits[0].id: value}
        return {}

    def _yes_no(self, fields: tuple[Field, ...], text: str) -> dict[str, str]:
        """The card's required yes/no questions answered in order, one yes or no each ("ja och ja"), or one for both
        ("nej på båda")."""
        questions = [f for f in fields if f.kind is FieldKind.YESNO and f.required]
        if not questions:
            return {}
        said = {w: o.value for o in questions[0].options for lang in LANGS for w in folded_words(o.label(lang))}
        answers = [said[w] for w in folded_words(text) if w in said]
        if len(answers) == 1 and len(questions) == 2 and set(folded_words(text)) & self.both:
            answers *= 2
        if len(answers) != len(questions):
            return {}
        return {f.id: answer for f, answer in zip(questions, answers, strict=True)}

    def _options(self, fields: tuple[Field, ...], text: str) -> dict[str, str]:
        """A choice whose one option the text names, a multichoice's options it names (beside those ticked)."""
        typed = set(folded_words(text))
        filled = {}
        for f in fields:
            if f.kind not in (FieldKind.CHOICE, FieldKind.MULTICHOICE):
                continue
            chosen = [o.value for o in f.options if self._names(o, typed)]
            if f.kind is FieldKind.CHOICE and len(chosen) == 1:
                filled[f.id] = chosen[0]
            elif f.kind is FieldKind.MULTICHOICE and chosen:
                filled[f.id] = ",".join(chosen)
        return filled

    def _names(self, option: Option, typed: set[str]) -> bool:
        """Whether the typed words hold every word of the option's name, or of one of the alternatives it gives, in either
        language."""
        for lang in LANGS:
            name = folded_words(OPTION_NAME_END.split(option.label(lang), maxsplit=1)[0])
            cuts = [-1, *(i for i, w in enumerate(name) if w in self.alternatives), len(name)]
            for start, end in pairwise(cuts):
                wanted = [w for w in name[start + 1 : end] if w not in self.fillers and len(w) >= MIN_LABEL_WORD]
                if wanted and all(any(similarity(w, t) for t in typed) for w in wanted):
                    return True
        return False


def with_filled(shown: Mapping[str, InputValue], fields: Iterable[Field], filled: Mapping[str, str]) -> dict[str, InputValue]:
    """The card's values as it shows them with the filled ones put in (a multichoice's beside those ticked)."""
    values: dict[str, InputValue] = dict(shown)
    for f in fields:
        if f.id not in filled:
            continue
        before = [v for v in as_text(shown.get(f.id)).split(",") if v] if f.kind is FieldKind.MULTICHOICE else []
        values[f.id] = ",".join(dict.fromkeys([*before, *filled[f.id].split(",")])) if before else filled[f.id]
    return values


def _label_words(f: Field, fillers: frozenset[str]) -> list[str]:
    return [w for lang in LANGS for w in folded_words(f.label(lang)) if len(w) >= MIN_LABEL_WORD and w not in fillers]
