"""Questions about the routine in free text, the topic buttons, and free text on a one-field step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dialogs.actions import ActionName, Ask, ShareComment, SubmitStep, Topic
from dialogs.actor import Actor
from dialogs.calls import CallStatus
from dialogs.deadlines import REVISION_ROLE, REVISION_SECTION, revision_day
from dialogs.draft import Draft, DraftStatus
from dialogs.features.base import Services, owed_answer
from dialogs.features.drafts import Drafts
from dialogs.features.lifecycle import Lifecycle
from dialogs.features.sharing import Sharing
from dialogs.features.steps import Steps, needed
from dialogs.intents import Intents
from dialogs.matching import Answer
from dialogs.router import handles
from dialogs.routine import Field
from dialogs.typed_answers import TypedAnswers
from dialogs.views import (
    AnswerView,
    ChooseTopicView,
    NextStep,
    NextStepsView,
    Notice,
    Reply,
    WelcomeView,
    comment_offered,
    reply,
    say,
)

SMALL_TALK = frozenset({"greeting", "thanks"})


class Questions:
    def __init__(
        self, services: Services, drafts: Drafts, steps: Steps, intents: Intents, sharing: Sharing, lifecycle: Lifecycle
    ) -> None:
        self.s = services
        self.drafts = drafts
        self.steps = steps
        self.intents = intents
        self.sharing = sharing
        self.lifecycle = lifecycle  # a phase's card of one field: what is typed under it is recorded as its answer
        self.typed = TypedAnswers.of(services.messages, intents.fillers)

    @handles(ActionName.ASK)
    async def ask(self, actor: Actor, action: Ask) -> Reply:
        """On an open step a question is answered and the wizard keeps its place; other text answers a one-field step
        (there, a question the routine has no clear answer to is one only when it is clearly asked). On a card with
        nothing to fill in (a gate's stop card), text the routine or the small talk answers is answered too, and other
        text gets the card again with its own ways on; on a card of several fields, what the text clearly fills is put in the
        card, shown again to check and save, small talk is answered, and other text is given back to paste with the card
        (Steps.typed_on_card; all of them optional: that it can be skipped, Hoppa över steget beside the card); under a
        phase's card of one field, it is that field's answer, else the card is pointed to, shown again (`_on_phase`). Past
        the proposal, words that give the phase's card (the one shown, else the one the dialogue is in) a date, a § or an
        option open it with them (features/drafts.told). With no draft open, words that say what dialogue the user wants
        to hold, asking nothing, are offered as a new draft. Under the card of a draft shared to comment on, see
        `_comment`."""
        if action.share is not None:
            return await self._comment(actor, action, action.share)
        draft = await self.drafts.focused(actor, action.draft)
        asked = self.s.questions.looks_like_question(action.text)
        on_phase = await self.steps.typed_on_phase(actor, draft, action.step) if draft is not None else None
        one_field = on_phase is not None and len(self._phase_fields(action, draft)) == 1  # the text is its answer
        if (
            draft is not None
            and not asked
            and not one_field
            and (told := await self.drafts.told(actor, draft, action.step, action.text))
        ):
            return told
        if draft is not None and on_phase is not None:
            return await self._on_phase(actor, action, draft, on_phase)
        progress = self.s.wizard.progress(draft) if draft else None
        step = progress.open_step(self.s.routine.step(action.step or "")) if progress else None
        if draft is None or progress is None or step is None:
            matched = await self._match(actor, action.text)
            if draft is None and (offered := self._described(action.text, matched)):
                return offered
            return await self._answer(actor, matched, draft)
        stopped = progress.gate is not None and step.id == progress.gate.id and action.step != step.id
        fields = () if stopped else self.s.wizard.fields(step, draft)
        if len(fields) > 1 and (filled := self.typed.fill(fields, action.text, asked=asked)):
            return await self.steps.typed_on_card(actor, draft, step, filled, action.text)
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
            matched = answer or await self._match(actor, action.text)  # "tack!", "hej" are answered as such
            if matched.kind in SMALL_TALK:
                return await self._answer(actor, matched, draft)
            return await self.steps.typed_on_card(actor, draft, step, {}, action.text)
        submit = SubmitStep(
            name=ActionName.SUBMIT, draft=draft.id, step=step.id, version=draft.version, inputs={fields[0].id: action.text}
        )
        return await self.steps.submit(actor, submit)

    async def _comment(self, actor: Actor, action: Ask, share: str) -> Reply:
        """Text typed under the card of a draft shared to comment on: small talk and a question the routine answers clearly
        are answered; other words that ask nothing are the comment, saved as its button would save it ("Bra upplägg, men
        lägg till föräldrarna som målgrupp"); the rest (a question with no clear answer, words a topic answers) may be
        either: Spara som kommentar, the text on its button, or Hjälp."""
        matched = await self._match(actor, action.text)
        asked = self.s.questions.looks_like_question(action.text)
        if matched.kind in SMALL_TALK or (asked and matched.kind == "topic"):
            return await self._answer(actor, matched, await self.drafts.focused(actor, action.draft))
        if not asked and matched.kind == "suggest":
            comment = ShareComment(name=ActionName.SHARE_COMMENT, share=share, comment=action.text)
            return await self.sharing.comment(actor, comment)
        return comment_offered(share, action.text, NextStep(ActionName.HELP))

    def _phase_fields(self, action: Ask, draft: Draft | None) -> tuple[Field, ...]:
        """The fields of the phase's card the text was typed under (none: no phase's card)."""
        phase = self.s.routine.phase(action.step or "")
        return self.s.wizard.fields(phase, draft) if phase is not None and draft is not None else ()

    async def _on_phase(self, actor: Actor, action: Ask, draft: Draft, on_phase: Reply) -> Reply:
        """Text typed under a phase's card: a question or small talk is answered; on a card of one field, other text is
        its answer, recorded as its Spara would (a question the routine has no clear answer to is one only when it is
        clearly asked), as on a one-field step; on a card of several, the card is pointed to (`on_phase`)."""
        phase = self.s.routine.phase(action.step or "")
        fields = self._phase_fields(action, draft)
        matched = await self._match(actor, action.text)
        asked = self.s.questions.looks_like_question(action.text)
        one = phase is not None and len(fields) == 1
        if matched.kind in SMALL_TALK or (asked and (not one or matched.kind != "suggest" or self._clearly_asks(action.text))):
            return await self._answer(actor, matched, draft)
        if phase is None or not one:
            return on_phase
        save = SubmitStep(
            name=ActionName.PHASE_SAVE, draft=draft.id, step=phase.id, version=draft.version, inputs={fields[0].id: action.text}
        )
        return await self.lifecycle.save(actor, save)

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
            return reply(
                Notice("qa_greeting", lang=answer.lang),
                WelcomeView(answer.lang, in_progress=await self._in_progress(actor, draft)),
            )
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

    async def _in_progress(self, actor: Actor, draft: Draft | None) -> tuple[str, str] | None:
        """The draft the user works on, else the one they changed last, while it is being worked on (neither parked nor
        proposed): its id and title, for the welcome to offer back to them after a reload."""
        if draft is None:
            async with self.s.uow() as tx:
                draft = next(iter(await tx.drafts.list_for_owner(actor.id)), None)
        if draft is None or draft.status != DraftStatus.ACTIVE:
            return None
        return draft.id, draft.title

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
