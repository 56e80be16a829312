"""The proposal (tjänsteutlåtande): create it from a complete draft, show it again, download it as Word."""

from __future__ import annotations

from dialogs.actions import ActionName, OnDraft, Versioned
from dialogs.actor import Actor
from dialogs.draft import DraftStatus, StaleDraftError
from dialogs.features.base import Services, own_draft, proposal_of, save_draft
from dialogs.features.sharing import Sharing
from dialogs.router import handles
from dialogs.share import Access
from dialogs.views import LinkView, ProposalView, Reply, reply, say

DOWNLOAD_DAYS = 1


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
            draft.proposal_created_at = self.s.clock()
            draft.status = DraftStatus.PROPOSED
            draft = await save_draft(self.s, tx, draft, before, actor.lang)
        proposal = proposal_of(self.s, draft, actor.lang)
        return reply(ProposalView(draft.id, proposal) if proposal else say("proposal_missing"), left=draft.id)

    @handles(ActionName.SHOW_PROPOSAL)
    async def show(self, actor: Actor, action: OnDraft) -> Reply:
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        proposal = proposal_of(self.s, draft, actor.lang)
        return reply(ProposalView(draft.id, proposal) if proposal else say("proposal_missing"))

    @handles(ActionName.DOWNLOAD_DOCX)
    async def download(self, actor: Actor, action: OnDraft) -> Reply:
        """A download link for the owner's own proposal: a one-day link bound to them."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            if draft.status != DraftStatus.PROPOSED:
                return reply(say("proposal_missing"))
            _, token = await self.sharing.new_link(
                tx, draft, draft.owner_id, draft.owner_name or actor.name, Access.READ, "", DOWNLOAD_DAYS
            )
        return reply(LinkView("docx_ready", "btn_docx", f"{self.sharing.link(token)}/proposal.docx"))
