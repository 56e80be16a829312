"""One turn, as the domain sees it: a card submission or a typed message from an actor becomes a typed
action (a typed request is first tied to its draft or call: features/commands.py), the router runs its use
case, and the reply says what to show. Handled here, once, for every feature: not-found and stale cards, and
the ways on — a reply that shows only words gets buttons to go on with (back to the draft the user works on,
Mina utkast, Hjälp; to a proposed draft's proposal and next step), so that no reply is a dead end."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from dialogs.actions import Action, ActionName, Command, Focused, OnDraft, left_card, parse_card, parse_text
from dialogs.actor import Actor, Focus
from dialogs.deadlines import CallNotFound
from dialogs.draft import DraftStatus, StaleDraftError
from dialogs.features.applications import Applications
from dialogs.features.base import CallClosed, DraftNotFound, Services, keep_focus
from dialogs.features.calls import Calls
from dialogs.features.commands import Commands
from dialogs.features.drafts import Drafts
from dialogs.features.lifecycle import Lifecycle
from dialogs.features.my_data import MyData
from dialogs.features.proposal import Proposals
from dialogs.features.questions import Questions
from dialogs.features.reminders import Reminders
from dialogs.features.review import Reviews
from dialogs.features.roles import Roles
from dialogs.features.sharing import Sharing
from dialogs.features.steps import Steps
from dialogs.intents import Intents
from dialogs.ports import UnitOfWork, WorkedOn
from dialogs.router import Router
from dialogs.views import (
    AnswerView,
    ChooseTopicView,
    LinkView,
    NextStep,
    NextStepsView,
    Reply,
    WelcomeView,
    back_to_draft,
    leads_on,
    reply,
    say,
)


class Conversation:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.drafts = Drafts(services)
        self.steps = Steps(services, self.drafts)
        self.sharing = Sharing(services)
        self.my_data = MyData(services, self.sharing)
        self.applications = Applications(services, self.sharing)
        self.intents = Intents.of(services.messages)
        self.commands = Commands(services, self.intents, self.drafts)
        lifecycle = Lifecycle(services, self.drafts, self.sharing)
        questions = Questions(services, self.drafts, self.steps, self.intents, self.sharing, lifecycle)
        self.reviews = Reviews(services, self.sharing, self.drafts, self.intents)
        features = [
            self.drafts,
            self.steps,
            self.sharing,
            questions,
            Reminders(services),
            Calls(services),
            self.applications,
            Proposals(services, self.sharing),
            lifecycle,
            self.reviews,
            Roles(services, self.drafts, self.sharing),
            self.my_data,
        ]
        self.router = Router(features)

    def welcome(self) -> Reply:
        return reply(WelcomeView())

    async def on_card(self, actor: Actor, value: Mapping[str, Any]) -> Reply:
        action = parse_card(value)
        if action is None:
            return await self._kept_with_ways_on(actor, reply(say("unreadable_card")))
        if (left := left_card(value, action)) is not None:  # before the press is handled: the card may come again
            await self.steps.keep_left(actor, *left)
        if isinstance(action, Focused) and action.draft is None and (focus := await self._focus(actor)):
            action = action.model_copy(update={"draft": focus.draft_id, "step": focus.step_id})  # e.g. Hjälp on the welcome card
        return await self.handle(actor, action)

    async def on_text(self, actor: Actor, text: str) -> Reply:
        """The typed message as a request, a question or an answer; a short reply to the card just shown is about it: a
        yes to a choice card that asks, or the request its main button stands for (dialogs/shown.py). A reviewer's
        "godkänn", or "skicka tillbaka: …", away from the review's card shows it again (features/review.py)."""
        async with self.services.uow() as tx:
            where = await tx.focus.whereabouts(actor.conversation_id, actor.id)
        shown, focus = where.shown, where.focus
        if shown is not None and shown.asks() and self.intents.says_yes(text):
            chosen = shown.obvious_choice()
            if chosen is None:
                return await self._keep(actor, reply(*shown.again(self.services.questions)))
            return await self.handle(actor, chosen)
        typed = shown.typed_choice(lambda name: self.intents.does(text, name)) if shown is not None else None
        if typed is not None:
            return await self.handle(actor, typed)
        carries = shown.takes_text() if shown is not None else None
        said = self.intents.said_after(text, carries.name) if carries is not None else ""
        if carries is not None and (said or self.intents.does(text, carries.name)):  # bare "skicka tillbaka": its field
            return await self.handle(actor, carries.model_copy(update={"comment": said}))
        main = shown.main_action() if shown is not None else None
        among = self.intents.among(shown.names, shown.reviewed) if shown is not None and shown.names else frozenset()
        if main is not None and self.intents.does(text, main.name, among):
            return await self.handle(actor, main)
        if (again := await self.reviews.typed_answer(actor, text)) is not None:
            return await self._kept_with_ways_on(actor, again)
        action = parse_text(text, self.intents, focus)
        if carries is not None and carries.name is ActionName.SHARE_COMMENT:  # not said as the comment, it may be one still
            action = action.model_copy(update={"share": carries.share})  # (features/questions.py, commands.py)
        if shown is not None and shown.phase and action.draft == shown.draft_id:
            action = action.model_copy(update={"step": shown.phase})  # under a phase's card: on that card, as on a step's
        return await self.handle(actor, shown.about(action) if shown is not None else action)

    async def too_big(self, actor: Actor, draft_id: str | None) -> Reply:
        """What to send instead of a message the channel refused as too large: the page of the draft it
        was about (a one-day link for its owner), or at least a way on."""
        if draft_id:
            page = await self.handle(actor, OnDraft(name=ActionName.OPEN_PAGE, draft=draft_id))
            if any(isinstance(view, LinkView) for view in page.views):
                return reply(say("card_too_big"), *page.views)
        return await self._kept_with_ways_on(actor, reply(say("card_too_big_no_page")), keep=False)

    async def _focus(self, actor: Actor) -> Focus | None:
        async with self.services.uow() as tx:
            return await tx.focus.get(actor.conversation_id, actor.id)

    async def _run(self, actor: Actor, action: Action) -> Reply:
        if isinstance(action, Command):
            resolved = await self.commands.resolve(actor, action)
            if isinstance(resolved, Reply):
                return resolved
            action = resolved
        return await self.router.dispatch(actor, action)

    async def handle(self, actor: Actor, action: Action) -> Reply:
        try:
            answer = await self._run(actor, action)
        except DraftNotFound:
            answer = reply(say("draft_not_found"))
        except CallNotFound:
            answer = reply(say("call_not_found"))
        except CallClosed as closed:  # the way on: the calendar, with the calls still open
            refusal = say(closed.refusal, title=closed.call.title)
            answer = reply(NextStepsView((refusal,), (NextStep(ActionName.CALLS), NextStep(ActionName.LIST))))
        except StaleDraftError as stale:
            # A card answered already, out of date, or saved by someone else meanwhile.
            try:
                answer = await self.drafts.stale(actor, stale.draft_id)
            except DraftNotFound:
                answer = reply(say("draft_not_found"))
        return await self._kept_with_ways_on(actor, answer)

    async def _to_the_review(self, tx: UnitOfWork, actor: Actor, answer: Reply) -> Reply:
        """A routine answer about no draft offers the review waiting for the user, if one does, not a new draft."""
        last = answer.views[-1] if answer.views else None
        if not isinstance(last, AnswerView | ChooseTopicView) or last.draft_id:
            return answer
        if (step := await self.reviews.waiting_step(tx, actor)) is None:
            return answer
        return replace(answer, views=(*answer.views[:-1], replace(last, review=step)))

    async def _kept_with_ways_on(self, actor: Actor, answer: Reply, keep: bool = True) -> Reply:
        """The reply kept (`_keep`, unless `keep` is False), as it is if something in it leads on, else with the ways
        on added: read in the unit of work that keeps it, after the focus it keeps."""
        if any(leads_on(view) for view in answer.views) and (answer.kept or not keep) and not _about_no_draft(answer):
            return answer
        async with self.services.uow() as tx:
            answer = await self._to_the_review(tx, actor, answer)
            leads = any(leads_on(view) for view in answer.views)
            if leads and (answer.kept or not keep):
                return answer
            kept = await keep_focus(tx, actor, answer) if keep and not answer.kept else answer
            worked_on = None if leads else await tx.drafts.worked_on(actor)
            review = await self.reviews.waiting_step(tx, actor) if worked_on and worked_on.focus is None else None
        if worked_on is None:
            return kept
        return replace(kept, views=(*kept.views, NextStepsView((), _ways_on(worked_on, review))))

    async def _keep(self, actor: Actor, answer: Reply) -> Reply:
        """The conversation remembers which draft the user works on (typed text goes there) and the card the reply ends
        with (a short reply answers it). Stored by the use case in its own unit of work where it could (the reply is
        then `kept`)."""
        if answer.kept:
            return answer
        async with self.services.uow() as tx:
            return await keep_focus(tx, actor, answer)


def _about_no_draft(answer: Reply) -> bool:
    """Whether the reply ends with a routine's answer (or its topics) about no draft."""
    last = answer.views[-1] if answer.views else None
    return isinstance(last, AnswerView | ChooseTopicView) and not last.draft_id


def _ways_on(worked_on: WorkedOn, review: NextStep | None) -> tuple[NextStep, ...]:
    """Back to the draft the user works on (to the step they opened again, if they did; to its proposal and the next
    step after it, once proposed: nothing is left to continue), else the review waiting for them (a reviewer has no
    draft of their own: `review`), else a new one; Mina utkast and Hjälp."""
    focus, draft = worked_on.focus, worked_on.draft
    if focus is None:
        back: tuple[NextStep, ...] = (review or NextStep(ActionName.NEW),)
    elif focus.step_id:
        back = (NextStep(ActionName.EDIT, focus.draft_id, step_id=focus.step_id),)
    else:
        back = back_to_draft(focus.draft_id, draft is not None and draft.status == DraftStatus.PROPOSED)
    return (*back, NextStep(ActionName.LIST), NextStep(ActionName.HELP))
