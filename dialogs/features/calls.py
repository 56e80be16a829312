"""The calls calendar: open calls to watch and closed ones apart, one call with what must happen by when
(planning back from its cut-off against the nämnd's sammanträdesplan), and a call an official adds in the chat
(for themselves or everyone in the district), checked like a step plus: a deadline not passed, a readable link."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from dialogs.actions import Action, ActionName, CallAddSave, OnCall
from dialogs.actor import Actor
from dialogs.calls import Call, parse_call
from dialogs.features.base import Services
from dialogs.fields import FieldError, as_text
from dialogs.router import handles
from dialogs.routine import Step
from dialogs.validation import validate_form
from dialogs.views import CallFormView, CallLine, CallsView, CallView, InputView, Reply, reply, say

CALL_FORM: Step = Step.model_validate(
    yaml.safe_load((Path(__file__).parent.parent / "calendar" / "call_form.yaml").read_text("utf-8"))
)


def readable_link(text: str) -> str | None:
    """The link as stored: an https address with a host, or a mailto: with an address; written as officials copy
    them from an invitation, a bare address ("www.skr.se/natverk", "linda.nordberg@skr.se") gets its https: or
    mailto:. None when it is neither (http:, javascript:, words)."""
    text = text.strip()
    if " " in text or not text:
        return None
    if "://" not in text and not text.startswith("mailto:"):
        text = f"mailto:{text}" if "@" in text and "/" not in text else f"https://{text}"
    parts = urlsplit(text)
    if parts.scheme == "https":
        return text if "." in (parts.hostname or "") else None
    if parts.scheme == "mailto":
        local, _, domain = parts.path.partition("@")
        return text if local and "." in domain else None
    return None


def _call_checks(clean: dict[str, Any]) -> dict[str, FieldError]:
    """What a step's validation does not know: the link readable (the deadline not past is the field's `not_past`)."""
    return {"link": FieldError("err_call_link")} if "link" in clean and not readable_link(clean["link"]) else {}


class Calls:
    def __init__(self, services: Services) -> None:
        self.s = services

    def _line(self, call: Call, watched: frozenset[str]) -> CallLine:
        return CallLine(call, self.s.deadlines.status(call), call.id in watched)

    @handles(ActionName.CALLS)
    async def calls(self, actor: Actor, action: Action) -> Reply:
        """The calendar with what the user watches (typed 'bevaka <namn>' goes straight to that call: WATCH)."""
        async with self.s.uow() as tx:
            watched = frozenset(s.call_id for s in await tx.subscriptions.for_owner(actor.id))
            calls = await self.s.deadlines.visible(tx, actor.id)
        lines = sorted((self._line(c, watched) for c in calls), key=lambda line: (line.call.cut_off is None, line.call.cut_off))
        return reply(CallsView(tuple(lines)))

    @handles(ActionName.CALL)
    async def call(self, actor: Actor, action: OnCall) -> Reply:
        """One call: its requirements, costs and dates, and the plan back from its cut-off."""
        async with self.s.uow() as tx:
            call = await self.s.deadlines.get(tx, actor.id, action.call)
            watched = frozenset(s.call_id for s in await tx.subscriptions.for_owner(actor.id))
        return reply(CallView(self._line(call, watched), self.s.deadlines.plan(call)))

    @handles(ActionName.CALL_ADD)
    async def add(self, actor: Actor, action: Action) -> Reply:
        return reply(CallFormView(CALL_FORM, tuple(InputView(f, "") for f in CALL_FORM.fields)))

    @handles(ActionName.CALL_ADD_SAVE)
    async def add_save(self, actor: Actor, action: CallAddSave) -> Reply:
        """Checked like a step, plus a deadline not passed and a readable link; refused: the card again with the
        errors beside the fields and everything typed kept; else stored, and shown with its plan."""
        clean, errors = validate_form(CALL_FORM.fields, action.inputs, actor.lang, self.s.deadlines.today())
        errors = {**_call_checks(clean), **errors}
        if errors:
            typed = tuple(InputView(f, as_text(action.inputs.get(f.id)), errors.get(f.id)) for f in CALL_FORM.fields)
            return reply(CallFormView(CALL_FORM, typed))
        own = {"id": uuid.uuid4().hex, "link": readable_link(clean["link"]), "added_by": actor.id}
        call = parse_call({**clean, **own, "everyone": clean["visibility"] == "district"}, "call_form")
        async with self.s.uow() as tx:
            await tx.calls.add(call)
        line = self._line(call, frozenset())
        added = "call_added_everyone" if call.everyone else "call_added_own"
        return reply(say(added, title=call.title), CallView(line, self.s.deadlines.plan(call)))
