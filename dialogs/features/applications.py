"""Applying to a call: the application card (what the routine file's `application.step` asks), saved per user
and call; the motivation's length checked against one A4 page by rendering it; one-day links to the motivation
and the nämnd's tjänsteutlåtande as Word and PDF."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

from dialogs.actions import ActionName, ApplicationSave, OnCall
from dialogs.actor import Actor
from dialogs.calls import Call
from dialogs.documents.application import (
    MOTIVATION_PAGES,
    Application,
    build_application_proposal,
    build_motivation,
    spec_of,
)
from dialogs.documents.letters import Letter
from dialogs.documents.proposal import Proposal
from dialogs.features.base import Services, open_call
from dialogs.features.sharing import LinkGone, Sharing
from dialogs.fields import FieldError, as_text
from dialogs.links import application_document_path
from dialogs.router import handles
from dialogs.validation import validate_form
from dialogs.views import ApplicationView, InputView, Link, LinkView, Reply, reply, say

DOWNLOAD_LIFETIME = timedelta(days=1)
DOCUMENTS = ("motivering.docx", "motivering.pdf", "tjansteutlatande.docx", "tjansteutlatande.pdf")


class Applications:
    def __init__(self, services: Services, sharing: Sharing) -> None:
        self.s = services
        self.sharing = sharing

    async def _open_call(self, actor: Actor, call_id: str) -> Call:
        async with self.s.uow() as tx:
            return await open_call(self.s, tx, actor, call_id, "call_closed_apply")

    def _view(self, call: Call, values: dict[str, Any], errors: dict[str, FieldError], pages: int | None) -> ApplicationView:
        fields = spec_of(self.s.routine).step.fields
        return ApplicationView(call, tuple(InputView(f, as_text(values.get(f.id)), errors.get(f.id)) for f in fields), pages)

    def _motivation(self, call: Call, application: Application) -> Letter:
        return build_motivation(self.s.routine, call, application, self.s.deadlines.today())

    @handles(ActionName.APPLICATION)
    async def open(self, actor: Actor, action: OnCall) -> Reply:
        """The application card, with what the user saved for this call before."""
        call = await self._open_call(actor, action.call)
        async with self.s.uow() as tx:
            saved = await tx.applications.get(actor.id, call.id)
        if saved is None:
            return reply(self._view(call, {}, {}, None))
        return reply(await self._checked(call, saved))

    async def _pages(self, motivation: Letter) -> int:
        """The motivation's A4 pages, laid out in a worker thread (about 0.1 s) so that other turns go on."""
        return await asyncio.to_thread(self.s.letter_pages, motivation)

    async def _checked(self, call: Call, application: Application) -> ApplicationView:
        """The saved application with the motivation's page check: over a page, the error stands beside the
        longest of the motivation's fields."""
        pages = await self._pages(self._motivation(call, application))
        errors: dict[str, FieldError] = {}
        if pages > MOTIVATION_PAGES:
            longest = max(spec_of(self.s.routine).motivation_fields, key=lambda f: len(as_text(application.answers.get(f))))
            errors[longest] = FieldError("err_motivation_pages", {"pages": pages, "most": MOTIVATION_PAGES})
        return self._view(call, application.answers, errors, pages)

    @handles(ActionName.APPLICATION_SAVE)
    async def save(self, actor: Actor, action: ApplicationSave) -> Reply:
        """Validated like a step; saved (nothing typed is lost), then the motivation's pages counted."""
        call = await self._open_call(actor, action.call)
        fields = spec_of(self.s.routine).step.fields
        clean, errors = validate_form(fields, action.inputs, actor.lang, self.s.deadlines.today())
        if errors:
            return reply(self._view(call, dict(action.inputs), errors, None))
        now = self.s.clock()
        async with self.s.uow() as tx:
            saved = await tx.applications.get(actor.id, call.id)
            application = (
                replace(saved, answers=clean, updated_at=now, owner_name=actor.name or saved.owner_name)
                if saved
                else Application(actor.id, actor.name, call.id, clean, now)
            )
            await tx.applications.save(application)
        return reply(say("application_saved", title=call.title), await self._checked(call, application))

    @handles(ActionName.APPLICATION_DOWNLOAD)
    async def links(self, actor: Actor, action: OnCall) -> Reply:
        """A one-day link of the user's own to each document (the motivation only when it fits its page)."""
        async with self.s.uow() as tx:
            call = await self.s.deadlines.get(tx, actor.id, action.call)
            application = await tx.applications.get(actor.id, call.id)
            if application is None:
                return reply(say("application_not_found", title=call.title))
            base = await self.sharing.own_link(tx, actor, application.id, DOWNLOAD_LIFETIME)
        pages = await self._pages(self._motivation(call, application))
        documents = DOCUMENTS if pages <= MOTIVATION_PAGES else DOCUMENTS[2:]
        links = tuple(Link(f"btn_{d.replace('.', '_')}", f"{base}/{application_document_path(d)}") for d in documents)
        # What is missing, said where the documents are: the motivation, and so the tjänsteutlåtande's attachment.
        missing = (
            () if pages <= MOTIVATION_PAGES else (say("application_motivation_missing", pages=pages, most=MOTIVATION_PAGES),)
        )
        return reply(LinkView("application_ready", links, missing))

    async def motivation(self, token: str) -> Letter | None:
        """The motivation behind an application link (Swedish, for the nämnd); None: no such link (or not an
        application's); LinkGone: expired, or the application or its call is gone."""
        opened = await self._opened(token)
        return self._motivation(*opened) if opened else None

    async def proposal(self, token: str) -> Proposal | None:
        """The tjänsteutlåtande behind an application link (as `motivation`), which attaches the motivation when it fits
        its page (laid out for that only)."""
        opened = await self._opened(token)
        if opened is None:
            return None
        call, application = opened
        attached = await self._pages(self._motivation(call, application)) <= MOTIVATION_PAGES
        today = self.s.deadlines.today()
        return build_application_proposal(self.s.routine, call, application, today, motivation_attached=attached)

    async def _opened(self, token: str) -> tuple[Call, Application] | None:
        """The call and the application behind an application link; None or LinkGone as `motivation` says."""
        async with self.s.uow() as tx:
            share = await self.sharing.shared(tx, token)
            application = await tx.applications.by_id(share.draft_id) if share else None
            if share is None or application is None or application.owner_id != share.owner_id:
                return None
            call = await self.s.deadlines.find(tx, application.owner_id, application.call_id)
        if call is None or not share.usable(self.s.clock()):
            raise LinkGone()
        return call, application
