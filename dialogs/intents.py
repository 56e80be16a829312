"""Typed requests understood as intents: one scoring mechanism over phrasings kept as locale data
(`intents` in dialogs/locales/messages.yaml, Swedish and English).

A phrasing ("visa förslaget", "download word") is found in a message when each of its words is, in order
and with other words between allowed: the same word; an inflection or compound of it (one starts with the
other and is at most MAX_SUFFIX letters longer, not by a past tense: "förslaget" for "förslag", "wordfil" for
"word", but not "hjälpte" for "hjälp"); or a typo of it (one edit in a word of five to seven letters, two in a
longer one, a swap of two letters counting as one; in a four-letter word only a swap). Å, ä, ö and é are read
as a, a, o and e, so "forsatt dar jag slutade" is "fortsätt där jag slutade".
Each word found scores 1 when the same, 0.9 when inflected and 0.8 when misspelt; a phrasing scores the sum,
an intent its best phrasing, and the intents found are ranked by score (the longer phrasing wins: "nytt
tjänsteutlåtande" over "hjälp" in "kan du hjälpa mig börja på ett nytt tjänsteutlåtande?"); one found in fillers
only after every other ("continue" before "my drafts" in "continue my park draft"). A request's words
after "det var" / "that was" in the same clause say what something was, not what is asked, and after "tack för" /
"thanks for" what the thanks are for: "tack, det var till hjälp!" and "tack för hjälpen!" are thanks, "det var bra,
visa förslaget" still a request.

What the best phrasing did not use is the match's `rest`: the message's other words less the fillers ("kan
du", "please", "utkastet") and the intent's own words ("stop, never mind"): a draft's title, a call, a person,
or a sign that the message is about something else. Whether it is (a question, an answer) is for the use case
to decide: dialogs/features/commands.py.

Cost: only the first MAX_CHARS characters of a message are read, and a message of more than MAX_WORDS words
is no request (it is an answer or a question), unless it opens with one whose subject may run on (RUNS_ON): a 200 KB
message costs what a short one does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import OSA

from dialogs.language import LANGS, WORD, fold, words_of
from dialogs.messages import Messages

MAX_CHARS = 300
MAX_WORDS = 16
MAX_SUFFIX = 3  # "förslag" -> "förslaget", "word" -> "wordfil"
PAST_TENSE = frozenset({"te", "de", "ade", "tes", "des"})  # "det hjälpte" is no request for help
# A request's words after these say what something was, or what thanks are for, they ask for nothing: "tack, det var till
# hjälp!", "tack för hjälpen!" (compared as typed without å/ä/ö).
PAST_STATEMENTS = (("det", "var"), ("that", "was"), ("it", "was"), ("this", "was"), ("tack", "for"), ("thanks", "for"))
CLAUSE_END = re.compile(r"[,.;:!?]")
ADDRESSED_END = re.compile(r"[,:]")  # "send it back to Anna: …": whom, then what is said
LEADING = " \t\n,.:;-–"  # what stands between a request's words and what it says: "Kommentar: …", "svara Kim att, …"
COLON = re.compile(r"\s*:")  # "nytt utkast: trygghetsvandring i Råcksta": what follows is what it is about
EMAIL = re.compile(r"[^\s@,;:]+@[^\s@,;:]+\.\w+")
MIN_FUZZY = 4  # shorter words must be typed exactly
MIN_ANY_TYPO = 5  # shorter words may only have two letters swapped
SAME, INFLECTED, MISSPELT = 1.0, 0.9, 0.8


class Intent(StrEnum):
    """What a typed request asks for; the names are the keys of `intents` in the messages file."""

    NEW_DRAFT = "new_draft"
    MY_DRAFTS = "my_drafts"
    CONTINUE = "continue"
    WHERE_AM_I = "where_am_i"
    SHOW_PROPOSAL = "show_proposal"
    DOWNLOAD_WORD = "download_word"
    DOWNLOAD_PDF = "download_pdf"
    OPEN_PAGE = "open_page"
    SHARE = "share"
    SHARES = "shares"
    REMINDERS = "reminders"
    WATCH_CALL = "watch_call"
    HELP = "help"
    CANCEL = "cancel"
    PARK = "park"
    DELETE = "delete"
    MY_DATA = "my_data"
    ERASE_MY_DATA = "erase_my_data"
    NEXT_STEP = "next_step"
    DECISION = "decision"
    HISTORY = "history"
    PHASES = "phases"
    TEXTS = "texts"
    ASSIGN = "assign"
    REPORT = "report"
    REVIEW = "review"
    EDIT_STEP = "edit_step"
    ADD_CALL = "add_call"
    APPLY = "apply"
    CREATE_PROPOSAL = "create_proposal"
    REPLY = "reply"
    SKIP_STEP = "skip_step"
    OPTIONAL_FIELDS = "optional_fields"
    DONE = "done"
    SAVE_LATER = "save_later"


class Addressed(StrEnum):
    """How a request to a person names them after its phrasing (Intents.addressed)."""

    SAYING = "saying"  # a word, then what is said: "svara kim att …", "reply to Kim that …"
    NAMED = "named"  # a name, capitalised as typed: "reply to Kim, Arabic is fine"


# Requests whose words may run on past MAX_WORDS when they open the message (fillers before them at most), what they are
# about being all that follows: "I'd like to set up a citizen dialogue with older residents about the library's opening
# hours".
RUNS_ON = frozenset({Intent.NEW_DRAFT})
# Requests that may say why after their own clause ("jag vill ändra tidplanen, nämnden har möte 11 mars i stället",
# "please remove my library draft, I don't need it"): the reason does not choose the request, nor refuse it, nor make the
# message too long to be one.
SAYS_WHY = frozenset({Intent.EDIT_STEP, Intent.DELETE})
# Requests that may come with what they record, however long, their words exactly as a phrasing has them anywhere in the
# message: "The council approved it as proposed on 16 April 2027, paragraph 45. Please record the decision." (what the
# words give the card is read by dialogs/phase_words.py; features/commands.py decides whether they give any).
TELLS = frozenset({Intent.DECISION})


def folded_words(text: str) -> list[str]:
    """The words of a text, lower case, with å/ä/ö/é folded."""
    return [fold(w) for w in words_of(text)]


def similarity(wanted: str, said: str) -> float:
    """How well a typed word stands for a wanted one (both folded): SAME, INFLECTED, MISSPELT or 0."""
    if wanted == said:
        return SAME
    short, long = sorted((wanted, said), key=len)
    if len(short) < MIN_FUZZY:
        return 0.0
    if long.startswith(short) and len(long) - len(short) <= MAX_SUFFIX:
        return 0.0 if long[len(short) :] in PAST_TENSE else INFLECTED
    if len(short) < MIN_ANY_TYPO and sorted(wanted) != sorted(said):
        return 0.0  # "wrod" is "word", but "work" is another word
    if OSA.distance(wanted, said, score_cutoff=2) <= (1 if len(wanted) < 8 else 2):
        return MISSPELT
    return 0.0


def holds(phrase: Sequence[str], words: Sequence[str]) -> bool:
    """Whether every word of a phrasing (folded) is among the words, in order: the same, inflected or misspelt."""
    return _align(phrase, words, frozenset())[0] > 0


def _align(phrase: Sequence[str], words: Sequence[str], known: frozenset[str]) -> tuple[float, frozenset[int]]:
    """The best in-order placing of every word of `phrase` among `words`: its score and the places used;
    (0, {}) when some word of the phrase is not there. A word of `known` (the fillers) is a word of its own, never a
    slip of the keyboard for another ("några" is not "ångra")."""
    # best[j]: (score, places) of the phrase's words so far, the last placed before position j.
    best: list[tuple[float, frozenset[int]] | None] = [(0.0, frozenset())] * (len(words) + 1)
    for wanted in phrase:
        row: list[tuple[float, frozenset[int]] | None] = [None] * (len(words) + 1)
        for j, said in enumerate(words):
            before = best[j]
            score = similarity(wanted, said) if before is not None else 0.0
            if score == MISSPELT and said in known:
                score = 0.0
            candidate = (before[0] + score, before[1] | {j}) if before is not None and score else None
            kept = row[j]
            row[j + 1] = candidate if candidate and (kept is None or candidate[0] > kept[0]) else kept
        best = row
    return best[-1] or (0.0, frozenset())


@dataclass(frozen=True)
class Match:
    intent: Intent
    score: float
    # The message's words (folded), in order, that are neither the phrasing's nor fillers; and every word that
    # begins what the request is about, whom it is for or the draft it names (om, med, i, about, with, of…), to show
    # where that starts.
    rest: tuple[str, ...]
    # Every word of the phrasing typed as it is written: not found only through an inflection or a typo, as the
    # decision's "nämndens beslut" is in "när måste nämnden besluta?" and "dela" in "what's the deal with …?".
    exact: bool = True
    # What the request is about, as typed: from the first word after its phrasing that says so ("om", "med", "för",
    # "about"…) to the end of that clause, the word before it too when it names the dialogue ("medborgardialog med
    # ungdomar om öppettiderna"), else without it ("för parkleken": "Parkleken"); "" when nothing follows.
    subject: str = ""
    # Whom it is for, as typed: after the first word that says so ("med", "till", "with", "to") past its phrasing, in
    # that clause, the first name capitalised as typed ("dela med vår kommunikatör Karin": "Karin"; "skicka till Erik
    # Lind för granskning": "Erik Lind") or an e-mail address; else a name the message opens with, the phrasing right
    # after it ("Karin ska ha kommunikatörsrollen"); "" when none is ("dela med kommunikatören").
    person: str = ""
    # Whether a word of the phrasing found says something: not every one is a filler. "my drafts" found in "continue my
    # park draft" is in fillers only, and ranks after "continue".
    says: bool = True


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w for text in words for w in folded_words(text))


class Intents:
    """Every intent's phrasings; the fillers a request may stand among; the words that begin what it is
    about (`about`), whom it is for (`to_whom`) and, after a step it names, the draft (`of_draft`); the words that
    call a draft by what it is (`draft`: "the library dialogue"); the phrasings that say yes (`agree`); the words that
    begin what a person is told (`says`: "att", "that"); the words that name a draft's proposal or its redovisning
    (`proposal_document`, `report_document`); the words that say a
    colleague sent the user a draft (`sent_by`)."""

    def __init__(
        self,
        phrasings: Mapping[Intent, Iterable[str]],
        fillers: Iterable[str],
        *,
        about: Iterable[str] = (),
        to_whom: Iterable[str] = (),
        negations: Iterable[str] = (),
        of_draft: Iterable[str] = (),
        draft: Iterable[str] = (),
        yes: Iterable[str] = (),
        card_actions: Mapping[str, Iterable[str]] | None = None,
        wishes: Iterable[str] = (),
        dialogue: Iterable[str] = (),
        says: Iterable[str] = (),
        proposal_document: Iterable[str] = (),
        report_document: Iterable[str] = (),
        sent_by: Iterable[str] = (),
    ) -> None:
        self._phrasings = {
            intent: [words for words in (folded_words(p) for p in phrases) if words] for intent, phrases in phrasings.items()
        }
        self._vocabulary = {intent: {w for phrase in phrases for w in phrase} for intent, phrases in self._phrasings.items()}
        self.fillers = _folded(fillers)
        self.about = _folded(about)
        self.to_whom = _folded(to_whom)
        self.negations = _folded(negations)
        self.of_draft = _folded(of_draft)
        self.draft = _folded(draft)
        self.yes = frozenset(tuple(folded_words(phrase)) for phrase in yes)
        self._card_actions = {name: [folded_words(p) for p in phrases] for name, phrases in (card_actions or {}).items()}
        self.markers = self.about | self.to_whom | self.of_draft
        self._wishes = [words for words in (folded_words(p) for p in wishes) if words]
        self._dialogue = [words for words in (folded_words(p) for p in dialogue) if words]
        self.says = _folded(says)
        self.proposal_document = _folded(proposal_document)
        self.proposal_phrases = tuple(folded_words(p) for p in proposal_document)  # "official report" is the proposal
        self.report_document = _folded(report_document)
        self.sent_by = _folded(sent_by)

    @classmethod
    def of(cls, messages: Messages) -> Intents:
        """The intents of the messages file (which phrases every one and no other: bot/services.Domain checks it)."""
        words = messages.intent_words
        phrasings = {Intent(name): phrases for name, phrases in messages.intents.items()}
        # One list of the words that say nothing of what a message is about, the questions' stop words, plus the
        # words requests stand among ("utkastet", "please"); less the negations: "ta inte bort" is no request.
        stopwords = [w for lang in LANGS for w in messages.wording.stopwords[lang]]
        negations = set(_folded(words["negation"]))
        fillers = [w for w in (*stopwords, *words["filler"]) if not set(folded_words(w)) & negations]
        return cls(
            phrasings,
            fillers,
            about=words["about"],
            to_whom=words["to_whom"],
            negations=negations,
            of_draft=words["of_draft"],
            draft=words["draft"],
            yes=words["agree"],
            card_actions=messages.card_actions,
            wishes=words["wish"],
            dialogue=words["dialogue"],
            says=words["says"],
            proposal_document=words["proposal_document"],
            report_document=words["report_document"],
            sent_by=words["sent_by"],
        )

    def says_yes(self, text: str) -> bool:
        """A message that only says yes ("ja", "ja tack!", "yes please", "ok"): one of the `agree` phrasings, as typed."""
        return len(text) <= MAX_CHARS and tuple(folded_words(text)) in self.yes

    def addressed(self, text: str, intent: Intent) -> Addressed | None:
        """How a request to a person names them, when one of the intent's phrasings opens the message (after fillers) and
        a person follows it: a word before what is said (`says`: "svara kim att …"), or a name capitalised as typed
        ("reply to Kim, …"); None when none does ("Deltagarna får svara på en enkät", "Svara på en enkät efteråt")."""
        found = self._addressed(text, intent)
        return found[0] if found else None

    def told(self, text: str, intent: Intent) -> str:
        """What a request to a person says they are to be told, as typed: "en film blir jättebra, tack!" of "svara Karin
        att en film blir jättebra, tack!", "Arabic is fine" of "reply to Kim, Arabic is fine"; the whole text when it
        names no one so."""
        whole = unicodedata.normalize("NFC", text)
        found = self._addressed(whole, intent)  # read in its first MAX_CHARS: what is said kept whole
        return (whole[found[1] :].lstrip(LEADING).rstrip() if found else "") or text

    def _addressed(self, text: str, intent: Intent) -> tuple[Addressed, int] | None:
        """How a request names the person (Addressed), and where in the text what they are told begins."""
        text = unicodedata.normalize("NFC", read_part(text))
        typed = list(WORD.finditer(text))
        words = [fold(w.group().lower()) for w in typed]
        start = next((i for i, w in enumerate(words) if w not in self.fillers), len(words))
        for phrase in sorted(self._phrasings[intent], key=len, reverse=True):
            end = _phrase_at(phrase, words, start)
            if end is None or end == len(words):
                continue
            if end + 1 < len(words) and words[end + 1] in self.says:
                return Addressed.SAYING, typed[end + 1].end()
            if typed[end].group()[:1].isupper():
                return Addressed.NAMED, typed[end].end()
        return None

    def does(self, text: str, action: str, among: frozenset[str] = frozenset()) -> bool:
        """Whether a message says only what a card's main action does (`card_actions`: "skicka", "ja, skicka den!"): its
        phrasings, one or more ("I'm happy with this report, go ahead"; "all good from my side, Anna can take it to the
        council"), none negated, among fillers and the words `among` (what the card names: "I approve Anna's proposal")."""
        text = read_part(text)
        words = folded_words(text)
        if not words or len(text) > MAX_CHARS or len(words) > MAX_WORDS:
            return False
        known = self.fillers | among
        said: set[int] = set()
        for phrase in self._card_actions.get(action, ()):
            score, places = _align(phrase, words, known)
            if score and self._negated(text, words, places):
                return False
            said |= places if score else set()
        return bool(said) and all(i in said or w in known for i, w in enumerate(words))

    def among(self, names: Iterable[str], document: str | None) -> frozenset[str]:
        """The words a reply to a card may name besides its action's: the people the card names (in the genitive too:
        "Annas förslag") and its document ("I approve the report": a review of the redovisning; "report" of "official
        report" names no proposal); None: either document."""
        people = {w for name in names for word in folded_words(name) for w in (word, f"{word}s")}
        proposal = self.proposal_document - self.report_document if document in (None, "proposal") else frozenset()
        return frozenset(people) | proposal | (self.report_document if document in (None, "report") else frozenset())

    def names_report(self, text: str) -> bool:
        """Whether a reply about a review names the redovisning ("I approve the report", "godkänn redovisningen")."""
        return bool(set(folded_words(read_part(text))) & self.report_document)

    def said_after(self, text: str, action: str) -> str:
        """What a message that opens (past fillers) with one of a card's main action's phrasings (`card_actions`) says
        after it, as typed: "Kommentar till Anna: jag kan göra affischer" under a card that takes a comment is "jag kan
        göra affischer", "send it back to Anna: please add …" is "please add …"; "" when it opens with none, or says
        nothing more. Up to a colon or comma, fillers and names (capitalised as typed) only address someone. What is said
        is kept whole, however long: only its opening is read."""
        whole = unicodedata.normalize("NFC", text)
        text = read_part(whole)
        found = list(WORD.finditer(text))
        words = [fold(m.group().lower()) for m in found]
        start = next((i for i, w in enumerate(words) if w not in self.fillers), len(words))
        phrases = sorted(self._card_actions.get(action, ()), key=len, reverse=True)
        end = next((end for phrase in phrases if (end := _phrase_at(phrase, words, start)) is not None), None)
        if end is None or end == len(words):
            return ""
        after = found[end - 1].end()
        stop = ADDRESSED_END.search(text, after)
        addressing = stop is not None and all(
            w in self.fillers | self.markers or m.group()[:1].isupper()
            for m, w in zip(found[end:], words[end:], strict=True)
            if m.start() < stop.start()
        )
        return whole[stop.end() if stop is not None and addressing else after :].lstrip(LEADING).rstrip()

    def described(self, text: str) -> str:
        """What a message says the user wants to do, when that is a dialogue with someone about something ("hej! jag är
        enhetschef på Råcksta träffpunkt och vill prata med de boende om öppettiderna"): from the verb of dialogue after a
        wish (`wish`, `dialogue`; fillers between them, no negation) to the end of its clause, as typed and capitalised
        ("Prata med de boende om öppettiderna"), when it says with whom or about what; "" otherwise, and for a message too
        long to be read."""
        if len(text) > MAX_CHARS:
            return ""
        words = folded_words(text)
        clause = _clauses(text, words)
        for start in range(len(words)):
            verb = next((end for wish in self._wishes if (end := _phrase_at(wish, words, start)) is not None), None)
            while verb is not None and verb < len(words) and words[verb] in self.fillers - self.negations:
                verb += 1  # "vill gärna prata"
            said = next((end for phrase in self._dialogue if (end := _phrase_at(phrase, words, verb)) is not None), None)
            if verb is None or said is None or clause[verb] != clause[start]:
                continue
            rest = [i for i in range(said, len(words)) if clause[i] == clause[verb]]
            if any(words[i] in self.about | self.to_whom for i in rest[:-1]):  # with whom, or about what
                spans = [m.span() for m in WORD.finditer(unicodedata.normalize("NFC", text))]
                said_text = unicodedata.normalize("NFC", text)[spans[verb][0] : spans[rest[-1]][1]]
                return said_text[:1].upper() + said_text[1:]
        return ""

    def _subject(self, text: str, words: Sequence[str], places: frozenset[int]) -> str:
        """What the request says it is about, as typed (see Match.subject)."""
        text = unicodedata.normalize("NFC", text)
        spans = [m.span() for m in WORD.finditer(text)]
        ends = self.about | self.to_whom
        start = next((i for i in range(max(places) + 1, len(words)) if words[i] in ends), None)
        if len(spans) != len(words):
            return ""
        if start is None and max(places) + 1 < len(words) and COLON.match(text, spans[max(places)][1]):
            start = max(places)  # "nytt utkast: …", "new draft: …"
        if start is None or start + 1 == len(words):
            return ""
        head = words[start - 1]
        begin = start - 1 if start - 1 in places and head in self.draft and head not in self.fillers else start + 1
        clause = _clauses(text, words)
        last = max(i for i in range(begin, len(words)) if clause[i] == clause[begin])
        if all(words[i] in self.fillers for i in range(begin, last + 1)):
            return ""  # "om det", "about it": about what was said before (dialogs/shown.ShownCard.about)
        said = text[spans[begin][0] : spans[last][1]]
        return said[:1].upper() + said[1:]

    def _person(self, text: str, words: Sequence[str], places: frozenset[int]) -> str:
        """Whom the request is for, as typed (see Match.person)."""
        text = unicodedata.normalize("NFC", text)
        found = list(WORD.finditer(text))
        start = next((i for i in range(min(places) + 1, len(words)) if words[i] in self.to_whom), None)
        if len(found) != len(words):
            return ""
        if start is None:  # a name that opens the message, the request right after it: "Karin ska ha kommunikatörsrollen"
            opening = all(found[i].group()[:1].isupper() for i in range(min(places)))
            return text[found[0].start() : found[min(places) - 1].end()] if min(places) and opening else ""
        clause = _clauses(text, words)
        after = [i for i in range(start + 1, len(words)) if clause[i] == clause[start]]
        if after and (email := EMAIL.search(text, found[after[0]].start(), found[after[-1]].end())):
            return email.group()
        named = [i for i in after if found[i].group()[:1].isupper()]
        if not named:
            return ""
        last = named[0]
        while last + 1 in named:
            last += 1
        return text[found[named[0]].start() : found[last].end()]

    def _marks(self, word: str) -> bool:
        """A word that begins what a request is about, whom it is for or the draft it names: kept in `rest` to show
        where."""
        return word in self.markers

    def _says_more(self, intent: Intent, word: str) -> bool:
        """Whether a word the phrasing did not use adds to the request: not a filler, nor the intent's own
        word again ("stop, never mind")."""
        return word not in self.fillers and not any(similarity(own, word) for own in self._vocabulary[intent])

    def _negated(self, text: str, words: Sequence[str], places: frozenset[int]) -> bool:
        """A negation in the request's clause, right before its words, among them or right after: "ta inte bort",
        "don't delete", "parkera inte" ask for nothing to be done, so they are no request (nor a choice of drafts
        to do it to); "stop, never mind" is one, and "never mind" too (its own words)."""
        clause = _clauses(text, words)
        near = range(max(min(places) - 2, 0), min(max(places) + 2, len(words)))
        return any(words[i] in self.negations and i not in places and clause[i] == clause[min(places)] for i in near)

    def match(self, text: str) -> list[Match]:
        """The intents the message asks for, best first (none for a message too long to be a request, unless its first
        clause is a request that may say why after it, in the request's own words: "I want to change the timeline for
        the library, the council meets on 03/11/2027 instead"; a long answer that begins "vi ändrar metoden, …" says
        what will be done, it asks for nothing)."""
        found = self._match(text)
        if found and found[0].rest and (agreed := self._agreeing(text)):
            return [agreed]
        clause = first_clause(read_part(text))
        if found or clause == text:
            return found
        return [m for m in self._match(clause) if m.intent in SAYS_WHY and m.exact]

    def _agreeing(self, text: str) -> Match | None:
        """Two requests or more in one message, one a clause, that ask for the same ("var är jag nu? hur mycket är kvar"):
        that request, with nothing left over."""
        clauses = [c for c in CLAUSE_END.split(read_part(text)) if folded_words(c)]
        if len(clauses) < 2 or len(text) > MAX_CHARS:
            return None
        bests: list[Match] = []
        for clause in clauses:  # each clause matched only while all before it agree
            found = self._match(clause)
            if not found or found[0].rest or (bests and found[0].intent != bests[0].intent):
                return None
            bests.append(found[0])
        return Match(bests[0].intent, max(m.score for m in bests), (), all(m.exact for m in bests))

    def _match(self, text: str) -> list[Match]:
        text = read_part(text)
        words = folded_words(text)
        if not words or len(text) > MAX_CHARS:
            return []
        long = len(words) > MAX_WORDS
        found: list[Match] = []
        for intent, phrases in self._phrasings.items():
            if long and intent not in RUNS_ON | TELLS:
                continue
            scored = [_align(phrase, words, self.fillers) for phrase in phrases]
            score, places = max(scored, key=lambda s: (s[0], -len(s[1])), default=(0.0, frozenset[int]()))
            if long and intent in TELLS and score != SAME * len(places):
                continue
            if long and score and intent not in TELLS and any(w not in self.fillers for w in words[: min(places)]):
                continue  # a long message with the request inside it is an answer or a question
            if score and not _after_a_past_statement(text, words, min(places)) and not self._negated(text, words, places):
                rest = tuple(w for i, w in enumerate(words) if self._marks(w) or (i not in places and self._says_more(intent, w)))
                subject, person = self._subject(text, words, places), self._person(text, words, places)
                said = not places <= {i for i, w in enumerate(words) if w in self.fillers}
                found.append(Match(intent, round(score, 3), rest, score == SAME * len(places), subject, person, said))
        return sorted(found, key=lambda m: (not m.says, -m.score, len(m.rest)))


def read_part(text: str) -> str:
    """What of a message is read: its first MAX_CHARS characters and one more, to tell that it is longer."""
    return text[: MAX_CHARS + 1]


def first_clause(text: str) -> str:
    """The text up to its first punctuation."""
    return CLAUSE_END.split(text, maxsplit=1)[0]


def _after_a_past_statement(text: str, words: Sequence[str], start: int) -> bool:
    """Whether the words before `start`, in its clause, say what something was: "tack, det var till hjälp!", but
    not "det var bra, visa förslaget"."""
    clauses = _clauses(text, words)
    return any(tuple(words[i : i + 2]) in PAST_STATEMENTS and clauses[i] == clauses[start] for i in range(start - 1))


def _phrase_at(phrase: Sequence[str], words: Sequence[str], start: int | None) -> int | None:
    """Where a phrasing found at `start`, word by word (a word inflected or misspelt too), ends; None when it is not."""
    if start is None or start + len(phrase) > len(words):
        return None
    if not all(similarity(wanted, words[start + k]) for k, wanted in enumerate(phrase)):
        return None
    return start + len(phrase)


def _clauses(text: str, words: Sequence[str]) -> list[int]:
    """Which clause (between punctuation) each of the text's words stands in."""
    clauses = [n for n, part in enumerate(CLAUSE_END.split(text)) for _ in folded_words(part)]
    return clauses if len(clauses) == len(words) else [0] * len(words)
