"""Typed requests tied to what they are about: which draft (one named by words of its title, else the one the
user works on, else the latest) or which call, and whether a request is one at all.

Precedence, wherever the user is:
1. A question ("…?", or a question word first, past the filler of chat: "asså hur …") is a question when it asks about
   a request the product explains rather than carries out (`EXPLAINED`: "hur ansöker man?" asks how applying works),
   when it holds a request's words only inflected or misspelt and the routine answers it clearly ("när måste nämnden
   besluta?"), or when it says more than a request.
2. A message that is wholly a request (its other words are fillers, name a draft or a call of the user's,
   say what it is about or whom it is for) is that request: "fortsätt", "visa förslaget", "dela med kommunikatör".
3. A request inside a longer message that is no question is not taken for granted. On an open one-field step the user
   chooses between saving the text as the answer and the request. Words the routine or the small talk answers clearly
   are that ("tack så mycket, det hjälpte"). Otherwise the user chooses: for a request about a draft whose words name
   none of theirs, between their drafts; else between the request and Hjälp.
4. Requests as likely as each other are offered to choose from; so are drafts or calls the words name equally.
A message that is no request at all is a question, or the answer to a one-field step (features/questions.py).
"""

from __future__ import annotations

import re

from dialogs.actions import (
    BUTTONS,
    INTENT_ACTIONS,
    Action,
    ActionName,
    Ask,
    AssignAsked,
    Command,
    DecisionAsked,
    Focused,
    NewDraft,
    OnCall,
    OnDraft,
    OnShare,
    OnStep,
    PhaseOpened,
    ReviewAsked,
    SaveLater,
    ShareAsked,
    Versioned,
)
from dialogs.actor import Actor
from dialogs.calls import Call
from dialogs.draft import Draft, DraftStatus
from dialogs.features.base import Services
from dialogs.features.drafts import Drafts
from dialogs.features.roles import role_ahead
from dialogs.fields import TYPED_KINDS
from dialogs.intents import (
    MAX_WORDS,
    MISSPELT,
    SAYS_WHY,
    Addressed,
    Intent,
    Intents,
    first_clause,
    folded_words,
    holds,
    similarity,
)
from dialogs.language import LANGS
from dialogs.phases import Phases
from dialogs.routine import Step
from dialogs.share import Reviewed
from dialogs.views import DraftListView, NextStep, NextStepsView, Reply, SharedLine, choice, comment_offered, reply, say

# Requests about one draft; those about its proposal (or what follows it) look for a proposed draft first.
ON_A_DRAFT = frozenset(
    {
        ActionName.RESUME,
        ActionName.SHOW_PROPOSAL,
        ActionName.DOWNLOAD_DOCX,
        ActionName.DOWNLOAD_PDF,
        ActionName.OPEN_PAGE,
        ActionName.SHARE,
        ActionName.SHARES,
        ActionName.PARK,
        ActionName.DELETE,
        ActionName.NEXT_STEP,
        ActionName.DECISION,
        ActionName.HISTORY,
        ActionName.PHASES,
        ActionName.TEXTS,
        ActionName.ASSIGN,
        ActionName.REPORT,
        ActionName.REVIEW,
        ActionName.CREATE_PROPOSAL,
    }
)
ON_A_PROPOSAL = frozenset(
    {
        ActionName.SHOW_PROPOSAL,
        ActionName.DOWNLOAD_DOCX,
        ActionName.DOWNLOAD_PDF,
        ActionName.DECISION,
        ActionName.HISTORY,
        ActionName.PHASES,
        ActionName.TEXTS,
        ActionName.ASSIGN,
        ActionName.REPORT,
        ActionName.REVIEW,
    }
)
# Requests about the draft the user works on, whatever the words say.
ON_THE_FOCUS = frozenset(
    {
        ActionName.HELP,
        ActionName.CANCEL,
        ActionName.STATUS,
        ActionName.SKIP_STEP,
        ActionName.OPTIONAL_FIELDS,
        ActionName.DONE,
        ActionName.SAVE_LATER,
    }
)
# Requests whose other words can only say why ("jag måste gå på ett möte, kan jag spara och fortsätta senare?", "skip
# this step, I'll do it later": whether the step can be skipped is the skip's to say, never a button offered unchecked).
ONLY_WHY = frozenset({ActionName.SAVE_LATER, ActionName.SKIP_STEP})
# Requests whose words after "om/för/med/about/with" say what they are about ("ett nytt utkast för parkleken", "planera en
# medborgardialog med ungdomar om öppettiderna", "en text att skicka ut till ungdomarna", "the report about the results").
WITH_A_SUBJECT = frozenset(
    {ActionName.NEW, ActionName.REMINDERS, ActionName.CALLS, ActionName.APPLICATION, ActionName.TEXTS, ActionName.REPORT}
)
# Requests whose words after "med/till/with/to" say whom they are for ("dela med Anna", "skicka till Bo igen"), a name
# there their card's person.
WITH_A_RECIPIENT: dict[ActionName, type[ShareAsked]] = {ActionName.SHARE: ShareAsked, ActionName.REVIEW: ReviewAsked}
# Requests whose words may name a draft a colleague shared with the user (by words of its title or its owner's name, with
# the words that say they sent it: "öppna redovisningen Anna skickade"): reading it, or the document she sent (the
# proposal, the redovisning), opens the share's card, with its link; "vad har Erik delat med mig?" lists them.
READ_SHARED = frozenset({ActionName.RESUME, ActionName.SHOW_PROPOSAL, ActionName.OPEN_PAGE, ActionName.SHARES, ActionName.REPORT})
NAMES_SHARED = READ_SHARED | {ActionName.LIST}
# Requests that, naming the redovisning, ask for it: to read, download or open it is its card; a review sends it.
READS_THE_REPORT = (ActionName.RESUME, ActionName.SHOW_PROPOSAL, ActionName.DOWNLOAD_DOCX, ActionName.DOWNLOAD_PDF)
ON_THE_REPORT = {name: ActionName.REPORT for name in (*READS_THE_REPORT, ActionName.OPEN_PAGE)} | {
    ActionName.REVIEW: ActionName.REVIEW
}
# Requests that may come with what they record, in words (dialogs/intents.TELLS): the nämnd's decision, its card with
# what the words give it ("nämnden beslutade enligt förslaget den 16 april, paragraf 45").
TELLS = frozenset({ActionName.DECISION})
# Requests that only a dialogue's owner carries out (the phases after its proposal, recorded in Dialogstöd by the owner
# alone): asked by someone who owns no draft but has a colleague's shared with them (the avdelningschef who reviewed it),
# whose it is and what they can do.
OWNERS_ONLY = frozenset(
    {ActionName.DECISION, ActionName.NEXT_STEP, ActionName.PHASES, ActionName.HISTORY, ActionName.TEXTS, ActionName.REPORT}
)
# Requests about a call of the calendar, named by words of its title: watching the calls, applying to one.
ON_A_CALL = {ActionName.CALLS: ActionName.WATCH, ActionName.APPLICATION: ActionName.APPLICATION}
# Requests a question asks about rather than for: "hur ansöker man?" is answered by the calls' topic (with the calendar
# a button away), whatever it names; "när är förslaget klart?" says nothing is done.
EXPLAINED = frozenset({ActionName.APPLICATION, ActionName.DONE})
MAX_CHOICES = 3
# Title words this short ("i", "på") name nothing.
MIN_TITLE_WORD = 3
# A word this long names a title word it begins ("park" for "parkleken").
MIN_TITLE_PREFIX = 4
# A word of a field's label names its step less than a word of the step's title.
LABEL_WEIGHT = 0.5
# A label's placeholder ("Hur nås ”{option}”?") names nothing.
PLACEHOLDER = re.compile(r"\{\w+\}")


def _named(titles: dict[str, str], words: tuple[str, ...], fillers: frozenset[str]) -> tuple[list[str], set[str]]:
    """The ids whose titles the words name best (none, one, or several as well), and the words that named them. A
    filler names nothing: "med" in "fortsätt med trygghetsvandring" is not the "med" of "Medborgardialog med …"."""
    naming = tuple(w for w in words if w not in fillers)
    return _best({key: _hits(_title_words(title), naming) for key, title in titles.items()})


def _title_words(title: str) -> tuple[str, ...]:
    """The words of a title that may name it, folded once."""
    return tuple(dict.fromkeys(t for t in folded_words(title) if len(t) >= MIN_TITLE_WORD))


def _hits(title_words: tuple[str, ...], words: tuple[str, ...]) -> dict[str, float]:
    """How well each typed word names a word of the title (0: not at all)."""
    return {w: max((_names(t, w) for t in title_words), default=0.0) for w in words if len(w) >= MIN_TITLE_WORD}


def _best(hits: dict[str, dict[str, float]]) -> tuple[list[str], set[str]]:
    """The ids whose words' hits sum highest (none when nothing is hit), and every word that hit something."""
    scores = {key: score for key, said in hits.items() if (score := round(sum(said.values()), 3))}
    if not scores:
        return [], set()
    best = max(scores.values())
    return [key for key, score in scores.items() if score == best], {w for said in hits.values() for w, s in said.items() if s}


def _label_words(step: Step) -> tuple[str, ...]:
    """The words of a step's (or a phase's) fields' labels that may name it, in both languages."""
    return _title_words(" ".join(PLACEHOLDER.sub(" ", f.label(lang)) for f in step.fields for lang in LANGS))


def _named_by(
    titles: dict[str, tuple[str, ...]], labels: dict[str, tuple[str, ...]], words: tuple[str, ...]
) -> tuple[list[str], set[str]]:
    """The steps (or phases) the words name best by their titles and, weighing less, their fields' labels, and the words
    that named them."""
    hits = {}
    for key, title in titles.items():
        by_title, by_label = _hits(title, words), _hits(labels[key], words)
        hits[key] = {w: max(by_title[w], LABEL_WEIGHT * by_label[w]) for w in by_title}
    return _best(hits)


def _says(phrase: list[str], words: list[str]) -> bool:
    """Whether the words hold the phrase as it is written, word for word ("correct To the council")."""
    return any(words[i : i + len(phrase)] == phrase for i in range(len(words) - len(phrase) + 1))


def _names(title_word: str, said: str) -> float:
    """How well a typed word names a word of a title: as a request's word does, or as its beginning ("park" for
    "parkleken")."""
    if len(said) >= MIN_TITLE_PREFIX and title_word.startswith(said):
        return max(similarity(title_word, said), MISSPELT)
    return similarity(title_word, said)


class Commands:
    def __init__(self, services: Services, intents: Intents, drafts: Drafts) -> None:
        self.s = services
        self.intents = intents
        self.drafts = drafts
        steps = services.routine.steps
        self._step_titles = {s.id: _title_words(" ".join(s.title(lang) for lang in LANGS)) for s in steps}
        self._roles = tuple(p.id for p in services.routine.phases if p.assign)  # the phases whose role can be given
        phases = services.routine.phases
        self._phase_titles = {p.id: _title_words(" ".join(p.title(lang) for lang in LANGS)) for p in phases}
        self._phase_labels = {p.id: _label_words(p) for p in phases}
        decision = services.routine.phase(services.routine.lifecycle.decision)  # there is one: routine.py checks it
        self._decision_fields = decision.fields if decision is not None else ()
        self._step_labels = {s.id: _label_words(s) for s in steps}

    async def resolve(self, actor: Actor, command: Command) -> Action | Reply:
        """The action a typed request asks for, a question or answer after all (`Ask`), or a choice to make."""
        if command.name is ActionName.EDIT:
            return await self._edit(actor, command)
        command = self._own_clause(command)
        ask = _ask(command)
        asked = self.s.questions.looks_like_question(command.text)
        if asked and command.name in EXPLAINED:
            return ask
        if command.name is ActionName.REPLY:
            return await self._reply(actor, command, ask, asked)
        if not command.rest and not command.also and command.name not in ON_A_DRAFT:
            # Wholly a request about no draft in particular, unless a question the routine answers.
            return ask if asked and self._a_question(actor, command) else self._action(command, [], None, [])
        focused = await self.drafts.focused(actor, command.draft)
        async with self.s.uow() as tx:
            owned = await tx.drafts.list_for_owner(actor.id)
            visible = await self.s.deadlines.visible(tx, actor.id) if command.name in ON_A_CALL else []
            colleagues = command.name in NAMES_SHARED or (command.name in OWNERS_ONLY and not owned and focused is None)
            shared = await self.drafts.shared_with(tx, actor) if colleagues else ()
            given = await tx.shares.given_by(actor.id) if command.name is ActionName.SHARES else []
        drafts = {d.id: d for d in owned}
        if focused is not None:
            drafts.setdefault(focused.id, focused)
        # A draft's shares are named by whom too: "ta bort Karins åtkomst till utkastet".
        recipients = {d: " ".join(s.recipient_name for s in given if s.draft_id == d) for d in drafts}
        titles = {d.id: f"{d.title} {recipients[d.id]}" for d in drafts.values()}
        titles |= {s.share_id: f"{s.title} {s.owner_name}" for s in shared}
        command = self._not_a_title(command, titles)
        named, used = _named(titles, command.rest, self.intents.fillers)
        opened = [s.share_id for s in shared if s.share_id in named]
        if command.name in OWNERS_ONLY and not drafts and shared and not (opened and command.name in READ_SHARED):
            # Why a colleague cannot record a phase of the dialogue shared with them (its owner records them all), whose it
            # is, and what they can do: tell the owner, and read it (Mina utkast, where it has its button). One
            # named to read ("can you open the report Anna sent me?") opens.
            listed = await self._with_shared(actor, owned, shared)  # never None: `shared` holds the colleague's
            return reply(say("owners_only", title=shared[0].title, owner=shared[0].owner_name), *((listed,) if listed else ()))
        named = [i for i in named if i in drafts]
        used |= self.intents.proposal_document | self.intents.report_document | (self.intents.sent_by if opened else set())
        command = self._document(command)
        calls, call_words = _named({c.id: c.title for c in visible}, command.rest, self.intents.fillers)
        tells = self._tells(command)
        long = len(folded_words(command.text)) > MAX_WORDS
        if command.name in TELLS and ((long and not tells) or self._planned(command, focused)):
            # A long message that gives the card nothing is an answer or a question, as any long message; so is one with
            # more dates than the card holds before the proposal, a plan's ("Nämnden beslutar den 16 april, dialogen
            # pågår 4 maj till 29 maj" typed on Tidplan).
            return ask
        if not tells and self._left(command, used | call_words):
            if asked:
                return ask
            if opened and not named and command.name in READ_SHARED:
                return self._open_shared(opened)  # a colleague's named by its owner: "öppna Annas utkast om sommaren"
            request = self._action(command, [], focused, owned)
            if (offered := self._comment_or_request(command, request)) is not None:
                return offered
            if command.name is ActionName.DELETE and not named:
                # A colleague's draft, or none: no Delete offered on another of the user's.
                return reply(NextStepsView((say("delete_not_named"),), (NextStep(ActionName.LIST),)))
            if (offered := self._answer_or_request(actor, command, focused, request)) is not None:
                return offered
            if command.name is ActionName.SKIP_STEP and focused is not None and Phases.started(focused):
                return request  # a phase has nothing to skip, whatever the reason given: it says so, not a Skip to press
            if self.s.questions.answer(command.text, actor.lang).kind != "suggest":
                return ask  # the routine or the small talk answers it clearly ("tack så mycket, det hjälpte")
            if command.name in ON_A_DRAFT and not named and (listed := await self._with_shared(actor, owned, shared)):
                # The draft meant may be a colleague's: "show me the proposal Anna sent me to review".
                return reply(say("draft_not_named_shared"), listed)
            if command.name in ON_A_DRAFT and not named and owned:
                return self._choose_draft(command.name, owned, "draft_not_named")
            if command.name is not ActionName.HELP:
                command = command.model_copy(update={"also": (*command.also, ActionName.HELP)})
            return self._choose_request(command, focused, owned)
        if command.also:
            return self._choose_request(command, focused, owned)
        if long:
            # A request run on past MAX_WORDS with what it is about ("Vi ska göra en medborgardialog med ungdomarna om …,
            # för att …") may be the open step's answer: the user says which, the text kept.
            request = self._action(command, [], focused, owned)
            if (offered := self._answer_or_request(actor, command, focused, request)) is not None:
                return offered
        if not named and not calls and asked and self._a_question(actor, command):
            return ask
        if calls:
            return self._call(ON_A_CALL[command.name], [c for c in visible if c.id in calls])
        if opened and not named and command.name in READ_SHARED:
            return self._open_shared(opened)
        if not drafts and shared and command.name in READ_SHARED:
            # No draft of the user's: the one a colleague shared ("show me the proposal", "ja, öppna det"), not "none".
            return self._open_shared([s.share_id for s in shared])
        return self._action(command, [drafts[i] for i in named], focused, owned)

    async def _reply(self, actor: Actor, command: Command, ask: Ask, asked: bool) -> Action | Reply:
        """A reply to a colleague's comment is asked for by its words first and the person after them: whom, and what,
        are the rest of the message as typed ("svara kim att …", "reply to Kim that …"). Named without what is said
        ("reply to Kim, …") it is a request inside a longer message: on an open step the text may be its answer, the
        user says. Its verb elsewhere is no request ("Deltagarna får svara på en enkät efteråt" is an answer)."""
        addressed = None if asked else self.intents.addressed(command.text, Intent.REPLY)
        if addressed is None:
            return ask
        request = ask.model_copy(update={"name": ActionName.REPLY, "text": self.intents.told(command.text, Intent.REPLY)})
        if addressed is Addressed.SAYING:
            return request
        focused = await self.drafts.focused(actor, command.draft)
        return self._answer_or_request(actor, command, focused, None) or request

    def _tells(self, command: Command) -> bool:
        """Whether a request that may come with what it records (TELLS) does: its words give its phase's card a date, a §
        or an option. Its other words are then what it records, not words that make it something else."""
        return command.name in TELLS and self.drafts.reader.gives(self._decision_fields, command.text)

    def _planned(self, command: Command, focused: Draft | None) -> bool:
        """Before the proposal, more dates than the decision's card holds: a plan's, not a decision."""
        before = focused is not None and not Phases.started(focused)
        return before and self.drafts.reader.more_dates(self._decision_fields, command.text)

    def _a_question(self, actor: Actor, command: Command) -> bool:
        """Of a message phrased as a question: whether it holds a request's words only inflected or misspelt, and the
        routine or the product's own content answers it clearly: "när måste nämnden besluta?" asks about the calls, it
        records no decision; "vad är nästa steg?" and "var är jag?" are requests phrased as questions."""
        best = next(iter(self.intents.match(command.text)), None)
        return best is not None and not best.exact and self.s.questions.answer(command.text, actor.lang).kind == "topic"

    async def _edit(self, actor: Actor, command: Command) -> Action | Reply:
        """'ändra syftet', 'change the cost', 'go back to the method': the step the words name (by its title and, less,
        its fields' labels), opened again (the review's Ändra), on the draft named after it ("ändra syftet i
        Nedläggning av …", "change the timeline of the library dialogue"), else the one the user works on, else the
        latest. Two steps or drafts named as well are offered; a draft's name that names none of the user's offers
        them all. Words that name no step or say more, or a question ("kan man ändra syftet efter beslutet?"), are no
        request: asked as typed. On an open one-field step, a change in a first clause that more text follows ("Vi ska
        ändra tidplanen, om det behövs, …") may be the answer: the user says which."""
        ask = _ask(command)
        clause = self._own_clause(command)
        if clause.also or self.s.questions.looks_like_question(command.text):
            return ask
        async with self.s.uow() as tx:
            owned = await tx.drafts.list_for_owner(actor.id)
        focused = await self.drafts.focused(actor, command.draft)
        request = (
            self._phase_to_edit(actor, command, owned, focused, titled=True)
            or self._step_to_edit(actor, clause, owned, focused)
            or self._phase_to_edit(actor, command, owned, focused, titled=False)
        )
        if request is None:
            return ask
        if self._says_more_than_its_clause(command.text):
            return (
                self._answer_or_request(actor, command, focused, request) or self._comment_or_request(command, request) or request
            )
        return request

    def _phase_to_edit(
        self, actor: Actor, command: Command, owned: list[Draft], focused: Draft | None, titled: bool
    ) -> Action | Reply | None:
        """After the proposal, a recorded phase or the current one the words name, opened again (its Rätta), with what
        the words give it: by its whole title (`titled`: "correct To the council", before any step), else (after the
        steps) by its title's words and, less, its fields' labels ("the council meeting was actually on 19 November 2026,
        change the meeting date"); two as likely are offered. Of the draft the user works on, else of the latest past its
        proposal; None when that dialogue is before its proposal or the words name no such phase."""
        draft = focused if focused else next((d for d in owned if Phases.started(d)), None)
        if draft is None or not Phases.started(draft):
            return None
        progress = self.drafts.phases.progress(draft)
        open_again = [p for p in progress.phases if p.id in draft.done or p is progress.current]
        if titled:
            words = folded_words(command.text)
            named = [p for p in open_again if any(_says(folded_words(p.title(lang)), words) for lang in LANGS)]
            named = sorted(named, key=lambda p: -max(len(folded_words(p.title(lang))) for lang in LANGS))[:1]
        else:
            ids, _ = _named_by({p.id: self._phase_titles[p.id] for p in open_again}, self._phase_labels, command.rest)
            named = [p for p in open_again if p.id in ids]
        if len(named) == 1:
            return PhaseOpened(name=ActionName.PHASE_EDIT, draft=draft.id, step=named[0].id, text=command.text)
        choices = tuple(NextStep(ActionName.PHASE_EDIT, draft.id, step_id=p.id, title=p.title(actor.lang)) for p in named)
        return reply(choice(say("which_step"), choices[:MAX_CHOICES])) if choices else None

    def _step_to_edit(self, actor: Actor, command: Command, owned: list[Draft], focused: Draft | None) -> Action | Reply | None:
        """The step the change names opened again on its draft, or the choice of step or draft; None when the words
        name no step or say more."""
        step_words, draft_words = self._step_and_draft(command.rest)
        steps, used = self._steps_named(step_words)
        if not steps:
            return None
        if left := self._left(command.model_copy(update={"rest": step_words}), used):
            # The draft named before its step, in the genitive ("ändra parklekens syfte", "change the library
            # dialogue's timeline"): the words left over name a draft of the user's, or the change says more.
            before = self._genitive(left, owned)
            if not before:
                return None
            step_words, draft_words = tuple(w for w in step_words if w not in before), (*before, *draft_words)
        named, used = _named({d.id: d.title for d in owned}, draft_words, self.intents.fillers)
        if [w for w in draft_words if w not in used and w not in self.intents.draft]:
            # The words after the step name no draft of the user's: the step's own words after all ("ändra beslut i
            # nämnd"), else a draft to choose.
            whole, used = self._steps_named((*step_words, *draft_words))
            if not whole or self._left(command, used):
                return self._choose_draft(ActionName.EDIT, owned, "draft_not_named", steps[0]) if owned else None
            steps, named = whole, []
        drafts = [d for d in owned if d.id in named] or ([focused] if focused else owned[:1])
        if not drafts:
            return reply(NextStepsView((say("no_drafts"),), (NextStep(ActionName.NEW), NextStep(ActionName.HELP))))
        if len(drafts) > 1:
            return self._choose_draft(ActionName.EDIT, drafts, "which_draft", steps[0])
        if len(steps) == 1:
            return OnStep(name=ActionName.EDIT, draft=drafts[0].id, step=steps[0])
        shown = [step for i in steps if (step := self.s.routine.step(i))]
        choices = tuple(NextStep(ActionName.EDIT, drafts[0].id, step_id=s.id, title=s.title(actor.lang)) for s in shown)
        return reply(choice(say("which_step"), choices[:MAX_CHOICES]))

    def _genitive(self, words: list[str], owned: list[Draft]) -> list[str]:
        """The words, when they all name a draft of the user's (by words of its title, a genitive's ending an
        inflection: "parklekens" names "Parkleken i Hässelby") or say it is a draft ("dialogue"); else none."""
        named, used = _named({d.id: d.title for d in owned}, tuple(words), self.intents.fillers)
        return words if named and all(w in used or w in self.intents.draft for w in words) else []

    def _says_more_than_its_clause(self, text: str) -> bool:
        """Whether words other than fillers follow the first clause ("…, om det behövs, …", not "…, tack")."""
        return any(w not in self.intents.fillers for w in folded_words(text[len(first_clause(text)) :]))

    def _step_and_draft(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A request to change a step, cut where the draft's name begins ("i", "för", "of"), past the step's own
        words: those that name the step, and those that name the draft (the markers left out)."""
        markers = self.intents.markers
        named_from = next((i for i, w in enumerate(words) if w not in markers), len(words))
        cut = next((i for i, w in enumerate(words) if i > named_from and w in self.intents.of_draft), len(words))
        return tuple(w for w in words[:cut] if w not in markers), tuple(w for w in words[cut:] if w not in markers)

    def _steps_named(self, words: tuple[str, ...]) -> tuple[list[str], set[str]]:
        """The steps the words name best by their titles (Swedish and English) and, weighing less, their fields'
        labels ("change the cost" is the resources step, whose field is the cost; "ändra beslut i nämnd" the timeline,
        whose field it is, more than "Ärendet till nämnden"), and the words that named them."""
        return _named_by(self._step_titles, self._step_labels, words)

    def _own_clause(self, command: Command) -> Command:
        """A request that may say why after it (SAYS_WHY) as its own clause says it, when it says so before the first
        punctuation: what follows is why, or the new answer ("jag vill ändra tidplanen, nämnden har möte 11 mars i
        stället", "please remove my library draft, I don't need it": no refusal)."""
        if not any(INTENT_ACTIONS[i] is command.name for i in SAYS_WHY):
            return command
        first = first_clause(command.text)
        match = next((m for m in self.intents.match(first) if INTENT_ACTIONS[m.intent] is command.name), None)
        return command.model_copy(update={"rest": match.rest}) if match and first != command.text else command

    def _not_a_title(self, command: Command, titles: dict[str, str]) -> Command:
        """Of requests as likely as each other, one whose own words all name a draft ("park" in "continue my park draft",
        the draft being "Park walk-through in Hässelby") is no request: its words are the draft's name, and the others are
        what is asked."""
        if not command.also:
            return command
        words = [w for w in folded_words(command.text) if w not in self.intents.fillers]
        likely = (command.name, *command.also)
        kept = []
        for match in self.intents.match(command.text):
            own = tuple(w for w in words if w not in match.rest)
            if INTENT_ACTIONS[match.intent] in likely and not (own and set(own) <= _named(titles, own, frozenset())[1]):
                kept.append(match)
        if not kept or len(kept) == len(likely):
            return command
        names = tuple(dict.fromkeys(INTENT_ACTIONS[m.intent] for m in kept))
        best = kept[0]
        return command.model_copy(
            update={"name": names[0], "also": names[1:], "rest": best.rest, "subject": best.subject, "person": best.person}
        )

    def _left(self, command: Command, used: set[str]) -> list[str]:
        """The words of the message beyond the request, what it is about, whom it is for and the names it used."""
        rest = [] if command.name in ONLY_WHY else list(command.rest)
        ends = self.intents.about | self.intents.to_whom if command.name in WITH_A_SUBJECT else set()
        if command.name in WITH_A_RECIPIENT:
            ends = self.intents.to_whom
        cut = next((i for i, w in enumerate(rest) if w in ends), len(rest))
        # What it is about after a colon ("nytt utkast: trygghetsvandring i Råcksta") is its subject too; whom it is for
        # may stand before it ("Karin ska ha kommunikatörsrollen").
        subject = set(folded_words(command.subject)) if command.name in WITH_A_SUBJECT else set()
        said = subject | set(folded_words(command.person))
        return [w for w in rest[:cut] if w not in used and w not in self.intents.markers and w not in said]

    def _answer_or_request(
        self, actor: Actor, command: Command, focused: Draft | None, request: Action | Reply | None
    ) -> Reply | None:
        """On an open step, text with a request in it may be the answer: the user says which (the request as its
        button, when it is one action a button sends; None: no button can). On a one-field step the text is saved as
        the answer with a press; on a step of several fields, whose field it is for is not known: the text is given back
        to paste, with the way back to the card, so that it is never lost."""
        if focused is None:
            return None
        progress = self.s.wizard.progress(focused)
        step = progress.open_step(self.s.routine.step(command.step or ""))
        fields = self.s.wizard.fields(step, focused) if step else ()
        if step is None or not fields or (len(fields) > 1 and not any(f.kind in TYPED_KINDS for f in fields)):
            return None
        title = step.title(actor.lang)
        if len(fields) > 1:
            back = NextStep(ActionName.EDIT, focused.id, step_id=step.id, title=title)
            ways = (_step_of(request, self._step_title(request, actor)), back) if isinstance(request, Action) else (back,)
            return reply(choice(say("answer_or_request_fields", step=title, text=command.text), ways))
        answer = NextStep(
            ActionName.SUBMIT, focused.id, step_id=step.id, version=focused.version, answer=(fields[0].id, command.text)
        )
        ways = (answer, _step_of(request)) if isinstance(request, Action) else (answer,)
        return reply(choice(say("answer_or_request", step=title), ways))

    def _comment_or_request(self, command: Command, request: Action | Reply) -> Reply | None:
        """Under the card of a draft shared to comment on, text with a request inside it may be the comment ("Jag kan
        hjälpa till med affischerna"): Spara som kommentar first, then the request (when a button sends it), else Hjälp;
        None elsewhere."""
        if command.share is None:
            return None
        way = _step_of(request) if isinstance(request, Action) and request.name in BUTTONS else NextStep(ActionName.HELP)
        return comment_offered(command.share, command.text, way)

    def _phase_to_assign(self, command: Command, draft: Draft) -> str:
        """The phase whose role a typed request gives: the one the user is on, else the first whose role can still be
        given, else (none can) the first that has one: its card then shows where the dialogue stands."""
        on: tuple[str, ...] = (command.step,) if command.step and draft.id == command.draft else ()
        phases = (*on, *self._roles)
        return next((p for p in phases if role_ahead(self.s.routine, self.drafts.phases, draft, p)), phases[0])

    def _step_title(self, action: Action, actor: Actor) -> str | None:
        """The title of the step an action opens (None: it opens none), to tell it from the step the user is on."""
        step = self.s.routine.step(action.step) if isinstance(action, OnStep) else None
        return step.title(actor.lang) if step else None

    def _choose_request(self, command: Command, focused: Draft | None, owned: list[Draft]) -> Reply:
        names = (command.name, *command.also)
        actions = [self._action(command.model_copy(update={"name": name}), [], focused, owned) for name in names]
        # A request that carries what was typed ("svara Kim att …") has no button: it is not offered.
        steps = tuple(_step_of(a) for a in actions if isinstance(a, Action) and a.name in BUTTONS)[:MAX_CHOICES]
        return reply(choice(say("which_request"), steps))

    async def _with_shared(self, actor: Actor, owned: list[Draft], shared: tuple[SharedLine, ...]) -> DraftListView | None:
        """Mina utkast, from the drafts and shares already read (the shares read now if they were not), when colleagues
        have shared drafts with the user whose links still work; else None."""
        async with self.s.uow() as tx:
            shared = shared or await self.drafts.shared_with(tx, actor)
            return await self.drafts.listing(tx, owned, shared) if shared else None

    def _choose_draft(self, name: ActionName, drafts: list[Draft], key: str, step: str | None = None) -> Reply:
        steps = tuple(NextStep(name, d.id, title=d.title, step_id=step) for d in drafts[:MAX_CHOICES])
        return reply(choice(say(key), steps))

    def _document(self, command: Command) -> Command:
        """A request that names the redovisning ("öppna redovisningen", "exportera redovisningen till word") asks for its
        card, where it is read and downloaded; a review of it sends it (ReviewAsked.reviewed). The proposal named is what
        the request acts on anyway."""
        if not self._names_the_report(command) or command.name not in ON_THE_REPORT:
            return command
        name = ON_THE_REPORT[command.name]
        also = tuple(dict.fromkeys(a for a in (ON_THE_REPORT.get(a, a) for a in command.also) if a != name))
        return command.model_copy(update={"name": name, "also": also})

    def _names_the_report(self, command: Command) -> bool:
        """Whether the words name the redovisning ("the report as word"), not by words of the proposal's name that it
        shares ("the official report")."""
        words = folded_words(command.text)
        named = set(words).difference(*(p for p in self.intents.proposal_phrases if len(p) > 1 and holds(p, words)))
        return bool(named & self.intents.report_document)

    def _open_shared(self, opened: list[str]) -> Action:
        """The draft shared with the user that the words name, its card again with a new link; several as well: Mina
        utkast, where each has its button."""
        return OnShare(name=ActionName.SHARED_OPEN, share=opened[0]) if len(opened) == 1 else Action(name=ActionName.LIST)

    def _call(self, name: ActionName, calls: list[Call]) -> Action | Reply:
        """The call the words name (one the user may see: the file's, or one added in the chat), or a choice."""
        if len(calls) == 1:
            return OnCall(name=name, call=calls[0].id)
        steps = tuple(NextStep(name, call_id=c.id, title=c.title) for c in calls[:MAX_CHOICES])
        return reply(choice(say("which_call"), steps))

    def _action(self, command: Command, named: list[Draft], focused: Draft | None, owned: list[Draft]) -> Action | Reply:
        """The request as the action a button would send: on the draft the words named, else the one the
        user works on, else the latest (with a proposal, for one about the proposal)."""
        name = command.name
        if name is ActionName.SAVE_LATER:
            asked = self.s.questions.looks_like_question(command.text)
            return SaveLater(name=name, draft=command.draft, step=command.step, asked=asked)
        if name in ON_THE_FOCUS:
            return Focused(name=name, draft=command.draft, step=command.step)
        if name is ActionName.NEW:
            return NewDraft(name=name, subject=command.subject)  # what it is about: its suggested title
        if name is ActionName.APPLICATION:
            return Action(name=ActionName.CALLS)  # no call named: the calendar, each open call with its Ansök button
        if name not in ON_A_DRAFT:
            return Action(name=name)
        if len(named) > 1:
            return self._choose_draft(name, named, "which_draft")
        proposed = [d for d in owned if d.status == DraftStatus.PROPOSED] if name in ON_A_PROPOSAL else []
        draft = next(iter(named or ([focused] if focused else []) or proposed or owned), None)
        if draft is None:
            return reply(NextStepsView((say("no_drafts"),), (NextStep(ActionName.NEW), NextStep(ActionName.HELP))))
        if name is ActionName.RESUME and draft.id == command.draft and command.step:
            return OnStep(name=ActionName.EDIT, draft=draft.id, step=command.step)  # back to the step opened again
        if name is ActionName.CREATE_PROPOSAL:
            # As the review's button would, of the draft as it is now; before every step is answered, why not yet.
            if self.s.wizard.progress(draft).current is not None:
                return OnDraft(name=ActionName.SHOW_PROPOSAL, draft=draft.id)
            return Versioned(name=name, draft=draft.id, version=draft.version)
        if name is ActionName.REVIEW and self._names_the_report(command):
            return ReviewAsked(name=name, draft=draft.id, person=command.person, reviewed=Reviewed.REPORT)
        if name in WITH_A_RECIPIENT:
            return WITH_A_RECIPIENT[name](name=name, draft=draft.id, person=command.person)
        if name is ActionName.DECISION:
            return DecisionAsked(name=name, draft=draft.id, text=command.text)
        if name is ActionName.ASSIGN:
            return AssignAsked(name=name, draft=draft.id, step=self._phase_to_assign(command, draft), person=command.person)
        return OnDraft(name=name, draft=draft.id)


def _ask(command: Command) -> Ask:
    """The request's text asked as typed: a question, a step's answer or a comment (features/questions.py)."""
    return Ask(name=ActionName.ASK, draft=command.draft, step=command.step, text=command.text, share=command.share)


def _step_of(action: Action, title: str | None = None) -> NextStep:
    """The button that sends this action (naming `title`, the step it opens, when given)."""
    if isinstance(action, OnStep):
        return NextStep(action.name, action.draft, step_id=action.step, title=title)
    if isinstance(action, OnDraft):
        return NextStep(action.name, action.draft)
    if isinstance(action, OnCall):
        return NextStep(action.name, call_id=action.call)
    if isinstance(action, Focused):
        return NextStep(action.name, action.draft, step_id=action.step)
    return NextStep(action.name)
