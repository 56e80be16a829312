"""The proposal (tjänsteutlåtande): create it from a complete draft, show it again, and the links to its
documents: Word and PDF for the nämnd (Swedish; Word also in the chat's language when that is another),
and the web page."""

from __future__ import annotations

from dialogs.actions import ActionName, OnDraft, Versioned
from dialogs.actor import Actor
from dialogs.documents.proposal import DOCUMENT_LANG, Proposal
from dialogs.draft import Draft, DraftStatus, StaleDraftError
from dialogs.features.base import Services, own_draft, proposal_of, save_draft
from dialogs.features.sharing import Sharing
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.router import handles
from dialogs.share import Access
from dialogs.views import Link, LinkView, NextStep, NextStepsView, ProposalView, Reply, reply, say

DOWNLOAD_DAYS = 1
DOCX = "proposal.docx"
PDF = "proposal.pdf"


def _not_yet(draft: Draft) -> Reply:
    """Why there is no proposal to show or download, and the ways on: what was written so far, or the draft."""
    ways = (NextStep(ActionName.OPEN_PAGE, draft.id), NextStep(ActionName.RESUME, draft.id))
    return reply(NextStepsView((say("proposal_not_yet", title=draft.title or say("untitled")),), ways))


class Proposals:
    def __init__(self, services: Services, sharing: Sharing) -> None:
        self.s = services
        self.sharing = sharing

    @handles(ActionName.CREATE_PROPOSAL)
    async def create(self, actor: Actor, action: Versioned) -> Reply:
        """From the review card of this very version of a complete draft; anything else is stale."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            if action.version != draft.version or self.s.wizard.progress(draft).current is not None:
                raise StaleDraftError(draft.id)
            before = self.s.deadlines.signature(draft)
            draft.proposal_created_at = now = self.s.clock()
            draft.status = DraftStatus.PROPOSED
            draft = await save_draft(self.s, tx, draft, before, actor.lang)
            entry = HistoryEntry(draft.id, HistoryKind.PROPOSED, now, actor.id, actor.name or actor.id)
            await tx.history.record(entry)
        proposal = proposal_of(self.s, draft, actor.lang)
        return reply(self._view(draft, proposal) if proposal else say("proposal_missing"), left=draft.id)

    @handles(ActionName.SHOW_PROPOSAL)
    async def show(self, actor: Actor, action: OnDraft) -> Reply:
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        proposal = proposal_of(self.s, draft, actor.lang)
        return reply(self._view(draft, proposal)) if proposal else _not_yet(draft)

    def _view(self, draft: Draft, proposal: Proposal) -> ProposalView:
        """The proposal with the coverage checklist beside it (dialogs/coverage.py)."""
        return ProposalView(draft.id, proposal, self.s.wizard.coverage.checks(draft.answers), draft.version)

    @handles(ActionName.DOWNLOAD_DOCX, ActionName.DOWNLOAD_PDF, ActionName.OPEN_PAGE)
    async def links(self, actor: Actor, action: OnDraft) -> Reply:
        """A one-day link bound to the owner: the Word or PDF document of their proposal, or the page of
        their draft (the proposal once there is one, else the answers so far)."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            if action.name != ActionName.OPEN_PAGE and draft.status != DraftStatus.PROPOSED:
                return _not_yet(draft)
            _, token = await self.sharing.new_link(
                tx, draft, draft.owner_id, draft.owner_name or actor.name, Access.READ, "", DOWNLOAD_DAYS
            )
        page = self.sharing.link(token)
        if action.name == ActionName.OPEN_PAGE:
            return reply(LinkView("page_ready", (Link("btn_open_page", page),)))
        if action.name == ActionName.DOWNLOAD_PDF:
            return reply(LinkView("pdf_ready", (Link("btn_pdf", f"{page}/{PDF}"),)))
        links = [Link("btn_docx_sv", f"{page}/{DOCX}")]
        if actor.lang != DOCUMENT_LANG:  # the chat's own language, to read; the nämnd gets the Swedish one
            links.append(Link("btn_docx_own_lang", f"{page}/{DOCX}?lang={actor.lang}"))
        return reply(LinkView("docx_ready", tuple(links)))
