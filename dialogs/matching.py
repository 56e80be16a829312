"""Questions about the routine, answered from the routine itself, offline.

First a typed word the matcher does not know, one slip of the keyboard from a word of the routine file or the bot's
messages, is read as that word ("asvar" as "ansvar", "rutnen" as "rutinen"); then words and phrases of the routine's
synonym classes (`questions.read_as`, Swedish and English) as the routine's own word ("föreningar" as
"civilsamhället", "citizen dialogue" as "medborgardialog"). Matching, in order: greetings and thanks; a role named in
the question (by name, inflection, synonym or with a typo) answers with that role's responsibilities; "mitt ansvar"
without a role uses the role of the user's latest draft or asks for it; a question asking who ("vem skriver
tjänsteutlåtandet?") answers with the role whose duty line it matches, and that line; everything else is ranked with
BM25 (bm25s) over each topic's keywords, headings and routine text (its sections, its options with their
descriptions, and the help texts of the wizard steps it names), and beside it over the routine's example questions
(`questions.examples`, labelled with the answer each should get): the three nearest vote by label, and decide where the
routine's words leave a question unsure, or nearly all disagree with them. Words are Snowball-stemmed (snowballstemmer, Swedish
and English), å/ä/ö folded after stemming, long unknown words corrected to the nearest known stem (rapidfuzz) and
long compounds split on known words. A role's name is found by its words as written or inflected, so "kommunikatorn"
is the communicator, not "kommunikation" or "communicate". When no topic is a clear winner, the best one shares too
few of the question's words (the routine does not cover it), or the question asks for a figure the routine never
states ("hur många") or about what it never speaks of ("säger nej"), the caller gets the closest topics to offer
instead of a guess.

Cost: a question is turned into terms once per answer, from its first MAX_QUESTION_WORDS words; known words
are set look-ups; correcting an unknown word (the expensive part) is remembered per word and done for the first
MAX_CORRECTED of them only, so that a long message of made-up words costs milliseconds, not seconds.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, is_dataclass, replace
from functools import lru_cache
from itertools import islice
from typing import Literal

import bm25s
import snowballstemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from dialogs.actions import ActionName
from dialogs.language import LANGS, WORD, Lang, fold, plain, words_of
from dialogs.messages import Messages, Wording, load_messages
from dialogs.routine import Duty, Method, Option, Role, Routine, Section, Text

# A clear answer needs at least this BM25 score, and this much more than the runner-up.
MIN_SCORE = 1.0
MIN_MARGIN = 1.2
# A word of this many letters or more that the matcher does not know, one slip of the keyboard (a letter dropped,
# doubled, swapped or mistyped) from one it does, is read as that word; an unknown stem of MIN_TYPO_LENGTH letters or
# more is corrected to a known stem this close (rapidfuzz ratio): shorter words are too often another real word.
MIN_EDIT_LENGTH = 5
TYPO_CUTOFF = 82
MIN_TYPO_LENGTH = 7
# A role's name is found by its words as written, or by a stem that leaves at most this many letters of its word
# ("kommunikatör" by "kommunikator"): not by "kommunik" or "communicat", which "kommunikation" and "communicate" share.
MAX_NAME_ENDING = 1
MIN_CONTENT_LENGTH = 4  # an unknown word shorter than this is left out of the question
MAX_SUGGESTIONS = 3
# A question is read up to this many words, and this many unknown words in it are corrected: a real
# question is a sentence or two with a few typos, not a pasted document of made-up words.
MAX_QUESTION_WORDS = 300
MAX_CORRECTED = 12
# A duty line answers a "who" question with at least this BM25 score, and this much more than the best
# line of another role.
MIN_DUTY_SCORE = 2.0
MIN_DUTY_MARGIN = 1.5
# More than this share of the question's words must be the routine's, and at least this share the answered
# topic's: otherwise the question is about something else that shares a word with the routine ("Vem är
# ordförande i stadsdelsnämnden?").
MIN_COVERAGE = 0.5
# A topic scoring this many times the runner-up is the question's subject even when it holds fewer of its words:
# it must then hold at least this many.
DOMINANT_MARGIN = 2.0
MIN_DOMINANT_HELD = 2
# Of topics scoring within this factor of the best, the one holding more than half of the question's words, and more
# of them than each other, is its subject.
MOST_HELD_MARGIN = 1.35
# Example questions (the routine's examples file) answer like their labels: of the EXAMPLE_NEIGHBOURS nearest to a
# question (BM25 over the examples' words, the nearest scoring at least MIN_EXAMPLE_SCORE), a label holding this share
# of their scores answers when the routine's own words leave the question unsure and the label is one of the topics
# they rank first, and this larger share answers instead of the topic they chose when the nearest scores at least
# MIN_OVERRIDE_SCORE: overruling the routine's own clear answer takes a closer example than settling an unsure one.
EXAMPLE_NEIGHBOURS = 3
MIN_EXAMPLE_SCORE = 5.0
MIN_EXAMPLE_SHARE = 0.6
MIN_OVERRIDE_SHARE = 0.9
MIN_OVERRIDE_SCORE = 7.0
# Two voters agreeing settle an unsure question however near the examples are: the label most of the nearest examples'
# score holds is one of the AGREEING_RANKS topics the routine's own words rank first, and that topic covers the
# question as a clear one must (`_covers`).
AGREEING_RANKS = 2
# A word the routine does not use is the words questions about it are asked with when this many example questions that
# a topic answers use it; as a question's term it is marked with ASKED (no routine text holds it).
MIN_ASKED = 2
ASKED = "~"
# The routine's example questions, as model_dump leaves them out: people's words, typos too, not the routine's.
EXAMPLES = {"questions": {"examples"}}
# A phrase asking for a figure or for what the routine never states may have this many words between its parts,
# written "…" in the routine file: "how much … cost" is in "how much did the safety walk cost?".
MAX_GAP = 4
# Where a question's parts end, as typed: a who-question's own clause is the part that begins with the words that ask who.
CLAUSE_MARK = re.compile(r"[,.;:!?]")
# A message's sentences, each with the marks that end it: small talk around a question is read apart from it.
SENTENCE = re.compile(r"[^.!?\n]*[.!?\n]*")


@dataclass(frozen=True)
class RoleDuties:
    """Lines of one role's responsibilities, as a topic quotes them."""

    role: Role
    lines: tuple[Duty, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    title: Text
    source: Text  # the routine section the answer comes from
    sections: tuple[Section, ...] = ()
    options: tuple[Option, ...] = ()
    role: Role | None = None
    related: tuple[str, ...] = ()
    duty: Duty | None = None  # a role's topic for "who …?": the line of its responsibilities that answers it
    duties: tuple[RoleDuties, ...] = ()  # lines of several roles' responsibilities ("what happens after the decision?")
    outside: bool = False  # `source` is not a section of the routine: the ladder, the method catalogue, the calls
    request: ActionName | None = None  # a request whose card holds the answer (the calls calendar)


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
    interjections: frozenset[str]
    my_responsibility: tuple[tuple[tuple[str, ...], ...], ...]  # each phrasing's parts, split where it is written "…"
    my_doing: tuple[tuple[tuple[str, ...], ...], ...]
    my_doing_about: frozenset[str]
    my_role: tuple[tuple[str, ...], ...]  # folded words of each phrasing


@dataclass(frozen=True)
class Query:
    """A question as terms: `per_word` holds each content word's terms (empty for an unknown word), `words` those
    words as read, typed without å/ä/ö."""

    terms: list[str]
    per_word: list[tuple[str, ...]]
    words: list[str]


def vocabulary(wording: Wording) -> Vocabulary:
    """The messages file's words for reading questions, as the matcher compares them."""
    words = {lang: wording.stopwords[lang] + wording.question_words[lang] for lang in LANGS}
    return Vocabulary(
        stopwords=frozenset(plain(w) for lang in LANGS for w in wording.stopwords[lang]),
        question_words=frozenset(plain(w) for lang in LANGS for w in wording.question_words[lang]),
        english_words=frozenset(plain(w) for w in words["en"]),
        swedish_words=frozenset(plain(w) for w in words["sv"]),
        greetings={" ".join(words_of(w)): lang for lang in LANGS for w in wording.greetings[lang]},
        thanks={" ".join(words_of(w)): lang for lang in LANGS for w in wording.thanks[lang]},
        interjections=frozenset(plain(w) for lang in LANGS for w in wording.interjections[lang]),
        my_responsibility=tuple(_phrase_parts(w) for w in wording.my_responsibility),
        my_doing=tuple(_phrase_parts(w) for w in wording.my_doing),
        my_doing_about=frozenset(fold(w) for w in wording.my_doing_about),
        my_role=tuple(tuple(fold(w) for w in words_of(p)) for p in wording.my_role),
    )


class RoutineQuestions:
    def __init__(self, routine: Routine, messages: Messages | None = None) -> None:
        self.routine = routine
        messages = messages or load_messages()
        self.vocab = vocabulary(messages.wording)
        # Stop words and neutral words (how a question is put, the district's name): no evidence of its subject.
        neutral = [words_of(w) for w in routine.questions.neutral_words]
        self._neutral = _with_folded(frozenset(plain(w[0]) for w in neutral if len(w) == 1))
        self._ignored = _with_folded(self.vocab.stopwords) | self._neutral
        self._stop = _with_folded(self.vocab.stopwords)
        # Each synonym as its words typed without å/ä/ö (as questions are compared) -> the words of the routine's word for
        # it; a neutral phrase ("enligt rutinen", "according to the routine") -> no words: where a question looks for its
        # answer is not what it asks about.
        self._read_as = {
            tuple(fold(w) for w in words_of(synonym)): words_of(word) for synonym, word in routine.questions.read_as.items()
        } | {tuple(fold(w) for w in phrase): [] for phrase in neutral if len(phrase) > 1}
        self._longest_synonym = max(map(len, self._read_as), default=0)
        # The people a dialogue is with, as typed or without å/ä/ö -> the routine's word for its target group.
        groups = routine.questions.group_words
        self._as_group = {fold(" ".join(words_of(g))): word for g, word in groups.items()}
        phrases = "|".join(re.escape(g).replace(r"\ ", r"\s+") for g in sorted(self._as_group, key=len, reverse=True))
        self._groups = re.compile(rf"(?<!\w)({phrases})(?!\w)", re.IGNORECASE) if groups else None
        self._sv = snowballstemmer.stemmer("swedish")
        self._en = snowballstemmer.stemmer("english")
        # Per instance, bounded like the corrections below: a word's stems are asked for by every reading of a question.
        self._stemmed = lru_cache(maxsize=8192)(self._stem)
        self.topics: dict[str, Topic] = {}
        documents: list[list[str]] = []
        self._phrases: list[list[list[frozenset[str]]]] = []  # per ranked topic: its keywords, each word as its stems
        roles_section = routine.sections.get("roles")
        stop = self._stop  # roles and duty lines are read without leaving out the neutral words
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
            duties = tuple(_role_duties(routine, spec.duties))
            title = spec.title or sections[0].title
            # A topic of duty lines alone quotes "Roller och ansvar"; one from outside the routine names its source.
            source = spec.source or (sections[0].title if sections else roles_section.title if roles_section else title)
            topic = Topic(
                id=spec.id,
                title=title,
                source=source,
                sections=sections,
                options=routine.option_lists.get(spec.options, ()) if spec.options else (),
                related=spec.related,
                duties=duties,
                outside=spec.source is not None,
                request=ActionName(spec.request) if spec.request else None,
            )
            self.topics[topic.id] = topic
            texts: list[Text] = [t for s in sections for t in (s.title, s.text, *s.items)]
            texts += [line for d in duties for line in d.lines]
            # An option by its label and help; one of a topic from outside the routine (a level of the ladder, a method
            # of the catalogue) by its name only: their explanations' everyday words ("meeting", "people", "beslutet")
            # would draw questions the routine answers.
            texts += [t for o in topic.options for t in (o.label, None if topic.outside else o.help) if t]
            texts += [t for step_id in spec.steps for t in _help_texts(routine, step_id)]
            # Keywords count twice: they are the words people ask with, the text is the routine's. They are read as a
            # question is ("poängen" as "syfte"): a synonym in a keyword could never meet the same word in a question.
            keywords = self._terms(" ".join(self._as_read(spec.keywords)))
            documents.append(keywords * 2 + self._terms(" ".join(t.sv + " " + t.en for t in texts)))
            self._phrases.append([phrase for k in self._as_read(spec.keywords) if (phrase := self._word_stems(k))])
        self._ranked = [t for t in self.topics.values() if t.role is None]
        documents = _with_heads(documents)
        self._topic_terms = [frozenset(doc) for doc in documents]
        self._index = bm25s.BM25()
        self._index.index(documents, show_progress=False)
        # Each line of each role's responsibilities, for "who …?" questions.
        self._duties: list[tuple[Role, Duty]] = [(role, duty) for role in routine.roles for duty in role.responsibilities]
        duty_documents = [
            self._terms(" ".join(self._as_read(duty.keywords)), stop) * 2 + self._terms(duty.sv + " " + duty.en, stop)
            for _, duty in self._duties
        ]
        duty_documents = _with_heads(duty_documents)
        self._duty_terms = [frozenset(doc) for doc in duty_documents]
        self._duty_phrases = [
            [p for k in self._as_read(duty.keywords) if (p := self._word_stems(k, stop))] for _, duty in self._duties
        ]
        self._duty_index = bm25s.BM25()
        if duty_documents:
            self._duty_index.index(duty_documents, show_progress=False)
        # Example questions as their words' stems, with what each should get: the routine's words and everyone else's.
        self._ranked_ids = {t.id: i for i, t in enumerate(self._ranked)}
        examples = [(label, self._example_terms(words_of(q))) for label, qs in routine.questions.examples.items() for q in qs]
        self._example_labels = [label for label, terms in examples if terms]
        self._example_index = bm25s.BM25()
        if self._example_labels:
            self._example_index.index([terms for _, terms in examples if terms], show_progress=False)
        self._duty_words = [words_of(w) for w in routine.questions.duty_words]
        self._clause_words = frozenset(w for c in routine.questions.clause_words for w in _folded_words(c))
        self._support_words = frozenset(w for c in routine.questions.support_words for w in _folded_words(c))
        # The phrases that ask for a person, a figure or what the routine never states, and "mitt ansvar", are compared
        # as typed without å/ä/ö ("vem ar", "hur manga", "sager nej").
        self._person_words = [_folded_words(w) for w in routine.questions.person_words]
        self._post_words = tuple(fold(w) for w in routine.questions.post_words)
        self._figure_words = [_phrase_parts(w) for w in routine.questions.figure_words]
        self._counted_words = frozenset(w for c in routine.questions.counted_words for w in _folded_words(c))
        self._responsibility_words = frozenset(w for c in routine.questions.responsibility_words for w in _folded_words(c))
        self._unstated_words = [_phrase_parts(w) for w in routine.questions.unstated_words]
        # Per role: its name and synonyms, each a phrase of words, each word as its stems.
        self._role_names: dict[str, list[list[frozenset[str]]]] = {
            role.id: [self._name_stems(name) for name in (role.name.sv, role.id, *role.synonyms)] for role in routine.roles
        }
        role_vocab = {t for phrases in self._role_names.values() for phrase in phrases for word in phrase for t in word}
        known = {term for doc in documents + duty_documents for term in doc} | role_vocab
        self._known = sorted(known)
        self._known_set = frozenset(known)
        # Words the routine does not use that people ask about it with: in MIN_ASKED example questions a topic answers
        # ("innan", "igång", "ungdomarna"). A question is not about something else for them, though no topic holds them.
        uses = Counter(term for label, terms in examples if label in self._ranked_ids for term in set(terms) - known)
        self._asked = frozenset(term for term, n in uses.items() if n >= MIN_ASKED)
        self._compound_parts = [k for k in self._known if len(k) >= 4]
        # Every word of the routine file (not its example questions: people's words, typos and all) and the bot's
        # messages, typed without å/ä/ö: the words a word one slip of the keyboard from one of them is read as, and the
        # real words that are never corrected.
        lexicon = {
            w
            for text in _strings((routine.model_dump(exclude=EXAMPLES), messages.texts, messages.intents, messages.wording))
            for w in words_of(text)
        }
        # A word typed without å/ä/ö is read as the word it stands for, unless it is a word itself: "andra" (other) is
        # not "ändra" (change).
        self._lexicon = {fold(w): w for w in sorted(lexicon, key=lambda w: (w == fold(w), w))}
        # The example questions' words: people's own, never corrected ("rikta" is no slip for "riktad"), but nothing is
        # corrected to them either (they hold typos: "avdelingschefen").
        said = {fold(w) for qs in routine.questions.examples.values() for q in qs for w in words_of(q)}
        self._real = frozenset(self._lexicon) | said
        # What a slip is corrected to: a word of MIN_EDIT_LENGTH letters or more, no stop word ("ringa" is not "inga").
        self._targets = sorted(w for w in self._lexicon if len(w) >= MIN_EDIT_LENGTH and w not in self._stop)
        # Per instance, bounded: the words people type recur, the made-up ones must not fill memory.
        self._correction = lru_cache(maxsize=4096)(self._correct)
        self._spelling = lru_cache(maxsize=4096)(self._spell)

    # --- words ---------------------------------------------------------------------------------

    def _stems(self, word: str) -> frozenset[str]:
        return self._stemmed(word)

    def _stem(self, word: str) -> frozenset[str]:
        return frozenset({fold(self._sv.stemWord(word)), fold(self._en.stemWord(word))})

    def _word_stems(self, text: str, ignored: frozenset[str] | None = None) -> list[frozenset[str]]:
        ignored = self._ignored if ignored is None else ignored
        return [frozenset(self._stems(w)) for w in words_of(text) if len(w) > 1 and w not in ignored]

    def _name_stems(self, name: str) -> list[frozenset[str]]:
        """A role's name as its words, each as itself and its stems that keep all but its inflection: the stemmers cut
        "kommunikator" and "communicator" to "kommunik", "communic" and "communicat", which "kommunikation",
        "communication" and "communicate" share."""
        return [
            frozenset({fold(w)} | {s for s in self._stems(w) if len(fold(w)) - len(s) <= MAX_NAME_ENDING})
            for w in words_of(name)
            if len(w) > 1 and w not in self._stop
        ]

    def _name_forms(self, word: str) -> set[str]:
        """A typed word as a role's name is compared with it: as typed (without å/ä/ö) and as its stems."""
        return {fold(word)} | self._stems(word)

    def _terms(self, text: str, ignored: frozenset[str] | None = None) -> list[str]:
        """A text's stems, without single letters ("council's") and the ignored words (stop and neutral words)."""
        return [stem for stems in self._word_stems(text, ignored) for stem in sorted(stems)]

    def _example_terms(self, words: list[str]) -> list[str]:
        """Words as example questions are indexed and compared: each of three letters or more as read (`read_as`) and
        stemmed, those the routine does not know too ("lönt", "ungdomarna"), the stop and neutral words left out."""
        return [stem for w in self._read(words) if len(w) >= 3 and w not in self._ignored for stem in sorted(self._stems(w))]

    def _query(self, text: str, ignored: frozenset[str] | None = None) -> Query:
        """The terms of the question's first MAX_QUESTION_WORDS words, with typos corrected and compounds split
        on known words for the first MAX_CORRECTED unknown ones."""
        ignored = self._ignored if ignored is None else ignored
        per_word: list[tuple[str, ...]] = []
        words: list[str] = []
        unknown = 0
        for word in self._read(_read_words(text)):
            if len(word) < 2 or word in ignored:
                continue
            hits = self._stems(word) & self._known_set
            if not hits and len(word) < MIN_CONTENT_LENGTH:
                continue  # an unknown short word is a function word the stop words lack, or too short to correct
            if not hits:
                unknown += 1
            terms = tuple(sorted(hits)) if hits else self._correction(word) if unknown <= MAX_CORRECTED else ()
            if not terms and (asked := self._stems(word) & self._asked):
                terms = tuple(sorted(ASKED + a for a in asked))  # known, though no document holds it
            per_word.append(terms)
            words.append(fold(word))
        return Query([t for terms in per_word for t in terms if not t.startswith(ASKED)], per_word, words)

    def _read(self, words: list[str]) -> list[str]:
        """The words with each synonym (`questions.read_as`, the longest first) replaced by the routine's word for it:
        "föreningar" as "civilsamhället", "in person" as "physical"; compared as typed without å/ä/ö, so that a phrase
        typed partly without them is one too ("tjänar vi pa")."""
        folded = [fold(w) for w in words]
        read: list[str] = []
        i = 0
        while i < len(words):
            for n in range(min(self._longest_synonym, len(words) - i), 0, -1):
                if (said := tuple(folded[i : i + n])) in self._read_as:
                    read += self._read_as[said]
                    i += n
                    break
            else:
                read.append(words[i])
                i += 1
        return read

    def _as_target_group(self, question: str) -> str:
        """A who-question with the people a dialogue is with (`questions.group_words`, compared without å/ä/ö) read as
        the target group: "vem ska informera de anhöriga?" as "vem ska informera målgruppen?"."""
        if self._groups is None:
            return question
        read, last = [], 0
        for found in self._groups.finditer(fold(question.lower())):  # a letter for a letter: the places are the question's
            read += [question[last : found.start()], self._as_group[" ".join(found.group(0).split())]]
            last = found.end()
        return "".join(read) + question[last:]

    def _as_read(self, keywords: tuple[str, ...]) -> list[str]:
        """Keyword phrases read as a question is, to be found whole in one: "citizen dialogue" as "medborgardialog"."""
        return list(dict.fromkeys(" ".join(self._read(words_of(k))) for k in keywords))

    def _spelled(self, text: str) -> list[str]:
        """The text's first MAX_QUESTION_WORDS words, the first MAX_CORRECTED of them that the matcher does not know
        each replaced by a word it knows one slip of the keyboard away (a letter dropped, doubled, swapped or mistyped:
        "rutnen", "asvar", "thnaks"), if there is one; and a word typed without å/ä/ö as the word it stands for, so that it
        is stemmed as that ("efterat" is "efteråt", not "efter" and "-at")."""
        words = [self._lexicon.get(w, w) if len(w) >= MIN_EDIT_LENGTH else w for w in _read_words(text)]
        unknown = [i for i, w in enumerate(words) if len(w) >= MIN_EDIT_LENGTH and fold(w) not in self._real]
        for i in unknown[:MAX_CORRECTED]:
            words[i] = self._spelling(words[i])
        return words

    def _spell(self, word: str) -> str:
        """The known word one slip away from `word`, with the same first letter (people seldom slip on it: "lagen" is
        not "dagen"), that starts most like it, else `word` itself."""
        typed = fold(word)
        near = process.extract(typed, self._targets, scorer=OSA.distance, score_cutoff=1, limit=None)
        near = [m for m in near if m[0][:1] == typed[:1]]
        if not near:
            return word
        return self._lexicon[min(near, key=lambda m: (m[1], -_same_start(typed, m[0]), m[0]))[0]]

    def _correct(self, word: str) -> tuple[str, ...]:
        """An unknown word as known terms: the nearest known stem (a typo), else the known words a long compound
        starts or ends with, else nothing."""
        stem = fold(self._sv.stemWord(word))
        if len(stem) >= MIN_TYPO_LENGTH:
            match = process.extractOne(stem, self._known, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            if match:
                return (match[0],)
        if len(stem) >= 8:
            # A compound is a kind of its last part: "enkätverktyg" is a tool, not a survey, so a word whose head
            # the routine does not know is unknown, whatever it starts with.
            heads = [k for k in self._compound_parts if stem.endswith(k)]
            if heads:
                # Its longest head and the longest known word it starts with: two words it starts with would read
                # "kommunikationsavdelningen" as "kommunikation" and "kommunikat", which names the kommunikatör.
                starts = [k for k in self._compound_parts if stem.startswith(k) and k not in heads]
                return tuple(sorted((max(heads, key=len), *([max(starts, key=len)] if starts else []))))
        return ()

    def language(self, text: str, default: Lang) -> Lang:
        words = words_of(text)
        english = sum(w in self.vocab.english_words for w in words)
        swedish = sum(w in self.vocab.swedish_words for w in words) + sum(ch in "åäö" for ch in plain(text))
        if english > swedish:
            return "en"
        if swedish > english:
            return "sv"
        return default

    def looks_like_question(self, text: str) -> bool:
        """Ends with "?", or starts with a question word, after the filler of chat: "asså hur funkar det …"."""
        asks = self.vocab.question_words
        first = next((w for w in words_of(text) if w in asks or w not in self._neutral), None)
        return text.strip().endswith("?") or first in asks

    # --- answering -----------------------------------------------------------------------------

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics.get(topic_id)

    def with_draft_role(self, answer: Answer, role: str | None) -> Answer:
        """'Vad är mitt ansvar?' (`ask_role`) answered with the duties of `role`, the user's latest draft's, if any."""
        topic = self.topics.get(f"role_{role}") if role and answer.kind == "ask_role" else None
        return Answer("topic", answer.lang, topic=topic, role_from_draft=True) if topic else answer

    def _roles_named(self, query: Query) -> list[str]:
        """The roles whose name or a synonym occurs in the question: every word of it, in order, as written or by a stem
        that keeps all but its inflection."""
        words = [{*terms, word} for terms, word in zip(query.per_word, query.words, strict=True)]

        def occurs(phrase: list[frozenset[str]]) -> bool:
            n = len(phrase)
            return n > 0 and any(all(phrase[k] & words[i + k] for k in range(n)) for i in range(len(words) - n + 1))

        return [role_id for role_id, phrases in self._role_names.items() if any(occurs(p) for p in phrases)]

    def _rank(self, terms: list[str]) -> list[tuple[int, float]]:
        if not terms:
            return []
        scores = self._index.get_scores(terms)
        present = set(terms)
        found = [[frozenset(p) for p in phrases if all(word & present for word in p)] for phrases in self._phrases]
        # A keyword phrase found inside a longer one of another topic's is that topic's: "costs of an external initiative"
        # is the planning's, not the initiatives' "external initiative".
        longer = [{q for j, qs in enumerate(found) if j != i for q in qs} for i in range(len(found))]
        bonus = [sum(len(p) for p in ps if len(p) == 1 or not any(p < q for q in longer[i])) for i, ps in enumerate(found)]
        totals = [(i, float(score) + b) for i, (score, b) in enumerate(zip(scores, bonus, strict=True))]
        return sorted(((i, score) for i, score in totals if score > 0), key=lambda pair: pair[1], reverse=True)

    def asks_own_responsibility(self, question: str) -> bool:
        """'Vad är mitt ansvar?' without naming a role: the caller looks up the user's latest role."""
        words = [fold(w) for w in self._spelled(question)]
        if any(_says(words, m) for m in self.vocab.my_responsibility):
            return True
        # What one is to do is one's own part, unless what is said before it, or after it from a word that says what it
        # is about, is clearly about a part of the routine: "vad ska jag göra om en förening hör av sig?" is about
        # initiatives, "vad ska jag göra enligt rutinen?" about one's part.
        doing = next((places for m in self.vocab.my_doing if (places := _places(words, m))), None)
        if doing is None:
            return False
        after = max(doing) + 1
        about = next((i for i in range(after, len(words)) if words[i] in self.vocab.my_doing_about), len(words))
        rest = self._query(" ".join(words[: min(doing)] + words[about:]))
        return self._clear_topic(self._rank(rest.terms), rest) is None

    def _own_role(self, words: list[str], folded: list[str], roles: list[str]) -> str | None:
        """In a question that asks one's own part, the one role of those named that is named as one's own: its name
        within two words after a `my_role` phrasing ("Vad ska jag som enhetschef göra?", "jag har nyss börjat som
        enhetschef … fick rutinen av min avdelningschef … vad förväntas av mig?")."""
        if not any(_says(folded, m) for m in (*self.vocab.my_responsibility, *self.vocab.my_doing)):
            return None
        mine = [
            r
            for r in roles
            if any(
                tuple(folded[i : i + len(p)]) == p
                and any(self._name_forms(w) & name[0] for w in words[i + len(p) : i + len(p) + 2])
                for p in self.vocab.my_role
                for i in range(len(folded))
                for name in self._role_names[r]
                if name
            )
        ]
        return mine[0] if len(mine) == 1 else None

    def _small_talk(self, question: str, typed: str) -> Answer | None:
        """A greeting or thanks, alone or followed by words that ask nothing ("tack, det hjälpte", "hi there"), and
        after a word of approval or surprise ("toppen, tack!", "great, thanks a lot"); a greeting before a question is
        the question's (`typed`, the message as typed: a "?" anywhere in it, or a clause of it that opens with a question
        word: "Hi, I'm the IT project manager … how do I check whether it qualifies?", a long message whose question is
        in its middle)."""
        words = words_of(question)
        asks = "?" in typed or any(self.looks_like_question(clause) for clause in CLAUSE_MARK.split(typed))
        for phrases, kind in ((self.vocab.greetings, "greeting"), (self.vocab.thanks, "thanks")):
            if (opening := self._opening(words, phrases)) and (opening[0] == len(words) or not asks):
                return Answer("greeting" if kind == "greeting" else "thanks", opening[1])
        return None

    def _opening(self, words: list[str], phrases: dict[str, Lang]) -> tuple[int, Lang] | None:
        """The greeting or thanks of `phrases` the words open with, also after a word of approval or surprise ("toppen,
        tack", "great, thanks"): how many words it takes, and its language; None when they open with none."""
        start = 1 if len(words) > 1 and words[0] in self.vocab.interjections else 0
        for n in range(min(3, len(words) - start), 0, -1):
            if (said := " ".join(words[start : start + n])) in phrases:
                return start + n, phrases[said]
        return None

    def _without_small_talk(self, typed: str) -> str:
        """The message less the small talk around its question: a greeting its sentences begin with ("Hej! …", "Hi
        Dialogstöd, …") and its sentences of thanks that ask nothing ("Tack på förhand!", "Thanks in advance, Anna"), which
        would count as words the routine lacks or draw a section ("förhand" read as "förändra"). The message as typed
        when nothing else is left."""
        kept: list[str] = []
        for sentence in SENTENCE.findall(typed):
            words = words_of(sentence)
            if self._opening(words, self.vocab.thanks) and "?" not in sentence:
                continue
            if greeting := self._opening(words, self.vocab.greetings):
                sentence = plain(sentence)  # as words_of reads it: the places of its words are this text's
                sentence = sentence[list(WORD.finditer(sentence))[greeting[0] - 1].end() :]
            if words_of(sentence):
                kept.append(sentence)
        return "".join(kept) if kept else typed

    def _who_words(self, question: str) -> set[int]:
        """The places of the words that ask who holds a duty ("vem ansvarar för", "who"): none when it asks no one."""
        words = _read_words(question)
        return {
            i + k for w in self._duty_words if w for i in range(len(words)) if words[i : i + len(w)] == w for k in range(len(w))
        }

    def _duty(self, question: str, topic: int | None) -> tuple[Role, Duty] | list[Role] | None:
        """For a "who" question: the best line holding more than half of its words (those that say what it is about:
        not how it is put, "vem fixar …"), and that line's role; of lines that score nearly as well, the one holding
        the most of those words; the roles, when another role's line scores nearly as well and none holds more; None
        when no line matches well enough, or the clear topic holds more of the words ("vem bjuder in när
        civilsamhället tar initiativ?" is about initiatives). Scored on the words as typed, neutral words too."""
        query = self._query(question, self._stop)
        if not query.terms or not self._duties:
            return None
        subject = self._query(question)
        present = set(query.terms)
        bm25 = self._duty_index.get_scores(query.terms)
        scores = [float(s) + _phrase_bonus(p, present) for s, p in zip(bm25, self._duty_phrases, strict=True)]
        holding = [i for i, terms in enumerate(self._duty_terms) if _holds(terms, subject, strictly=True)]
        best = max(holding, key=scores.__getitem__, default=None)
        # A subject of one word that lines hold whole ("vem ansvarar för återkopplingen?") scores low in BM25 however
        # well it matches: the lines that hold it answer, not a section that mentions it.
        if best is None or (scores[best] < MIN_DUTY_SCORE and len(set(subject.terms)) > 1):
            return None
        # Every line holding that one word holds it as well as any other, a supporting line too ("ge stöd … för
        # information och återkoppling"): BM25's preference for the shorter line says nothing of who holds the duty.
        if len(subject.per_word) == 1 and len(roles := list(dict.fromkeys(self._duties[i][0] for i in holding))) > 1:
            return roles
        # A topic of duty lines ("Efter beslutet") is no better answer to who holds one of them than the line.
        other = topic is not None and not self._ranked[topic].duties
        if other and topic is not None and _held(self._topic_terms[topic], subject) > _held(self._duty_terms[best], subject):
            return None
        # Of the lines that score nearly as well, one that holds more of what is asked than each of the others answers:
        # "who helps with getting information out to the target groups?" is the line that helps with information.
        close = [i for i in holding if scores[i] * MIN_DUTY_MARGIN > scores[best]]
        # A line of support is no answer to who holds the duty beside the line that holds it, unless support is asked:
        # "vem ger återkoppling till målgruppen?" is the avdelningschef's, "who helps with the information?" the
        # kommunikatör's.
        if not self._support_words.intersection(query.words) and (
            held_lines := [i for i in close if not self._duties[i][1].supports]
        ):
            close, best = held_lines, max(held_lines, key=scores.__getitem__)
        held = {i: _held(self._duty_terms[i], subject) for i in close}
        most = [i for i in close if held[i] == max(held.values())]
        if len(close) > 1 and len(most) == 1:
            return self._duties[most[0]]
        role, duty = self._duties[best]
        # Only lines that hold what is asked: "ha kunskap om rutinen" (know the routine) makes no question about "which
        # processes can benefit from citizens' knowledge" a question about every role.
        others = [r for r in dict.fromkeys(self._duties[i][0] for i in close) if r.id != role.id]
        return [role, *others] if others else (role, duty)

    def _asked_clause(self, question: str) -> str | None:
        """A who-question's own clause: of the first part of the question (between punctuation marks) that begins with
        words that ask who ("efter beslutet i nämnden, vem informerar målgrupperna?"; not "the people who sent …"), the
        words after them up to the first that begins a clause of when or why (`questions.clause_words`); None when that
        is all the question says, or no part begins so."""
        parts = [words_of(part) for part in CLAUSE_MARK.split(question)]
        whole = sum(map(len, parts))
        for words in parts:
            asking = next((w for w in sorted(self._duty_words, key=len, reverse=True) if w and words[: len(w)] == w), None)
            if asking is None:
                continue
            start = len(asking)
            end = next((i for i in range(start, len(words)) if fold(words[i]) in self._clause_words), len(words))
            return " ".join(words[start:end]) if start < end and end - start + len(asking) < whole else None
        return None

    def _held_by_another(self, text: str, role: Role) -> bool:
        """Whether a line of another role's holds more than half of what the text asks."""
        subject = self._query(text)
        return any(
            r.id != role.id and _holds(terms, subject, strictly=True)
            for (r, _), terms in zip(self._duties, self._duty_terms, strict=True)
        )

    def _nearest_label(self, question: str) -> tuple[str, float, float] | None:
        """What the example questions nearest to the question should get, its share of their scores, and the nearest
        one's score; None when none shares a word with it."""
        terms = self._example_terms(_read_words(question))
        if not terms or not self._example_labels:
            return None
        scores = self._example_index.get_scores(terms)
        nearest = heapq.nlargest(EXAMPLE_NEIGHBOURS, range(len(scores)), key=scores.__getitem__)
        if scores[nearest[0]] <= 0:
            return None
        votes: dict[str, float] = {}
        for i in nearest:
            votes[self._example_labels[i]] = votes.get(self._example_labels[i], 0.0) + float(scores[i])
        label = max(votes, key=votes.__getitem__)
        return label, votes[label] / sum(votes.values()), float(scores[nearest[0]])

    def _as_the_examples(self, question: str, clear: int | None, ranked: list[tuple[int, float]], query: Query) -> int | None:
        """The topic to answer with, the examples heard: their label when the routine's words leave the question unsure
        and rank it among the first (with a near example), or first or second (two voters agreeing, however near the
        examples: the topic must then cover the question as a clear one does), or when nearly all the nearest examples
        hold it; else the routine's words' choice."""
        nearest = self._nearest_label(question)
        topic = self._ranked_ids.get(nearest[0]) if nearest else None
        if nearest is None or topic is None:
            return clear
        _, share, score = nearest
        if clear is None:
            first = [i for i, _ in ranked[:MAX_SUGGESTIONS]]
            if score >= MIN_EXAMPLE_SCORE and share >= MIN_EXAMPLE_SHARE and topic in first:
                return topic
            agreeing = topic in [i for i, _ in ranked[:AGREEING_RANKS]] and self._covers(topic, query)
            return topic if agreeing else None
        if share >= MIN_OVERRIDE_SHARE and score >= MIN_OVERRIDE_SCORE:
            return topic
        # Clear by less than MIN_MARGIN (close to a related runner-up, or holding the most words): the examples decide
        # between the two as they settle an unsure question.
        narrow = len(ranked) > 1 and ranked[0][1] < MIN_MARGIN * ranked[1][1] and topic == ranked[1][0]
        return topic if narrow and score >= MIN_EXAMPLE_SCORE and share >= MIN_EXAMPLE_SHARE else clear

    def _asks_for_a_person(self, words: list[str], folded: list[str], roles: list[str]) -> bool:
        """ "Vem är stadsdelsdirektör?", "who is our unit manager?": a person-asking phrase, then the role's name
        within the next two words (the question's words as typed and folded)."""
        names = [name[0] for r in roles for name in self._role_names[r] if name]
        return any(
            folded[i : i + len(p)] == p
            and any(self._name_forms(w) & first for w in words[i + len(p) : i + len(p) + 2] for first in names)
            for p in self._person_words
            if p
            for i in range(len(words))
        )

    def _named_duty(self, question: str, roles: list[str]) -> list[str]:
        """Of several roles named, those whose duty line the question asks about, read without the roles' names and the
        words that ask who: "är det jag som avdelningschef som ska ta emot det?" (receiving internal initiatives), "Is it
        the unit manager or the head of department who evaluates the results?". All of them when no line answers."""
        names = {stem for r in roles for phrase in self._role_names[r] for word in phrase for stem in word}
        words = _read_words(question)
        places = {i for i, w in enumerate(words) if self._name_forms(w) & names} | self._who_words(question)
        duty = self._duty(_without(question, places), None)
        held = [duty[0]] if isinstance(duty, tuple) else duty or []
        return [r for r in roles if any(h.id == r for h in held)] or roles

    def _asks_for_a_post(self, folded: list[str]) -> bool:
        """ "Vem är förvaltningens HR-chef?", "who is the chair of the council?": a person-asking phrase, then a post (a
        word that is or ends with one of `post_words`) within the next three words."""
        return any(
            folded[i : i + len(p)] == p and any(w.endswith(self._post_words) for w in folded[i + len(p) : i + len(p) + 3])
            for p in self._person_words
            if p
            for i in range(len(folded))
        )

    def _asks_for_a_figure(self, folded: list[str]) -> bool:
        """ "Hur många kom på trygghetsvandringen?", "what did it cost?": a count or a cost, which the routine never
        states, unless of something it counts, named in one of the two words right after the asking ("hur många
        målgrupper finns det?", not "how many people from the target group took part?")."""
        return any(
            (ends := list(_ends(folded, f))) and all(self._counted_words.isdisjoint(folded[end : end + 2]) for end in ends)
            for f in self._figure_words
        )

    def _asks_what_it_never_states(self, folded: list[str]) -> bool:
        """ "Vad händer om nämnden säger nej?": the routine states what follows a yes only."""
        return any(_says(folded, u) for u in self._unstated_words)

    def _about_something_else(self, question: str, roles: list[str]) -> bool:
        """A role named in a question mostly about what the routine does not hold ("Vilken lön har en
        enhetschef?"): of its other words of three letters or more, at least as many are unknown to the routine as known.
        Never when it asks what the role is responsible for (`questions.responsibility_words`): "Jag är assistent åt
        stadsdelsdirektören. Vad är hon ansvarig för?" asks for its duties, whatever an "assistent" is."""
        if any(fold(w) in self._responsibility_words for w in _read_words(question)):
            return False
        names = {stem for r in roles for phrase in self._role_names[r] for word in phrase for stem in word}
        known = unknown = 0
        for word in self._read(_read_words(question)):
            if len(word) < 3 or word in self._ignored or self._name_forms(word) & names:
                continue
            if self._stems(word) & self._known_set:
                known += 1
            elif len(word) < MIN_CONTENT_LENGTH or unknown >= MAX_CORRECTED:
                unknown += 1  # past MAX_CORRECTED unknown words the question is about something else anyway
            elif not self._correction(word):
                unknown += 1
            else:
                known += 1
        return unknown > 0 and unknown >= known

    def _clear_topic(self, ranked: list[tuple[int, float]], query: Query) -> int | None:
        """The best topic when it is a clear winner and covers the question, else None."""
        if not ranked:
            return None
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        # Of topics scoring nearly as well, the one holding more than half of the question's words, and more of them
        # than each other, answers: "Do different target groups need different information when we plan?".
        close = {i: s for i, s in ranked if s * MOST_HELD_MARGIN > score}
        held = {i: _held(self._topic_terms[i], query) for i in close}
        most = [i for i in close if held[i] == max(held.values())]
        if len(close) > 1 and len(most) == 1 and _holds(self._topic_terms[most[0]], query, strictly=True):
            return most[0] if close[most[0]] >= MIN_SCORE and self._covers(most[0], query) else None
        # Close to the runner-up is still clear when the runner-up is a related topic (the answer offers it as a
        # button) and the best holds more than half of the question's words.
        close_and_related = (
            len(ranked) > 1
            and self._ranked[ranked[1][0]].id in self._ranked[best].related
            and _holds(self._topic_terms[best], query, strictly=True)
        )
        clear = score >= MIN_MARGIN * runner_up or close_and_related
        dominant = score >= DOMINANT_MARGIN * runner_up
        # The product's own content (the ladder, the methods, the calls), found by its keywords alone, answers what is
        # mostly about it, or what nothing else comes near: "måste nämnden besluta om varje dialog?" is not the calls'
        # "nämnden besluta", whose words the routine's topics behind it hold more of.
        if self._ranked[best].outside and not (dominant or _holds(self._topic_terms[best], query, strictly=True)):
            return None
        return best if score >= MIN_SCORE and clear and self._covers(best, query, dominant) else None

    def _covers(self, topic: int, query: Query, dominant: bool = False) -> bool:
        """Most of the question's words are the routine's, and the topic holds at least half of them all or more than
        half of those the routine knows: a word the routine lacks ("skiljer", "nutshell") already counts against the
        question once, in the first share, and should not count against each topic again. A dominant topic needs to
        hold only MIN_DOMINANT_HELD of them ("the highest step on the participation ladder")."""
        known = sum(bool(terms) for terms in query.per_word)
        held = _held(self._topic_terms[topic], query)
        return known > MIN_COVERAGE * len(query.per_word) and (
            _holds(self._topic_terms[topic], query) or held > MIN_COVERAGE * known or (dominant and held >= MIN_DOMINANT_HELD)
        )

    def _marked(self, text: str) -> str:
        """The text as `answer` reads it (`_spelled`), its parts still apart: what `_asked_clause` reads. Only the parts
        of the words read: a long message costs no more than its first MAX_QUESTION_WORDS words."""
        spelled = self._spelled(text)
        words, left, parts = iter(spelled), len(spelled), []
        for part in CLAUSE_MARK.split(text):
            if left <= 0:
                break
            n = min(len(words_of(part)), left)
            parts.append(" ".join(islice(words, n)))
            left -= n
        return ", ".join(part for part in parts if part)

    def answer(self, question: str, lang: Lang) -> Answer:
        """The question's answer; one's own part asked without a role named is `ask_role`, which `with_draft_role`
        answers with the role of the user's latest draft, if any. Small talk around a question is no part of it; and
        when a message of several sentences, one of them asking, gets no answer, that sentence alone may: "Jag har läst
        rutinen men blir inte klok på en sak. Vad menas med medborgare?" asks what a citizen is."""
        if small_talk := self._small_talk(self._with_mark(question), question):
            return small_talk
        typed = self._without_small_talk(question)
        whole = self._answer(typed, lang)
        sentences = [s for s in SENTENCE.findall(typed) if words_of(s)]
        asking = [s for s in sentences if "?" in s]
        if whole.kind == "suggest" and len(sentences) > 1 and len(asking) == 1:
            alone = self._answer(asking[0], lang)
            if alone.kind == "topic":
                return alone
        return whole

    def _with_mark(self, typed: str) -> str:
        """The message as read (`_spelled`), with its question mark at the end."""
        return " ".join(self._spelled(typed)) + ("?" if typed.rstrip().endswith("?") else "")

    def _answer(self, typed: str, lang: Lang) -> Answer:
        """The answer to the message without its small talk, read whole."""
        question = self._with_mark(typed)
        lang = self.language(question, lang)

        query = self._query(question)
        terms = query.terms
        # A role is a strong answer: roles and duty lines are matched on the question's words as typed, neutral
        # words too, so that a who-question must match a line on all it says, not on what is left of it.
        as_typed = self._query(question, self.vocab.stopwords)
        roles = self._roles_named(as_typed)
        words = _read_words(question)
        folded = [fold(w) for w in words]
        # A role named in a question that asks for a person, a figure ("hur många enhetschefer behövs?") or mostly
        # something else is no question about its duties: the role is offered, not answered with. One's own part in
        # it is ("jag har precis börjat som kommunikatör, vilken är min del i det här?"), whatever else is said.
        own = self.asks_own_responsibility(question)
        # One's own role named in it answers, whatever else is said or named: "Vad ska jag som avdelningschef göra när
        # en av mina enhetschefer kommer med en idé?" is the avdelningschef's part.
        if mine := self._own_role(words, folded, roles):
            roles, own = [mine], True
        # Of several roles named, the one whose duty the question asks about: "om en enhetschef på min avdelning vill
        # starta en dialog, är det jag som avdelningschef som ska ta emot det?" (the avdelningschef receives it).
        if len(roles) > 1:
            roles = self._named_duty(question, roles)
        if roles and (
            self._asks_for_a_person(words, folded, roles)
            or self._asks_for_a_figure(folded)
            or (not own and self._about_something_else(question, roles))
        ):
            return Answer("suggest", lang, suggestions=tuple(self.topics[f"role_{r}"] for r in roles))
        if len(roles) == 1:
            return Answer("topic", lang, topic=self.topics[f"role_{roles[0]}"])
        if not roles and own:
            return Answer("ask_role", lang, suggestions=tuple(t for t in self.topics.values() if t.role))
        if roles:
            return Answer("suggest", lang, suggestions=tuple(self.topics[f"role_{r}"] for r in roles))
        ranked = self._rank(terms)
        clear = self._clear_topic(ranked, query)
        who = self._who_words(question)
        # The words that ask who are no evidence of which duty: "vem ansvarar för att rutinen hålls aktuell?".
        # The people it is with, in the asker's words, are the target group: "vem ska informera de anhöriga?".
        asked_who = self._as_target_group(question) if who else question
        duty = self._duty(_without(asked_who, self._who_words(asked_who)), clear) if who else None
        # Its parts read apart: "Personalen vill att ungdomarna får tycka till. Vem ska lägga fram förslaget?".
        if who and not isinstance(duty, tuple) and (clause := self._asked_clause(self._as_target_group(self._marked(typed)))):
            # Said around the duty, when or on what condition is no duty of its own: "Vem tar emot det när en förening
            # föreslår en dialog?" asks who receives it, not who proposes a dialogue. Unless another role's line holds
            # what the clause asks as well ("vem genomför dialogen när den är beslutad?": both lines say it).
            asked = self._duty(clause, clear)
            if isinstance(asked, tuple) and not self._held_by_another(clause, asked[0]):
                duty = asked
        if isinstance(duty, tuple):
            return Answer("topic", lang, topic=replace(self.topics[f"role_{duty[0].id}"], duty=duty[1]))
        if isinstance(duty, list):
            return Answer("suggest", lang, suggestions=tuple(self.topics[f"role_{r.id}"] for r in duty))
        if not (self._asks_for_a_figure(folded) or self._asks_what_it_never_states(folded) or self._asks_for_a_post(folded)):
            chosen = self._as_the_examples(question, clear, ranked, query)
            if chosen is not None:
                return Answer("topic", lang, topic=self._ranked[chosen])
        suggestions = tuple(self._ranked[i] for i, _ in ranked[:MAX_SUGGESTIONS]) or tuple(
            self.topics[t] for t in ("dialogue", "target_groups", "planning") if t in self.topics
        )
        return Answer("suggest", lang, suggestions=suggestions)


def explanation(option: Option) -> Text | None:
    """What an option means, as an answer quotes it: its help, or a method's description."""
    return option.help or (option.description if isinstance(option, Method) else None)


def _phrase_bonus(phrases: list[list[frozenset[str]]], present: set[str]) -> int:
    """A keyword phrase found whole in the question (each word by a stem) is strong evidence: its length in words."""
    return sum(len(p) for p in phrases if all(word & present for word in p))


def _phrase_parts(phrase: str) -> tuple[tuple[str, ...], ...]:
    """A phrase of `figure_words` or `unstated_words` as its parts, split where it is written with "…"."""
    return tuple(tuple(words) for part in phrase.split("…") if (words := _folded_words(part)))


def _says(words: list[str], parts: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the words hold the phrase's parts in order, at most MAX_GAP words between two: "how much … cost" is in
    "how much did the safety walk cost?"."""
    return next(_ends(words, parts), None) is not None


def _places(words: list[str], parts: tuple[tuple[str, ...], ...]) -> set[int]:
    """The places of the phrase's words where the words first hold its parts in order (see `_says`); none if nowhere."""
    return next(_matches(words, parts), set())


def _ends(words: list[str], parts: tuple[tuple[str, ...], ...]) -> Iterator[int]:
    """Where each place the words hold the phrase's parts in order ends (see `_says`)."""
    return (max(places) + 1 for places in _matches(words, parts))


def _matches(words: list[str], parts: tuple[tuple[str, ...], ...]) -> Iterator[set[int]]:
    """The places of the phrase's words, for each place the words hold its parts in order (see `_says`)."""
    if not parts:
        return
    first, rest = parts[0], parts[1:]
    for i in range(len(words) - len(first) + 1):
        if tuple(words[i : i + len(first)]) != first:
            continue
        places, end = set(range(i, i + len(first))), i + len(first)
        for part in rest:
            starts = range(end, min(end + MAX_GAP, len(words) - len(part)) + 1)
            at = next((j for j in starts if tuple(words[j : j + len(part)]) == part), -1)
            if at < 0:
                break
            places |= set(range(at, at + len(part)))
            end = at + len(part)
        else:
            yield places


def _strings(value: object) -> Iterator[str]:
    """Every string in nested dicts (keys too), lists, tuples and dataclasses."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif is_dataclass(value) and not isinstance(value, type):
        yield from _strings(vars(value))


def _read_words(text: str) -> list[str]:
    """The words of a message that are read: its first MAX_QUESTION_WORDS."""
    return words_of(text)[:MAX_QUESTION_WORDS]


def _folded_words(text: str) -> list[str]:
    """A text's words as typed without å/ä/ö."""
    return [fold(w) for w in words_of(text)]


def _same_start(a: str, b: str) -> int:
    """How many letters two words start with alike: of known words one slip away, the likeliest meant."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _with_folded(words: frozenset[str]) -> frozenset[str]:
    """Words also as typed without å/ä/ö ("vad ar", "nar"): a folded stop word is still a stop word."""
    return words | frozenset(fold(w) for w in words)


def _without(text: str, places: set[int]) -> str:
    """The text's words less those at the given places."""
    return " ".join(w for i, w in enumerate(words_of(text)) if i not in places)


def _held(document: frozenset[str], query: Query) -> int:
    """How many of the question's words are in the document."""
    return sum(bool(document.intersection(terms)) for terms in query.per_word)


def _holds(document: frozenset[str], query: Query, strictly: bool = False) -> bool:
    """At least half of the question's words are in the document (more than half, strictly)."""
    held = _held(document, query)
    return held > MIN_COVERAGE * len(query.per_word) if strictly else held >= MIN_COVERAGE * len(query.per_word)


def _with_heads(documents: list[list[str]]) -> list[list[str]]:
    """Each document with the heads of its compounds: a term that ends in another known term of five letters
    or more, after at least three letters ("medborgardialog", "målgrupp"), also counts as that term ("dialog",
    "grupp")."""
    vocabulary = {t for doc in documents for t in doc}
    heads = {t: [t[i:] for i in range(3, len(t) - 4) if t[i:] in vocabulary] for t in vocabulary}
    return [doc + [h for t in doc for h in heads[t]] for doc in documents]


def _role_duties(routine: Routine, refs: dict[str, tuple[str, ...]]) -> Iterator[RoleDuties]:
    """The duty lines a topic names, per role, in the routine's order of roles and lines."""
    for role in routine.roles:
        if ids := refs.get(role.id):
            yield RoleDuties(role, tuple(d for d in role.responsibilities if d.id in ids))


def _help_texts(routine: Routine, step_id: str) -> list[Text]:
    """A wizard step's own texts that explain the routine: its intro and its fields' help."""
    step = routine.step(step_id)
    if step is None:
        return []
    return [t for t in (step.intro, *(f.help for f in step.fields)) if t]
