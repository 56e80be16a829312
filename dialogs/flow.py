"""The conversation flow: what the bot answers to a card submission or a typed message.

SDK-free: it takes a user, what they sent and where this conversation stands in the wizard,
and returns the cards and texts to send and the new place. `bot/` turns that into activities.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cards.elements import CardContext
from cards.proposal import proposal_card, render_html, render_markdown
from cards.screens import (
    answer_card,
    answered_card,
    calls_card,
    choose_topic_card,
    comment_notice_card,
    confirm_delete_card,
    drafts_card,
    gate_card,
    help_card,
    link_card,
    reminder_text,
    reminders_card,
    review_card,
    share_card,
    shared_with_you_card,
    shares_card,
    step_card,
    watch_card,
    welcome_card,
    when_text,
)
from dialogs.draft import ACTIVE, PARKED, PROPOSED, Draft, DraftRepository, StaleDraftError, utcnow
from dialogs.messages import Messages
from dialogs.proposal import build_proposal
from dialogs.messages import normalise
from dialogs.questions import Answer, RoutineQuestions
from dialogs.reminders import ReminderService, days_until
from dialogs.schedule import DEFAULT_OFFSETS, STOCKHOLM, parse_offsets
from dialogs.sharing import COMMENTED, DOWNLOAD, READ, VIEW, Notifier, SharingService
from dialogs.routine import Lang, Routine, Step
from dialogs.validation import FieldError, as_text
from dialogs.wizard import Wizard

REVIEW = "review"
_OBJECT_ID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def _looks_like_object_id(value: str) -> bool:
    """Teams' people picker submits the chosen user's AAD object id (a GUID)."""
    return bool(_OBJECT_ID.match(value))


@dataclass(frozen=True)
class User:
    """The person in this turn: a stable id (AAD object id when Teams gives one), name, language,
    and the conversation they wrote in (a personal chat, or a channel or group chat)."""

    id: str
    name: str
    lang: Lang
    conversation_id: str = ""
    personal: bool = True
    in_teams: bool = False


@dataclass(frozen=True)
class Position:
    """Where this conversation is in the wizard: a draft and a step id (or 'review')."""

    draft_id: str
    step_id: str


@dataclass
class Outcome:
    """What to send (texts and cards), where the conversation now stands, and (Teams) what the answered card becomes."""

    replies: list[str | dict[str, Any]] = field(default_factory=list)  # texts and cards, in order
    position: Position | None = None
    answered_card: dict[str, Any] | None = None


Handler = Callable[[User, dict[str, Any], Position | None], Awaitable[Outcome]]


class Flow:
    def __init__(
        self,
        routine: Routine,
        messages: Messages,
        drafts: DraftRepository,
        reminders: ReminderService,
        sharing: SharingService,
        notifier: Notifier,
        clock: Callable[[], datetime] = utcnow,
        questions: RoutineQuestions | None = None,
    ) -> None:
        self.reminders = reminders
        self.sharing = sharing
        self.notifier = notifier
        self.routine = routine
        self.questions = questions or RoutineQuestions(routine)
        self.messages = messages
        self.drafts = drafts
        self.clock = clock
        self.wizard = Wizard(routine)
        self._actions: dict[str, Handler] = {
            "new": self._new,
            "submit": self._submit,
            "help": self._help,
            "edit": self._edit,
            "park": self._park,
            "resume": self._resume,
            "list": self._list,
            "delete": self._delete,
            "delete_confirm": self._delete_confirm,
            "delete_cancel": self._delete_cancel,
            "create_proposal": self._create_proposal,
            "show_proposal": self._show_proposal,
            "topic": self._topic,
            "reminders": self._reminders,
            "calls": self._calls,
            "watch": self._watch,
            "watch_save": self._watch_save,
            "reminder_done": self._reminder_done,
            "reminder_snooze": self._reminder_snooze,
            "share": self._share,
            "share_save": self._share_save,
            "shares": self._shares,
            "share_revoke": self._share_revoke,
            "share_comment": self._share_comment,
            "download_docx": self._download_docx,
        }
        self._commands: dict[str, Callable[[User, Position | None], Awaitable[Outcome]]] = {
            "help": lambda user, pos: self._help(user, {}, pos),
            "cancel": self._cancel,
            "status": self._status,
            "new": lambda user, pos: self._new(user, {}, pos),
            "list": lambda user, pos: self._list(user, {}, pos),
            "reminders": lambda user, pos: self._reminders(user, {}, pos),
            "calls": lambda user, pos: self._calls(user, {}, pos),
        }

    def ctx(self, user: User) -> CardContext:
        return CardContext(self.routine, self.messages, user.lang)

    def t(self, user: User, key: str, **values: Any) -> str:
        return self.messages(key, user.lang, **values)

    # --- entry points ------------------------------------------------------------------------

    def welcome(self, user: User) -> Outcome:
        return Outcome(replies=[welcome_card(self.ctx(user))])

    async def on_card(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        handler = self._actions.get(str(value.get("action")))
        if handler is None:
            return Outcome(replies=[self.t(user, "unreadable_card")], position=position)
        try:
            return await handler(user, value, position)
        except StaleDraftError:
            # Another card or instance saved the draft between our read and our write: show where it stands.
            draft = await self._own(user, value.get("draft"))
            if draft is None:
                return self._not_found(user, None)
            outcome = self.show_current(user, draft)
            outcome.replies.insert(0, self.t(user, "stale_card"))
            return outcome

    async def on_text(self, user: User, text: str, position: Position | None) -> Outcome:
        command = self.messages.command(text)
        if command:
            return await self._commands[command](user, position)
        words = normalise(text).split(" ", 1)
        if len(words) == 2 and self.messages.command(words[0]) == "calls":
            call = next((c for c in self.reminders.calls.values() if words[1] in normalise(c.title)), None)
            if call:
                return await self._watch(user, {"call": call.id}, position)
        draft, step = await self._at(user, position)
        fields = self.wizard.fields(step, draft) if draft and step else ()
        if draft and step:
            # On a card, only a question is taken as one; other text answers a one-field step.
            answer = self.questions.answer(text, user.lang, await self._role_if_asked(user, text)) if self.questions.looks_like_question(text) else None
            if answer is None or answer.kind == "suggest":
                if len(fields) == 1:
                    return await self._submit(user, {"draft": draft.id, "step": step.id, "version": draft.version, fields[0].id: text}, position)
                return Outcome(replies=[self.t(user, "use_the_card")], position=position)
            return self._answer(user, answer, position)
        return self._answer(user, self.questions.answer(text, user.lang, await self._role_if_asked(user, text)), position)

    # --- helpers ---------------------------------------------------------------------------------

    async def _own(self, user: User, draft_id: Any) -> Draft | None:
        """The draft if it exists and belongs to this user; otherwise None (the two look the same)."""
        if not isinstance(draft_id, str) or not draft_id:
            return None
        draft = await self.drafts.get(draft_id)
        return draft if draft and draft.owner_id == user.id else None

    async def _at(self, user: User, position: Position | None) -> tuple[Draft | None, Step | None]:
        if position is None:
            return None, None
        draft = await self._own(user, position.draft_id)
        return draft, self.routine.step(position.step_id) if draft else None

    def _not_found(self, user: User, position: Position | None) -> Outcome:
        return Outcome(replies=[self.t(user, "draft_not_found")], position=position)

    async def _save(self, user: User, draft: Draft, reminders_before: tuple[object, ...]) -> Draft:
        """Store the draft and keep its deadline reminders in step with its dates (when they changed)."""
        saved = await self.drafts.save(draft)
        if self.reminders.signature(saved) != reminders_before:
            await self.reminders.sync_draft(saved, user.lang)
        return saved

    def _values_of(self, step: Step, draft: Draft) -> dict[str, str]:
        return {f.id: as_text(draft.answers.get(f.id)) for f in self.wizard.fields(step, draft)}

    def _shown(self, step: Step, draft: Draft, lang: Lang) -> list[tuple[Any, str]]:
        return [(f, self.wizard.display(f, v, lang)) for f, v in self.wizard.answered_fields(step, draft)]

    def show_step(
        self, user: User, draft: Draft, step: Step, values: dict[str, str] | None = None, errors: dict[str, FieldError] | None = None
    ) -> Outcome:
        card = step_card(
            self.ctx(user),
            step,
            self.wizard.fields(step, draft),
            draft,
            self.wizard.position(step, draft),
            values if values is not None else self._values_of(step, draft),
            errors,
        )
        return Outcome(replies=[card], position=Position(draft.id, step.id))

    def show_current(self, user: User, draft: Draft) -> Outcome:
        """The card for where the draft stands: a failing gate, the next open step, or the review."""
        gate = self.wizard.blocking_gate(draft)
        if gate:
            return Outcome(replies=[gate_card(self.ctx(user), gate, draft)], position=Position(draft.id, gate.id))
        step = self.wizard.current_step(draft)
        if step:
            return self.show_step(user, draft, step)
        sections = [(s, self._shown(s, draft, user.lang)) for s in self.wizard.steps(draft)]
        return Outcome(replies=[review_card(self.ctx(user), draft, sections)], position=Position(draft.id, REVIEW))

    def _status_text(self, user: User, draft: Draft) -> str:
        if draft.status == PARKED:
            return self.t(user, "status_parked")
        if self.wizard.blocking_gate(draft):
            return self.t(user, "status_stopped")
        if draft.status == PROPOSED:
            return self.t(user, "status_proposed")
        step = self.wizard.current_step(draft)
        if step is None:
            return self.t(user, "status_ready")
        n, total = self.wizard.position(step, draft)
        return self.t(user, "status_in_progress", n=n, total=total)

    # --- actions -----------------------------------------------------------------------------

    async def _new(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self.drafts.create(Draft(owner_id=user.id, owner_name=user.name, routine_id=self.routine.id))
        return self.show_step(user, draft, self.wizard.steps(draft)[0])

    async def _submit(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        step = self.routine.step(str(value.get("step")))
        if step is None or not step.applies(draft.answers) or value.get("version") != draft.version:
            outcome = self.show_current(user, draft)
            outcome.replies.insert(0, self.t(user, "stale_card"))
            return outcome
        before = self.reminders.signature(draft)
        result = self.wizard.apply(step, draft, value, user.lang)
        if not result.saved:
            raw = {f.id: as_text(value.get(f.id)) for f in self.wizard.fields(step, draft)}
            return self.show_step(user, draft, step, values=raw, errors=result.errors)
        if draft.status != ACTIVE:
            draft.status = ACTIVE  # an edit after parking or after the proposal reopens the draft
        draft = await self._save(user, draft, before)
        outcome = self.show_current(user, draft)
        outcome.answered_card = answered_card(self.ctx(user), step, self._shown(step, draft, user.lang))
        return outcome

    async def _help(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft")) if value.get("draft") else None
        step = self.routine.step(str(value.get("step"))) if draft else None
        if step is None:
            draft, step = await self._at(user, position)
        fields = self.wizard.fields(step, draft) if step and draft else ()
        return Outcome(replies=[help_card(self.ctx(user), step, fields)], position=position)

    async def _edit(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        step = self.routine.step(str(value.get("step")))
        if draft is None:
            return self._not_found(user, position)
        if step is None or not step.applies(draft.answers):
            return self.show_current(user, draft)
        return self.show_step(user, draft, step)

    async def _park(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        before = self.reminders.signature(draft)
        draft.status = PARKED
        draft = await self._save(user, draft, before)
        return Outcome(replies=[self.t(user, "parked", title=draft.title)])

    async def _resume(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        if draft.status == PARKED:
            before = self.reminders.signature(draft)
            draft.status = ACTIVE
            draft = await self._save(user, draft, before)
        return self.show_current(user, draft)

    async def _list(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        drafts = await self.drafts.list_for_owner(user.id)
        rows = [(d, self._status_text(user, d)) for d in drafts]
        return Outcome(replies=[drafts_card(self.ctx(user), rows)], position=position)

    async def _delete(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        return Outcome(replies=[confirm_delete_card(self.ctx(user), draft)], position=position)

    async def _delete_confirm(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        await self.drafts.delete(draft.id)
        await self.reminders.drop_draft(draft.id)
        await self.sharing.drop_draft(draft.id)
        keep = position if position and position.draft_id != draft.id else None
        return Outcome(replies=[self.t(user, "deleted", title=draft.title or self.t(user, "untitled"))], position=keep)

    async def _delete_cancel(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        return Outcome(replies=[self.t(user, "kept", title=draft.title or self.t(user, "untitled"))], position=position)

    async def _create_proposal(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        if value.get("version") != draft.version or self.wizard.current_step(draft) is not None:
            outcome = self.show_current(user, draft)
            outcome.replies.insert(0, self.t(user, "stale_card"))
            return outcome
        now = self.clock()
        proposal = build_proposal(self.wizard, draft, user.lang, now.date())
        draft.proposal_markdown = render_markdown(proposal)
        draft.proposal_html = render_html(proposal, user.lang)
        draft.proposal_created_at = now
        before = self.reminders.signature(draft)
        draft.status = PROPOSED
        draft = await self._save(user, draft, before)
        return self._proposal_outcome(user, draft)

    async def _show_proposal(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        if draft.status != PROPOSED or not draft.proposal_markdown:
            return Outcome(replies=[self.t(user, "proposal_missing")], position=position)
        return self._proposal_outcome(user, draft)

    def _proposal_outcome(self, user: User, draft: Draft) -> Outcome:
        created = (draft.proposal_created_at or self.clock()).date()
        proposal = build_proposal(self.wizard, draft, user.lang, created)
        card, cut = proposal_card(self.ctx(user), proposal, draft.id)
        return Outcome(replies=[card, render_markdown(proposal)] if cut else [card])

    # --- questions about the routine ---------------------------------------------------------

    async def _role_if_asked(self, user: User, text: str) -> str | None:
        """For 'mitt ansvar' without a role: the role the user gave in their latest draft."""
        if not self.questions.asks_own_responsibility(text):
            return None
        drafts = await self.drafts.list_for_owner(user.id)
        return next((d.answers["role"] for d in drafts if d.answers.get("role")), None)

    def _answer(self, user: User, answer: Answer, position: Position | None) -> Outcome:
        """Answer in the question's language; the wizard keeps its place (the position is unchanged)."""
        ctx = CardContext(self.routine, self.messages, answer.lang)
        draft_id = position.draft_id if position else None
        if answer.kind == "greeting":
            return Outcome(replies=[self.messages("qa_greeting", answer.lang), welcome_card(ctx)], position=position)
        if answer.kind == "thanks":
            return Outcome(replies=[self.messages("qa_thanks", answer.lang)], position=position)
        if answer.kind == "topic" and answer.topic:
            related = [t for t in (self.questions.topic(r) for r in answer.topic.related) if t][:3]
            note = None
            if answer.role_from_draft and answer.topic.role:
                note = self.messages("qa_role_from_draft", answer.lang, role=answer.topic.role.name(answer.lang))
            return Outcome(replies=[answer_card(ctx, answer.topic, related, draft_id, note)], position=position)
        key = "qa_ask_role" if answer.kind == "ask_role" else "qa_no_match"
        card = choose_topic_card(ctx, self.messages(key, answer.lang), list(answer.suggestions), draft_id)
        return Outcome(replies=[card], position=position)

    async def _topic(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        topic = self.questions.topic(str(value.get("topic")))
        if topic is None:
            return Outcome(replies=[self.t(user, "unreadable_card")], position=position)
        return self._answer(user, Answer("topic", user.lang, topic=topic), position)

    # --- reminders -----------------------------------------------------------------------------

    async def _reminders(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        rows = []
        for reminder in await self.reminders.repo.upcoming(user.id, 20):
            what, about, _ = await self.reminders.describe(reminder)
            days = days_until(reminder.deadline, self.clock())
            rows.append((reminder, reminder_text(CardContext(self.routine, self.messages, user.lang), reminder, what, about, days)))
        return Outcome(replies=[reminders_card(self.ctx(user), rows)], position=position)

    async def _calls(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        return Outcome(replies=[calls_card(self.ctx(user), list(self.reminders.calls.values()))], position=position)

    async def _watch(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        call = self.reminders.call(str(value.get("call")))
        if call is None:
            return Outcome(replies=[self.t(user, "call_not_found")], position=position)
        offsets = ", ".join(str(o) for o in DEFAULT_OFFSETS)
        return Outcome(replies=[watch_card(self.ctx(user), call, offsets, not user.personal)], position=position)

    async def _watch_save(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        call = self.reminders.call(str(value.get("call")))
        if call is None:
            return Outcome(replies=[self.t(user, "call_not_found")], position=position)
        typed = as_text(value.get("offsets"))
        offsets = parse_offsets(typed)
        if offsets is None:
            return Outcome(replies=[watch_card(self.ctx(user), call, typed, not user.personal, self.t(user, "err_offsets"))], position=position)
        here = value.get("target") == "here" and not user.personal
        count = await self.reminders.subscribe(user.id, call, offsets, user.lang, user.conversation_id if here else "")
        key = "watch_saved" if count else "watch_nothing_ahead"
        outcome = await self._reminders(user, {}, position)
        outcome.replies.insert(0, self.t(user, key, title=call.title, count=count))
        return outcome

    async def _reminder_done(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        done = await self.reminders.done(user.id, str(value.get("reminder")))
        return Outcome(replies=[self.t(user, "reminder_done" if done else "reminder_not_found")], position=position)

    async def _reminder_snooze(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        again = await self.reminders.snooze(user.id, str(value.get("reminder")))
        if again is None:
            return Outcome(replies=[self.t(user, "reminder_not_found")], position=position)
        days = (again.due_at.astimezone(STOCKHOLM).date() - self.clock().astimezone(STOCKHOLM).date()).days
        return Outcome(replies=[self.t(user, "reminder_snoozed", when=when_text(self.ctx(user), days))], position=position)

    # --- sharing -------------------------------------------------------------------------------

    async def _share(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        return Outcome(replies=[share_card(self.ctx(user), draft, user.in_teams)], position=position)

    async def _share_save(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        typed = {k: as_text(value.get(k)).strip() for k in ("person", "access", "ask")}
        person = typed["person"]
        if not person or len(person) > 200:
            return Outcome(replies=[share_card(self.ctx(user), draft, user.in_teams, typed, self.t(user, "err_recipient"))], position=position)
        if user.in_teams and _looks_like_object_id(person):
            recipient = f"aad:{person}"
            name = await self.notifier.name_of(recipient) or person
        else:
            recipient = f"email:{person.lower()}" if "@" in person else f"name:{person}"
            name = person
        share, token = await self.sharing.share(draft, recipient, name, typed["access"], typed["ask"] or self.t(user, "share_ask_default"))
        link = self.sharing.link(token)
        access = self.t(user, "access_comment" if share.access != READ else "access_read")
        expires = share.expires_at.astimezone(STOCKHOLM).date().isoformat()
        replies: list[str | dict[str, Any]] = [self.t(user, "share_done", name=name, access=access, expires=expires, link=link)]
        card = shared_with_you_card(self.ctx(user), user.name or user.id, draft, share.ask, link, share.id, share.access != READ)
        reached = recipient.startswith("aad:") and await self.notifier.to_user(recipient, card)
        replies.append(self.t(user, "share_notified" if reached else "share_not_reached", name=name))
        return Outcome(replies=replies, position=position)

    async def _shares(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        now = self.clock()
        rows = []
        for share in await self.sharing.shares.for_draft(draft.id):
            if share.recipient_id == draft.owner_id:
                continue  # the owner's own download links
            if share.revoked_at:
                state = self.t(user, "state_revoked")
            elif not share.usable(now):
                state = self.t(user, "state_expired")
            else:
                state = self.t(user, "state_active", date=share.expires_at.astimezone(STOCKHOLM).date().isoformat())
            rows.append((share, state))
        keys = {VIEW: "log_view", COMMENTED: "log_comment", DOWNLOAD: "log_download"}
        log = [
            self.t(user, keys[e.kind], at=e.at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M"), who=e.who, text=e.text or "")
            for e in await self.sharing.shares.events(draft.id, 30)
        ]
        return Outcome(replies=[shares_card(self.ctx(user), draft, rows, log)], position=position)

    async def _share_revoke(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        share = await self.sharing.revoke(user.id, str(value.get("share")))
        if share is None:
            return Outcome(replies=[self.t(user, "share_not_found")], position=position)
        return Outcome(replies=[self.t(user, "share_revoked", name=share.recipient_name)], position=position)

    async def _share_comment(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        share = await self.sharing.shares.get(str(value.get("share")))
        draft = await self.drafts.get(share.draft_id) if share and share.recipient_id == user.id else None
        event = await self.sharing.comment(share, as_text(value.get("comment"))) if share and draft else None
        if event is None or draft is None:
            return Outcome(replies=[self.t(user, "comment_not_allowed")], position=position)
        await self.notify_comment(draft, event.who, event.text or "", user.lang)
        return Outcome(replies=[self.t(user, "comment_saved", owner=draft.owner_name or "")], position=position)

    async def notify_comment(self, draft: Draft, who: str, text: str, lang: Lang) -> bool:
        """Tell the owner about a comment (from the chat or from the shared page)."""
        ctx = CardContext(self.routine, self.messages, lang)
        return await self.notifier.to_user(draft.owner_id, comment_notice_card(ctx, draft, who, text))

    async def _download_docx(self, user: User, value: dict[str, Any], position: Position | None) -> Outcome:
        """A download link for the owner's own proposal (a one-day link bound to them)."""
        draft = await self._own(user, value.get("draft"))
        if draft is None:
            return self._not_found(user, position)
        if draft.status != PROPOSED:
            return Outcome(replies=[self.t(user, "proposal_missing")], position=position)
        _, token = await self.sharing.share(draft, draft.owner_id, draft.owner_name or user.name, READ, "", days=1)
        url = f"{self.sharing.link(token)}/proposal.docx"
        return Outcome(replies=[link_card(self.ctx(user), self.t(user, "docx_ready"), self.t(user, "btn_docx"), url)], position=position)

    # --- typed commands ----------------------------------------------------------------------

    async def _cancel(self, user: User, position: Position | None) -> Outcome:
        draft, _ = await self._at(user, position)
        if draft is None:
            return Outcome(replies=[self.t(user, "nothing_open")])
        return Outcome(replies=[self.t(user, "cancelled", title=draft.title or self.t(user, "untitled"))])

    async def _status(self, user: User, position: Position | None) -> Outcome:
        draft, step = await self._at(user, position)
        if draft is None:
            return Outcome(replies=[self.t(user, "nothing_open")])
        title = draft.title or self.t(user, "untitled")
        if step is None:
            return Outcome(replies=[self.t(user, "where_review", title=title)], position=position)
        n, total = self.wizard.position(step, draft)
        return Outcome(replies=[self.t(user, "where_step", title=title, n=n, total=total, step=step.title(user.lang))], position=position)
