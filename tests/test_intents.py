"""Typed requests: the table of phrasings written blind (tests/command_phrasings.yaml) reaches the right use
case, in the wizard and outside it; questions of the evaluation sets stay questions; answers stay answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from dialogs.actions import Action, ActionName, Command, parse_text
from dialogs.actor import Actor, Focus
from dialogs.intents import MAX_CHARS, Intent, Intents
from dialogs.share import Access, Share, token_hash
from dialogs.views import DraftListView, NextStepsView, Reply, StepView
from tests.support import ANSWERS, FIXED_NOW, INTERNAL_STEPS, memory_conversation

HERE = Path(__file__).parent
TABLE: list[dict[str, Any]] = yaml.safe_load((HERE / "command_phrasings.yaml").read_text(encoding="utf-8"))
QUESTIONS: list[dict[str, str]] = [
    case for path in sorted(HERE.glob("qa_*.yaml")) for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]
ANNA = Actor("aad:anna", "Anna Andersson", "sv", "conv-1")
ERIK = Actor("aad:erik", "Erik Lind", "sv", "conv-2")
# The table's intent names, and the use cases that answer them.
REACHES: dict[str, set[ActionName]] = {
    "new_draft": {ActionName.NEW},
    "my_drafts": {ActionName.LIST},
    "continue": {ActionName.RESUME, ActionName.EDIT},
    "where_am_i": {ActionName.STATUS},
    "show_proposal": {ActionName.SHOW_PROPOSAL},
    "download_word": {ActionName.DOWNLOAD_DOCX},
    "share": {ActionName.SHARE},
    "shares": {ActionName.SHARES},
    "reminders": {ActionName.REMINDERS},
    "watch_call": {ActionName.CALLS, ActionName.WATCH},
    "help": {ActionName.HELP},
    "cancel": {ActionName.CANCEL},
    "my_data": {ActionName.MY_DATA},
    "download_pdf": {ActionName.DOWNLOAD_PDF},
    "open_page": {ActionName.OPEN_PAGE},
    "park": {ActionName.PARK},
    "delete": {ActionName.DELETE},
    "erase_my_data": {ActionName.MY_DATA_ERASE},
    "next_step": {ActionName.NEXT_STEP},
    "decision": {ActionName.DECISION},
    "history": {ActionName.HISTORY},
    "phases": {ActionName.PHASES},
    "texts": {ActionName.TEXTS},
    "assign": {ActionName.ASSIGN},
    "edit_step": {ActionName.EDIT},
    "add_call": {ActionName.CALL_ADD},
    "apply": {ActionName.APPLICATION, ActionName.CALLS},
    "review": {ActionName.REVIEW},
    # On a draft not yet complete the proposal's use case says why there is none yet.
    "create_proposal": {ActionName.CREATE_PROPOSAL, ActionName.SHOW_PROPOSAL},
    "reply": {ActionName.REPLY},
    "skip_step": {ActionName.SKIP_STEP},
    "optional_fields": {ActionName.OPTIONAL_FIELDS},
    "done": {ActionName.DONE},
    "save_later": {ActionName.SAVE_LATER},
    "shared_open": {ActionName.SHARED_OPEN},
    "report": {ActionName.REPORT},
    "answer": {ActionName.ASK},  # no request: a question, or the answer to a one-field step
}


class Session:
    """Anna with two drafts, 'Parkleken i Hässelby' (its proposal made) and 'Trygghetsvandring i Råcksta'
    (at its second step); each action the router runs is recorded."""

    def __init__(self, routine: Any, messages: Any) -> None:
        self.conversation, self.database, _ = memory_conversation(routine, messages)
        self.dispatched: list[Action] = []
        dispatch: Callable[[Actor, Action], Awaitable[Any]] = self.conversation.router.dispatch

        async def recording(actor: Actor, action: Action) -> Any:
            self.dispatched.append(action)
            return await dispatch(actor, action)

        self.conversation.router.dispatch = recording
        self.park = ""
        self.walk = ""

    async def start(self) -> Session:
        c = self.conversation
        answer = await c.on_card(ANNA, {"action": "new"})
        for step_id in INTERNAL_STEPS:
            step = answer.views[-1]
            assert isinstance(step, StepView)
            values = {**ANSWERS[step_id], **({"title": "Parkleken i Hässelby"} if step_id == "start" else {})}
            ids = {"action": "submit", "draft": step.draft_id, "step": step.step.id, "version": step.version}
            answer = await c.on_card(ANNA, {**ids, **values})
        review = answer.views[-1]
        self.park = review.draft_id  # type: ignore[union-attr]
        await c.on_card(ANNA, {"action": "create_proposal", "draft": self.park, "version": review.version})  # type: ignore[union-attr]
        self.walk = await self.add_draft("Trygghetsvandring i Råcksta")
        return self

    async def add_draft(self, title: str) -> str:
        """A new draft of Anna's with this title, at its second step."""
        first = (await self.conversation.on_card(ANNA, {"action": "new"})).views[-1]
        assert isinstance(first, StepView)
        ids = {"action": "submit", "draft": first.draft_id, "step": "start", "version": first.version}
        await self.conversation.on_card(ANNA, {**ids, **ANSWERS["start"], "title": title})
        return first.draft_id

    async def add_shared(self, title: str) -> str:
        """A draft of Erik's with this title, shared with Anna to comment on: the share's id."""
        first = (await self.conversation.on_card(ERIK, {"action": "new"})).views[-1]
        assert isinstance(first, StepView)
        ids = {"action": "submit", "draft": first.draft_id, "step": "start", "version": first.version}
        await self.conversation.on_card(ERIK, {**ids, **ANSWERS["start"], "title": title})
        share = Share(first.draft_id, ERIK.id, ANNA.id, ANNA.name, Access.COMMENT, "", FIXED_NOW + timedelta(days=30))
        async with self.database.unit_of_work() as tx:
            await tx.shares.create(share, token_hash(share.id))
        return share.id

    async def reply(self, text: str, lang: str = "sv", focus: Focus | None = None) -> Reply:
        """The bot's reply to the typed text, from the given focus."""
        async with self.database.unit_of_work() as tx:
            await tx.focus.set(ANNA.conversation_id, ANNA.id, focus)
            await tx.focus.forget_shown(ANNA.conversation_id)  # each row typed as the first thing: no card of the last
        self.dispatched.clear()
        return await self.conversation.on_text(replace(ANNA, lang=lang), text)

    async def say(self, text: str, lang: str = "sv", focus: Focus | None = None) -> list[ActionName]:
        """What the router ran for the typed text, from the given focus."""
        await self.reply(text, lang, focus)
        return [a.name for a in self.dispatched]


@pytest.fixture
async def session(routine, messages) -> Session:  # type: ignore[no-untyped-def]
    return await Session(routine, messages).start()


@pytest.mark.parametrize("where", ["in the wizard", "outside it"])
async def test_every_phrasing_of_the_blind_table_reaches_its_use_case(session: Session, routine, messages, where: str) -> None:  # type: ignore[no-untyped-def]
    """Each row in a session of Anna's two drafts and the row's own (`drafts`), a draft a row starts gone before the
    next; where a row says so, on the draft of that title and at that step."""
    assert len(TABLE) >= 60 and {row["lang"] for row in TABLE} == {"sv", "en"}
    sessions = {((), ()): session}
    wrong = []
    for row in TABLE:
        extra = (tuple(row.get("drafts", ())), tuple(row.get("shared", ())))
        if extra not in sessions:
            sessions[extra] = await Session(routine, messages).start()
            for title in extra[0]:
                await sessions[extra].add_draft(title)
            for title in extra[1]:
                await sessions[extra].add_shared(title)
        here = sessions[extra]
        before = set(here.database.tables.drafts)
        ran = await here.say(row["text"], row["lang"], Focus(here.walk) if where == "in the wizard" else None)
        acted = here.dispatched[0] if here.dispatched else None
        drafts = {d.id: d.title for d in here.database.tables.drafts.values()}
        shared = getattr(acted, "share", None)  # a draft shared with Anna, opened: the share's draft
        draft_id = here.database.tables.shares[shared][1].draft_id if shared else getattr(acted, "draft", None)
        for started in set(here.database.tables.drafts) - before:  # a new draft named by its row ("… för parkleken")
            del here.database.tables.drafts[started]  # is not one the next rows may name
        got = (
            [str(n) for n in ran],
            drafts.get(draft_id or "") if "draft" in row else None,
            getattr(acted, "step", None) if "step" in row else None,
            getattr(acted, "subject", None) if "title" in row else None,
            getattr(acted, "person", None) if "person" in row else None,
        )
        wanted = tuple(row.get(key) for key in ("draft", "step", "title", "person"))
        if not ran or ran[0] not in REACHES[row["intent"]] or got[1:] != wanted:
            wrong.append(f"{row['text']!r}: expected {row['intent']} {wanted}, ran {got}")
    assert not wrong, f"{len(wrong)} of {len(TABLE)} wrong:\n" + "\n".join(wrong)


async def test_a_draft_named_by_words_of_its_title_is_the_one_acted_on(session: Session) -> None:
    walk = Focus(session.walk)
    assert await session.say("fortsätt med parkleken", focus=walk) == [ActionName.RESUME]
    assert session.dispatched[0].draft == session.park  # type: ignore[attr-defined]
    await session.say("resume the Råcksta draft", "en")
    assert session.dispatched[0].draft == session.walk  # type: ignore[attr-defined]
    await session.say("vem har tillgång till parkleken?", focus=walk)
    assert session.dispatched[0].draft == session.park  # type: ignore[attr-defined]
    await session.say("kan jag få parkleken som wordfil?", focus=walk)
    assert session.dispatched[0].draft == session.park  # type: ignore[attr-defined]


async def test_a_step_opened_again_by_its_own_clause_and_a_call_applied_to_by_name(session: Session) -> None:
    """What follows the request's clause is why ("nämnden har möte 11 mars i stället"); applying names a call by words
    of its title, else opens the calendar (each open call with its button); asking how to apply is a question."""
    assert await session.say("jag vill ändra tidplanen, nämnden har möte 11 mars i stället") == [ActionName.EDIT]
    assert session.dispatched[0].step == "timeline"  # type: ignore[attr-defined]
    assert await session.say("jag vill söka Masterclass") == [ActionName.APPLICATION]
    assert await session.say("jag vill söka SKR-nätverket om unga") == [ActionName.CALLS]
    assert await session.say("hur ansöker man till ett nätverk?") == [ActionName.ASK]
    assert await session.say("lägg till en utlysning") == [ActionName.CALL_ADD]


async def test_a_change_naming_no_draft_of_the_users_offers_their_drafts_at_that_step(session: Session) -> None:
    """ "för simhallen" names none of Anna's drafts: she chooses which draft's timeline to open, none is guessed; words
    after "i" that are the step's own ("Beslut i nämnd", a field of the timeline) name no draft."""
    answer = await session.reply("ändra tidplanen för simhallen", focus=Focus(session.walk))
    assert session.dispatched == []
    [choice] = [view for view in answer.views if isinstance(view, NextStepsView)]
    assert [n.key for n in choice.notices] == ["draft_not_named"]
    assert {(s.action, s.draft_id, s.step_id) for s in choice.steps} == {
        (ActionName.EDIT, session.walk, "timeline"),
        (ActionName.EDIT, session.park, "timeline"),
    }
    assert await session.say("ändra beslut i nämnd", focus=Focus(session.walk)) == [ActionName.EDIT]
    assert (session.dispatched[0].draft, session.dispatched[0].step) == (session.walk, "timeline")  # type: ignore[attr-defined]


async def test_a_question_after_the_filler_of_chat_is_still_a_question(session: Session) -> None:
    """ "asså hur funkar det …" holds the help's "hur funkar det", but it asks about dialogues: a question."""
    assert await session.say("asså hur funkar det me dialoger här egentligen") == [ActionName.ASK]


async def test_with_no_name_the_open_draft_else_the_latest(session: Session) -> None:
    await session.say("dela med kommunikatör", focus=Focus(session.park))
    assert session.dispatched[0].draft == session.park  # type: ignore[attr-defined]
    await session.say("fortsätt")  # outside the wizard: the draft changed last
    assert session.dispatched[0].draft == session.walk  # type: ignore[attr-defined]
    await session.say("visa förslaget")  # a proposal: the latest draft that has one
    assert session.dispatched[0].draft == session.park  # type: ignore[attr-defined]


async def test_no_question_of_the_evaluation_sets_is_taken_for_a_request(session: Session) -> None:
    assert len(QUESTIONS) >= 150
    taken = []
    for case in QUESTIONS:
        ran = await session.say(case["q"], case["lang"])
        if ran != [ActionName.ASK]:
            taken.append(f"{case['q']!r}: ran {[str(n) for n in ran]}")
    assert not taken, "\n".join(taken)


async def test_saying_what_something_was_is_no_request_but_a_request_after_it_is(session: Session, messages) -> None:  # type: ignore[no-untyped-def]
    for text, lang in (
        ("Tack, det var till hjälp!", "sv"),
        ("thanks, that was helpful", "en"),
        ("tack för hjälpen!", "sv"),
        ("thanks for the help!", "en"),
    ):
        assert await session.say(text, lang) == [ActionName.ASK], text
    assert [m.intent for m in Intents.of(messages).match("det var bra, visa förslaget")][:1] == [Intent.SHOW_PROPOSAL]


async def test_a_negated_request_is_not_carried_out(session: Session) -> None:
    for text, lang in (("ta inte bort utkastet", "sv"), ("don't delete the draft", "en"), ("parkera inte", "sv")):
        answer = await session.reply(text, lang, Focus(session.walk))
        ran = [a.name for a in session.dispatched]
        assert ActionName.DELETE not in ran and ActionName.PARK not in ran, text
        offered = [step.action for view in answer.views if isinstance(view, NextStepsView) for step in view.steps]
        assert ActionName.DELETE not in offered and ActionName.PARK not in offered, (text, offered)


def test_no_answer_a_user_types_into_a_card_is_wholly_a_request(messages) -> None:  # type: ignore[no-untyped-def]
    intents = Intents.of(messages)
    answers = [v for step in ANSWERS.values() for v in step.values() if len(v) > 3 and not v[0].isdigit()]
    whole = [(text, m[0].intent) for text in answers if (m := intents.match(text)) and not m[0].rest]
    assert whole == []


async def test_a_request_reaches_the_matcher_only_as_a_short_message(messages) -> None:  # type: ignore[no-untyped-def]
    intents = Intents.of(messages)
    assert intents.match("mina utkast " * 8)  # 16 words: still a request
    assert intents.match("mina utkast " * 9) == []  # longer: an answer or a question
    assert intents.match("visa förslaget " + "x" * MAX_CHARS) == []
    assert intents.match("mina utkast " * 20_000) == []  # 240 KB, read no further than MAX_CHARS


def test_a_change_is_read_from_its_own_clause_however_long_the_reason(messages) -> None:  # type: ignore[no-untyped-def]
    intents = Intents.of(messages)
    reason = ", the council meets on 03/11/2027 instead and the feedback date moves with it" + " too" * 60
    assert [m.intent for m in intents.match("I want to change the timeline for the library" + reason)] == [Intent.EDIT_STEP]
    # A long answer that says what will be changed asks for nothing; nor does a long message of another request.
    assert intents.match("Vi ändrar metoden, om det behövs efter första mötet och när vi har sett hur många som kommer") == []
    assert intents.match("visa förslaget" + reason) == []


def test_equally_likely_requests_are_kept_together(messages) -> None:  # type: ignore[no-untyped-def]
    command = parse_text("ladda ner", Intents.of(messages), None)
    assert isinstance(command, Command)
    assert {command.name, *command.also} == {ActionName.DOWNLOAD_DOCX, ActionName.DOWNLOAD_PDF}


def test_the_messages_file_phrases_every_intent_in_both_languages(messages, routine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.services import Domain
    from dialogs.calls import load_calls
    from dialogs.messages import MESSAGES_FILE, load_messages
    from dialogs.planning import load_meeting_plan

    raw = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    del raw["intents"]["help"]["en"]
    broken = tmp_path / "messages.yaml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="intent 'help' needs a list for both 'sv' and 'en'"):
        load_messages(broken)
    raw = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    del raw["intents"]["park"]
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="intents missing \\['park'\\]"):  # the start-up refuses it
        Domain(routine, load_messages(broken), tuple(load_calls()), load_meeting_plan())
    raw = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    del raw["language"]["stopwords"]["sv"]
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="language 'stopwords' needs a list for both 'sv' and 'en'"):
        load_messages(broken)


async def test_the_list_of_drafts_is_one_request_away_in_either_language(session: Session) -> None:
    for text, lang in (("mina utkats", "sv"), ("can you list my drafts please", "en")):
        async with session.database.unit_of_work() as tx:
            await tx.focus.set(ANNA.conversation_id, ANNA.id, None)
        answer = await session.conversation.on_text(replace(ANNA, lang=lang), text)
        assert isinstance(answer.views[0], DraftListView) and len(answer.views[0].drafts) == 2


async def test_a_change_naming_its_draft_in_the_genitive_opens_that_drafts_step(session: Session) -> None:
    """ "ändra parklekens syfte" is "ändra syftet i parkleken": the draft named before its step, no preposition."""
    for text, lang, step in (
        ("ändra parklekens syfte", "sv", "purpose"),
        ("ändra syftet i parkleken", "sv", "purpose"),
        ("change the parkleken draft's timeline", "en", "timeline"),
    ):
        assert await session.say(text, lang, Focus(session.walk)) == [ActionName.EDIT], text
        assert (session.dispatched[0].draft, session.dispatched[0].step) == (session.park, step), text  # type: ignore[attr-defined]
    # Words before the step that name no draft of hers say more: no change is guessed.
    assert await session.say("ändra simhallens syfte", focus=Focus(session.walk)) == [ActionName.ASK]


async def test_a_long_change_on_a_step_of_several_fields_asks_and_keeps_the_text(session: Session) -> None:
    """On Syfte och mål (several fields), a long message that asks for a change may be meant for a field: as on a
    one-field step the user says which, and the text is given back, never lost; the step is not opened unasked."""
    typed = "Vi ska ändra tidplanen, om det behövs, så att fler barn kan vara med innan parken byggs om."
    answer = await session.reply(typed, focus=Focus(session.park, "purpose"))
    assert session.dispatched == []
    [choice] = [view for view in answer.views if isinstance(view, NextStepsView)]
    assert [(n.key, n.values.get("text")) for n in choice.notices] == [("answer_or_request_fields", typed)]
    assert [(s.action, s.draft_id, s.step_id) for s in choice.steps] == [
        (ActionName.EDIT, session.park, "timeline"),  # the request
        (ActionName.EDIT, session.park, "purpose"),  # back to the card, to paste it
    ]
    assert [s.title for s in choice.steps] == ["Tidplan", "Syfte och mål"]
    # Short, the same request opens the step as it always has.
    assert await session.say("ändra tidplanen", focus=Focus(session.park, "purpose")) == [ActionName.EDIT]
