"""Questions about the routine, answered from the routine itself, offline.

Matching, in order: greetings and thanks; a role named in the question (by name, inflection,
synonym or with a typo) answers with that role's responsibilities; "mitt ansvar" without a role
uses the role of the user's latest draft or asks for it; everything else is ranked with BM25
(bm25s) over each topic's keywords, headings and routine text. Words are Snowball-stemmed
(snowballstemmer, Swedish and English), å/ä/ö folded after stemming, unknown words corrected to
the nearest known word (rapidfuzz) and long compounds split on known words. When no topic is a
clear winner the caller gets the closest ones to offer instead of a guess.

Cost: a question is turned into terms once per answer, from its first MAX_QUESTION_WORDS words; known words
are set look-ups; correcting an unknown word (the expensive part) is remembered per word and done for the first
MAX_CORRECTED of them only, so that a long message of made-up words costs milliseconds, not seconds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import bm25s
import snowballstemmer
import yaml
from rapidfuzz import fuzz, process

from dialogs.language import Lang
from dialogs.messages import MESSAGES_FILE
from dialogs.routine import Option, Role, Routine, Section, Text

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A clear answer needs at least this BM25 score, and this much more than the runner-up.
MIN_SCORE = 1.0
MIN_MARGIN = 1.2
TYPO_CUTOFF = 82
MIN_TYPO_LENGTH = 7  # shorter words are too often another real word one letter away
MAX_SUGGESTIONS = 3
# A question is read up to this many words, and this many unknown words in it are corrected: a real
# question is a sentence or two with a few typos, not a pasted document of made-up words.
MAX_QUESTION_WORDS = 300
MAX_CORRECTED = 12


@dataclass(frozen=True)
class Topic:
    id: str
    title: Text
    source: Text  # the routine section the answer comes from
    sections: tuple[Section, ...] = ()
    options: tuple[Option, ...] = ()
    role: Role | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    kind: Literal["topic", "suggest", "ask_role", "greeting", "thanks"]
    lang: Lang
    topic: Topic | None = None
    suggestions: tuple[Topic, ...] = ()
    role_from_draft: bool = False


@dataclass(frozen=True)
class Vocabulary:
    stopwords: frozenset[str]
    question_words: frozenset[str]
    english_words: frozenset[str]
    swedish_words: frozenset[str]
    greetings: dict[str, Lang]  # phrase -> its language
    thanks: dict[str, Lang]
    my_responsibility: tuple[str, ...]


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _words(text: str) -> list[str]:
    return _WORD.findall(_plain(text))


def load_vocabulary(path: Path = MESSAGES_FILE) -> Vocabulary:
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    language, small = raw["language"], raw["smalltalk"]
    return Vocabulary(
        stopwords=frozenset(_plain(w) for lang in ("sv", "en") for w in language["stopwords"][lang]),
        question_words=frozenset(_plain(w) for lang in ("sv", "en") for w in language["question_words"][lang]),
        english_words=frozenset(_plain(w) for w in language["stopwords"]["en"] + language["question_words"]["en"]),
        swedish_words=frozenset(_plain(w) for w in language["stopwords"]["sv"] + language["question_words"]["sv"]),
        greetings={" ".join(_words(w)): lang for lang in ("sv", "en") for w in small["greeting"][lang]},
        thanks={" ".join(_words(w)): lang for lang in ("sv", "en") for w in small["thanks"][lang]},
        my_responsibility=tuple(" ".join(_words(w)) for w in raw["my_responsibility"]),
    )


class RoutineQuestions:
    def __init__(self, routine: Routine, vocabulary: Vocabulary | None = None) -> None:
        self.routine = routine
        self.vocab = vocabulary or load_vocabulary()
        self._sv = snowballstemmer.stemmer("swedish")
        self._en = snowballstemmer.stemmer("english")
        self.topics: dict[str, Topic] = {}
        documents: list[list[str]] = []
        self._phrases: list[list[list[str]]] = []  # per ranked topic: its keywords as terms
        roles_section = routine.sections.get("roles")
        for role in routine.roles:
            topic = Topic(
                id=f"role_{role.id}",
                title=role.name,
                source=roles_section.title if roles_section else role.name,
                role=role,
                related=tuple(f"role_{r.id}" for r in routine.roles if r.id != role.id),
            )
            self.topics[topic.id] = topic
        for spec in routine.topics:
            sections = tuple(routine.sections[s] for s in spec.sections)
            topic = Topic(
                id=spec.id,
                title=sections[0].title,
                source=sections[0].title,
                sections=sections,
                options=routine.option_lists.get(spec.options, ()) if spec.options else (),
                related=spec.related,
            )
            self.topics[topic.id] = topic
            text = " ".join(
                [*(s.title.sv + " " + s.title.en + " " + s.text.sv + " " + s.text.en for s in sections)]
                + [o.label.sv + " " + o.label.en for o in topic.options]
            )
            # Keywords count twice: they are the words people ask with, the text is the routine's.
            documents.append(self._terms(" ".join(spec.keywords)) * 2 + self._terms(text))
            self._phrases.append([terms for terms in (self._terms(k) for k in spec.keywords) if terms])
        self._ranked = [t for t in self.topics.values() if t.role is None]
        self._index = bm25s.BM25()
        self._index.index(documents, show_progress=False)
        self._known = sorted({term for doc in documents for term in doc})
        self._role_terms = {
            role.id: [self._terms(name) for name in (role.name.sv, role.id, *role.synonyms)] for role in routine.roles
        }
        role_vocab = {t for terms in self._role_terms.values() for phrase in terms for t in phrase}
        self._known = sorted(set(self._known) | role_vocab)
        self._known_set = frozenset(self._known)
        self._compound_parts = [k for k in self._known if len(k) >= 4]
        # Per instance, bounded: the words people type recur, the made-up ones must not fill memory.
        self._correction = lru_cache(maxsize=4096)(self._correct)

    # --- words ---------------------------------------------------------------------------------

    def _stems(self, word: str) -> set[str]:
        return {self._sv.stemWord(word).translate(_FOLD), self._en.stemWord(word).translate(_FOLD)}

    def _terms(self, text: str) -> list[str]:
        return [stem for w in _words(text) if w not in self.vocab.stopwords for stem in sorted(self._stems(w))]

    def _query_terms(self, text: str) -> list[str]:
        """The terms of the question's first MAX_QUESTION_WORDS words, with typos corrected and compounds split
        on known words for the first MAX_CORRECTED unknown ones."""
        terms: list[str] = []
        unknown = 0
        for word in _words(text)[:MAX_QUESTION_WORDS]:
            if word in self.vocab.stopwords:
                continue
            hits = self._stems(word) & self._known_set
            if hits:
                terms += sorted(hits)
                continue
            unknown += 1
            if unknown <= MAX_CORRECTED:
                terms += self._correction(self._sv.stemWord(word).translate(_FOLD))
        return terms

    def _correct(self, stem: str) -> tuple[str, ...]:
        """An unknown stem as known terms: the nearest known word (a typo), else the known words a long
        compound starts or ends with, else nothing."""
        if len(stem) >= MIN_TYPO_LENGTH:
            match = process.extractOne(stem, self._known, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            if match:
                return (match[0],)
        if len(stem) >= 8:
            parts = [k for k in self._compound_parts if stem.startswith(k) or stem.endswith(k)]
            return tuple(sorted(parts, key=len, reverse=True)[:2])
        return ()

    def language(self, text: str, default: Lang) -> Lang:
        words = _words(text)
        english = sum(w in self.vocab.english_words for w in words)
        swedish = sum(w in self.vocab.swedish_words for w in words) + sum(ch in "åäö" for ch in _plain(text))
        if english > swedish:
            return "en"
        if swedish > english:
            return "sv"
        return default

    def looks_like_question(self, text: str) -> bool:
        words = _words(text)
        return text.strip().endswith("?") or bool(words and words[0] in self.vocab.question_words)

    # --- answering -----------------------------------------------------------------------------

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics.get(topic_id)

    def _roles_named(self, terms: list[str]) -> list[str]:
        found = []
        for role_id, phrases in self._role_terms.items():
            for phrase in phrases:
                if phrase and any(terms[i : i + len(phrase)] == phrase for i in range(len(terms))):
                    found.append(role_id)
                    break
        return found

    def rank(self, terms: list[str]) -> list[tuple[Topic, float]]:
        """The ranked topics that share something with the question's terms, best first."""
        if not terms:
            return []
        scores = self._index.get_scores(terms)
        present = set(terms)
        # A keyword phrase found whole in the question is strong evidence: add its length in terms.
        bonus = [sum(len(p) for p in phrases if set(p) <= present) for phrases in self._phrases]
        totals = (float(score) + b for score, b in zip(scores, bonus, strict=True))
        ranked = sorted(zip(self._ranked, totals, strict=True), key=lambda pair: pair[1], reverse=True)
        return [(topic, score) for topic, score in ranked if score > 0]

    def asks_own_responsibility(self, question: str) -> bool:
        """'Vad är mitt ansvar?' without naming a role: the caller looks up the user's latest role."""
        phrase = f" {' '.join(_words(question))} "
        return any(f" {m} " in phrase for m in self.vocab.my_responsibility)

    def answer(self, question: str, lang: Lang, draft_role: str | None = None) -> Answer:
        phrase = " ".join(_words(question))
        if phrase in self.vocab.greetings:
            return Answer("greeting", self.vocab.greetings[phrase])
        if phrase in self.vocab.thanks:
            return Answer("thanks", self.vocab.thanks[phrase])
        lang = self.language(question, lang)

        terms = self._query_terms(question)
        roles = self._roles_named(terms)
        if len(roles) == 1:
            return Answer("topic", lang, topic=self.topics[f"role_{roles[0]}"])
        if not roles and self.asks_own_responsibility(question):
            if draft_role and f"role_{draft_role}" in self.topics:
                return Answer("topic", lang, topic=self.topics[f"role_{draft_role}"], role_from_draft=True)
            return Answer("ask_role", lang, suggestions=tuple(t for t in self.topics.values() if t.role))

        ranked = self.rank(terms)
        if roles:
            return Answer("suggest", lang, suggestions=tuple(self.topics[f"role_{r}"] for r in roles))
        if ranked:
            best, score = ranked[0]
            runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
            if score >= MIN_SCORE and score >= MIN_MARGIN * runner_up:
                return Answer("topic", lang, topic=best)
        suggestions = tuple(t for t, _ in ranked[:MAX_SUGGESTIONS]) or tuple(
            self.topics[t] for t in ("dialogue", "target_groups", "planning") if t in self.topics
        )
        return Answer("suggest", lang, suggestions=suggestions)
