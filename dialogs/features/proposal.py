"""The proposal (tjänsteutlåtande): create it from a complete draft, show it again, and the links to its
documents: Word and PDF for the nämnd (Swedish; Word also in the chat's language when that is another),
and the web page. An external initiative stopped at a gate gets its answer in a tjänsteutlåtande instead, behind
the same links (the routine's `initiative_answer`)."""

from __future__ import annotations

from dialogs.actions import ActionName, OnDraft, Versioned
from dialogs.actor import Actor, Focus
from dialogs.documents.proposal import DOCX, PDF
from dialogs.draft import Draft, DraftStatus, StaleDraftError
from dialogs.features.base import (
    Services,
    about_draft,
    answer_day,
    answered,
    chosen_version,
    has_proposal,
    initiative_answer,
    meeting_moved,
    owed_answer,
    own_draft,
    parked_notice,
    parked_with_proposal,
    proposal_from,
    proposal_of,
    save_draft,
)
from dialogs.features.sharing import Sharing
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.links import DocumentLinks, docx_links, with_lang
from dialogs.phases import Phases
from dialogs.ports import UnitOfWork
from dialogs.proposal_versions import ProposalVersion
from dialogs.router import handles
from dialogs.routine import Step
from dialogs.schedule import STOCKHOLM
from dialogs.views import InitiativeAnswerView, Link, LinkView, NextStep, NextStepsView, ProposalView, Reply, reply, say


def _not_yet(draft: Draft, complete: bool) -> Reply:
    """Why there is no proposal to show or download, and the ways on: what was written so far, or the draft; a draft
    with every step answered is offered its proposal."""
    if complete:
        create = NextStep(ActionName.CREATE_PROPOSAL, draft.id, version=draft.version)
        return about_draft("proposal_to_create", draft, create, NextStep(ActionName.OPEN_PAGE, draft.id))
    return about_draft("proposal_not_yet", draft, NextStep(ActionName.OPEN_PAGE, draft.id), NextStep(ActionName.RESUME, draft.id))


def _parked(draft: Draft) -> tuple[NextStepsView, ...]:
    """Before the proposal of a draft parked after it: that it is parked, and the way back to it."""
    return (parked_notice(draft, "proposal_parked"),) if parked_with_proposal(draft) else ()


def _numbered(history: list[HistoryEntry]) -> tuple[int, bool]:
    """The proposal's number (Förslag n: the newest PROPOSED entry's own number; 1 for a proposal from before the
    history was kept) and whether the draft changed since it (EDITED after it)."""
    number, changed = 1, False
    for entry in history:
        if entry.kind == HistoryKind.PROPOSED:
            assert entry.number is not None  # every PROPOSED entry is numbered (migration 0011)
            number, changed = entry.number, False
        elif entry.kind == HistoryKind.EDITED:
            changed = True
    return number, changed


class Proposals:
    def __init__(self, services: Services, sharing: Sharing) -> None:
        self.s = services
        self.sharing = sharing
        self.phases = Phases(services.wizard)

    @handles(ActionName.CREATE_PROPOSAL)
    async def create(self, actor: Actor, action: Versioned) -> Reply:
        """From the review card of this very version of a complete draft; anything else is stale."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            if self.phases.decided(draft):  # no new version of a proposal the nämnd has decided on
                return reply(self.phases.plan_kept(draft))
            if action.version != draft.version or self.s.wizard.progress(draft).current is not None:
                raise StaleDraftError(draft.id)
            shown, changed = _numbered(await tx.history.for_drafts([draft.id]))
            if has_proposal(draft) and not changed and await meeting_moved(self.s, tx, draft) is None:
                # Nothing changed since the last version (proposed, or parked after it): that one again, as it is.
                view = await self._view(tx, actor, draft)
                return reply(*_parked(draft), view or say("proposal_missing"), left=draft.id)
            number = shown + 1 if draft.proposal_created_at is not None else 1  # the version after the one shown
            before = self.s.deadlines.signature(draft)
            draft.proposal_created_at = now = self.s.clock()
            draft.status = DraftStatus.PROPOSED
            draft = await save_draft(self.s, tx, draft, before, actor.lang)
            who = actor.shown_name
            await tx.history.record(HistoryEntry(draft.id, HistoryKind.PROPOSED, now, actor.id, who, number=number))
            await tx.proposal_versions.add(ProposalVersion.of(draft, number, now))
            view = await self._view(tx, actor, draft, created_now=True)
        return reply(view or say("proposal_missing"), left=draft.id)

    def _complete(self, draft: Draft) -> bool:
        """Never proposed, every step answered and no gate stopping it: the proposal can be created."""
        return draft.proposal_created_at is None and self.s.wizard.progress(draft).current is None

    @handles(ActionName.SHOW_PROPOSAL)
    async def show(self, actor: Actor, action: OnDraft) -> Reply:
        """The proposal; for an external initiative stopped at a gate, its answer once the user chose to write it (the
        gate's card until then, where they choose). The draft shown is the one the user then works on here."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            view = await self._view(tx, actor, draft)
            owed = owed_answer(self.s, draft) if view is None else None
            if owed is not None:
                return await self._answer(tx, actor, draft, owed, record=False)
        return reply(*_parked(draft), view, focus=Focus(draft.id)) if view else _not_yet(draft, self._complete(draft))

    @handles(ActionName.ANSWER_INITIATIVE)
    async def answer(self, actor: Actor, action: Versioned) -> Reply:
        """From the gate's card of this very version of an external initiative's draft: the answer in a tjänsteutlåtande
        that no medborgardialog is held, and why, recorded in the history. The draft keeps its answers and stays where it
        is (revise or park)."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            owed = owed_answer(self.s, draft) if action.version == draft.version else None
            if owed is None:
                raise StaleDraftError(draft.id)
            return await self._answer(tx, actor, draft, owed, record=True)

    async def _answer(
        self, tx: UnitOfWork, actor: Actor, draft: Draft, owed: tuple[tuple[Step, ...], Step], record: bool
    ) -> Reply:
        """The answer to the draft's external initiative (`owed`: its steps and gate): written and recorded when
        `record` (the user chose to, on the gate's card) unless it was written from this version of the draft already;
        shown when it has been written; else the gate's card, where the user chooses. Either way the draft shown is the one
        the user now works on in this conversation (the reply's focus): "var är jag?" next is about it."""
        created = answered(await tx.history.for_drafts([draft.id]))
        if record and (created is None or created.number != draft.version):
            created = HistoryEntry(
                draft.id, HistoryKind.ANSWERED, self.s.clock(), actor.id, actor.shown_name, number=draft.version
            )
            await tx.history.record(created)
        if created is None:
            return self._unwritten(actor, draft)
        answer = initiative_answer(self.s, draft, owed, created, actor.lang)
        if answer is None:
            return self._unwritten(actor, draft)
        documents = await self._documents(tx, actor, draft, None)
        day = answer_day(self.s, draft, created)
        beyond = self.s.wizard.progress(draft).beyond  # its header's step, to fill in from the answer's card too
        view = InitiativeAnswerView(draft.id, answer, documents, day, owed[1].id, draft.version, beyond)
        return reply(view, focus=Focus(draft.id))

    def _unwritten(self, actor: Actor, draft: Draft) -> Reply:
        """No answer written yet: why, and the gate's card with Skriv svaret, Ändra svaren and Parkera."""
        return reply(
            say("answer_not_written", button=say("btn_answer_initiative")),
            self.s.wizard.current_view(draft, self.s.wizard.progress(draft), actor.lang),
            focus=Focus(draft.id),
        )

    async def _view(self, tx: UnitOfWork, actor: Actor, draft: Draft, created_now: bool = False) -> ProposalView | None:
        """The proposal as its version: Förslag n as it was created (its kept answers; a proposal from before versions
        were kept is built from the draft), the day, and whether the draft has changed since (a planning step saved
        again: EDITED in the history after the last PROPOSED). Its documents' links name that version. Once the nämnd
        has decided on it, it is the decided one: no step to change, no new version. A draft parked after its proposal
        shows it too."""
        if draft.proposal_created_at is None or not has_proposal(draft):  # being worked on: none yet
            return None
        number, changed = _numbered(await tx.history.for_drafts([draft.id]))
        found = await chosen_version(tx, draft, number)
        proposal = proposal_from(self.s, draft, found[0], actor.lang) if found else proposal_of(self.s, draft, actor.lang)
        if proposal is None:
            return None
        created = draft.proposal_created_at.astimezone(STOCKHOLM).date()
        checks = self.s.wizard.coverage.checks(draft.answers)  # the coverage checklist beside it (dialogs/coverage.py)
        decided = self.phases.decided(draft)
        moved = None if decided or not found or found[1] else await meeting_moved(self.s, tx, draft)  # of the newest
        new_version = draft.version if (changed or moved) and not decided else None
        documents = await self._documents(tx, actor, draft, number if found else None)
        steps = () if decided else self.s.wizard.progress(draft).steps
        return ProposalView(
            draft.id, proposal, documents, number, created, new_version, checks, draft.version, steps, created_now, decided, moved
        )

    async def _documents(self, tx: UnitOfWork, actor: Actor, draft: Draft, number: int | None) -> tuple[Link, ...]:
        """The proposal card's buttons open the documents directly: Word (Swedish, for the nämnd), PDF, the page;
        each names the version (`?v=n`), so that it keeps showing that version after a newer one is created."""
        links = DocumentLinks(await self.sharing.owner_link(tx, draft, actor), actor.lang, number)
        word, *own_lang = links.words("btn_docx")
        return (word, links.pdf_link("btn_pdf"), links.page_link("btn_page"), *own_lang)

    @handles(ActionName.DOWNLOAD_DOCX, ActionName.DOWNLOAD_PDF, ActionName.OPEN_PAGE)
    async def links(self, actor: Actor, action: OnDraft) -> Reply:
        """A one-day link bound to the owner: the Word or PDF document of their proposal (or of the answer to their
        external initiative), or the page of their draft (the document once there is one, else the answers so far)."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            answer = False  # the proposal's documents, else the answer's (their own words)
            if action.name != ActionName.OPEN_PAGE and not has_proposal(draft):
                if owed_answer(self.s, draft) is None:
                    return _not_yet(draft, self._complete(draft))
                if answered(await tx.history.for_drafts([draft.id])) is None:  # written only when the user chooses to
                    return self._unwritten(actor, draft)
                answer = True
            page = await self.sharing.owner_link(tx, draft, actor)
        if action.name == ActionName.OPEN_PAGE:
            return reply(LinkView("page_ready", (Link("btn_open_page", with_lang(page, actor.lang)),)))
        asked = NextStep(action.name, draft.id)
        if action.name == ActionName.DOWNLOAD_PDF:
            pdf = (Link("btn_pdf", f"{page}/{PDF}"),)
            return reply(LinkView("answer_pdf_ready" if answer else "pdf_ready", pdf, asked=asked))
        docx = docx_links("btn_docx_sv", f"{page}/{DOCX}", actor.lang)
        return reply(LinkView("answer_docx_ready" if answer else "docx_ready", docx, asked=asked))
