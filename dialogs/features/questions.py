"""Questions about the routine in free text, the topic buttons, and free text on a one-field step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dialogs.actions import ActionName, Ask, SubmitStep, Topic
from dialogs.actor import Actor
from dialogs.calls import CallStatus
from dialogs.deadlines import REVISION_ROLE, REVISION_SECTION, revision_day
from dialogs.draft import Draft, DraftStatus
from dialogs.features.base import Services, owed_answer
from dialogs.features.drafts import Drafts
from dialogs.features.steps import Steps, needed
from dialogs.intents import Intents
from dialogs.matching import Answer
from dialogs.router import handles
from dialogs.views import AnswerView, ChooseTopicView, NextStep, NextStepsView, Notice, Reply, WelcomeView, reply, say

SMALL_TALK = frozenset({"greeting", "thanks"})


class Questions:
    def __init__(self, services: Services, drafts: Drafts, steps: Steps, intents: Intents) -> None:
        self.s = services
        self.drafts = drafts
        self.steps = steps
        self.intents = intents

    @handles(ActionName.ASK)
    async def ask(self, actor: Actor, action: Ask) -> Reply:
        """On an open step a question is answered and the wizard keeps its place; other text answers a one-field step
        (there, a question the routine has no clear answer to is one only when it is clearly asked). On a card with
        nothing to fill in (a gate's stop card), text the routine or the small talk answers is answered too, and other
        text gets the card again with its own ways on; on a card of several fields, the user is pointed to the card (all of
        them optional: that it can be skipped, Hoppa över steget beside the card); under
        a phase's card, to that card, shown again. Past the proposal, words that give the phase's card (the one shown, else
        the one the dialogue is in) a date, a § or an option open it with them (features/drafts.told). With no draft open,
        words that say what dialogue the user wants to hold, asking nothing, are offered as a new draft."""
        draft = await self.drafts.focused(actor, action.draft)
        asked = self.s.questions.looks_like_question(action.text)
        if draft is not None and not asked and (told := await self.drafts.told(actor, draft, action.step, action.text)):
            return told
        if draft is not None and (on_phase := await self.steps.typed_on_phase(actor, draft, action.step)) is not None:
            matched = await self._match(actor, action.text)  # a question or small talk under it is answered
            if matched.kind in SMALL_TALK or asked:
                return await self._answer(actor, matched, draft)
            return on_phase
        progress = self.s.wizard.progress(draft) if draft else None
        step = progress.open_step(self.s.routine.step(action.step or "")) if progress else None
        if draft is None or progress is None or step is None:
            matched = await self._match(actor, action.text)
            if draft is None and (offered := self._described(action.text, matched)):
                return offered
            return await self._answer(actor, matched, draft)
        stopped = progress.gate is not None and step.id == progress.gate.id and action.step != step.id
        fields = () if stopped else self.s.wizard.fields(step, draft)
        answer = await self._match(actor, action.text) if asked or stopped else None
        if answer is not None and (answer.kind != "suggest" or (asked and (len(fields) != 1 or self._clearly_asks(action.text)))):
            return await self._answer(actor, answer, draft)
        if stopped:  # an external initiative's gate card has Skriv svaret too, and says so
            unfilled = "nothing_to_fill_answerable" if owed_answer(self.s, draft, progress) else "nothing_to_fill"
            return reply(say(unfilled), self.s.wizard.current_view(draft, progress, actor.lang))
        if len(fields) != 1 and not needed(fields):  # "det här fyller jag i senare": it can be skipped, or filled in
            ways = (
                NextStep(ActionName.SKIP_STEP, draft.id, step_id=step.id),
                NextStep(ActionName.EDIT, draft.id, step_id=step.id),
            )
            return reply(NextStepsView((say("fields_all_optional", step=step.title(actor.lang)),), ways))
        if len(fields) != 1:
            return reply(say("use_the_card"))
        submit = SubmitStep(
            name=ActionName.SUBMIT, draft=draft.id, step=step.id, version=draft.version, inputs={fields[0].id: action.text}
        )
        return await self.steps.submit(actor, submit)

    def _described(self, text: str, answer: Answer) -> Reply | None:
        """ "hej! jag är enhetschef … och vill prata med de boende om öppettiderna": the welcome (after the greeting, if
        greeted), its first button a new draft about what was described; None for words that describe no dialogue, or
        ask something."""
        described = self.intents.described(text)
        if not described or self.s.questions.looks_like_question(text):
            return None
        greeted = (Notice("qa_greeting", lang=answer.lang),) if answer.kind == "greeting" else ()
        return reply(*greeted, WelcomeView(answer.lang, described))

    def _clearly_asks(self, text: str) -> bool:
        """A question word first and a question mark last: no answer typed into a one-field card looks like that."""
        stripped = text.strip()
        return stripped.endswith("?") and self.s.questions.looks_like_question(stripped.rstrip("?"))

    @handles(ActionName.TOPIC)
    async def topic(self, actor: Actor, action: Topic) -> Reply:
        topic = self.s.questions.topic(action.topic)
        if topic is None:
            return reply(say("unreadable_card"))
        draft = await self.drafts.focused(actor, action.draft)
        return await self._answer(actor, Answer("topic", actor.lang, topic=topic), draft)

    async def _match(self, actor: Actor, text: str) -> Answer:
        """The answer; for 'mitt ansvar' without a role, the role the user gave in their latest draft answers."""
        answer = self.s.questions.answer(text, actor.lang)
        if answer.kind != "ask_role":
            return answer
        async with self.s.uow() as tx:
            drafts: list[Draft] = await tx.drafts.list_for_owner(actor.id)
        return self.s.questions.with_draft_role(answer, next((d.role for d in drafts if d.role), None))

    async def _answer(self, actor: Actor, answer: Answer, draft: Draft | None) -> Reply:
        """Answered in the question's language; the wizard keeps its place (the way back to the draft, to its proposal
        once proposed). An answer about the calls says how many of those the user sees are open to apply to now ("which
        calls can I apply to?": none, before the calendar's click)."""
        questions = self.s.questions
        draft_id, proposed = (draft.id, draft.status == DraftStatus.PROPOSED) if draft else (None, False)
        if answer.kind == "greeting":
            return reply(Notice("qa_greeting", lang=answer.lang), WelcomeView(answer.lang))
        if answer.kind == "thanks":
            return reply(Notice("qa_thanks", lang=answer.lang))
        if answer.kind == "topic" and answer.topic:
            related = tuple(t for t in (questions.topic(r) for r in answer.topic.related) if t)[:3]
            passed = self._revision_passed(answer)
            view = AnswerView(answer.lang, answer.topic, related, draft_id, answer.role_from_draft, passed, proposed=proposed)
            if answer.topic.request is ActionName.CALLS:
                view = replace(view, calls_open=await self._calls_open(actor))
            return reply(view)
        key = "qa_ask_role" if answer.kind == "ask_role" else "qa_no_match"
        return reply(ChooseTopicView(answer.lang, key, answer.suggestions, draft_id, proposed))

    async def _calls_open(self, actor: Actor) -> int:
        deadlines = self.s.deadlines
        async with self.s.uow() as tx:
            calls = await deadlines.visible(tx, actor.id)
        return sum(1 for call in calls if deadlines.status(call) is not CallStatus.CLOSED)

    def _revision_passed(self, answer: Answer) -> date | None:
        """The routine's planned revision when it is past, on an answer about it or to the role that keeps the
        routine up to date (the stadsdelsdirektör): said as past, from the clock, not shown as still to come."""
        topic = answer.topic
        day = revision_day(self.s.routine)
        section = self.s.routine.sections.get(REVISION_SECTION)
        about = topic is not None and (
            (topic.role is not None and topic.role.id == REVISION_ROLE) or any(s == section for s in topic.sections)
        )
        return day if about and day is not None and day < self.s.deadlines.today() else None
