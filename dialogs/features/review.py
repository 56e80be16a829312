"""The avdelningschef's reviews: the owner sends a document to their avdelningschef, the proposal (which, under the
routine's "Roller och ansvar", the avdelningschef gives in the tjänsteutlåtande) or the redovisning to the nämnd, each
as the routine file's `lifecycle.reviews` defines it, by one mechanism: a share of its own kind (`Access.REVIEW`: a link
to read it, bound to that person, naming what it is about); the avdelningschef answers Godkänn, or Skicka tillbaka med
kommentar. The answer is kept in the share's log and in the dialogue's history (who, when, the comment) and reaches the
owner in Teams. Only the person it was sent to can answer it, and only once, on its card: a "godkänn" typed after other
replies shows that card again."""

from __future__ import annotations

from dialogs.actions import Action, ActionName, ReviewAsked, ReviewSend, ShareComment
from dialogs.actor import Actor, Focus
from dialogs.draft import Draft, DraftStatus
from dialogs.features.base import Services, about_draft, own_draft, parked_notice, parked_with_proposal
from dialogs.features.drafts import Drafts
from dialogs.features.sharing import Sharing, find_recipient, refused_recipient
from dialogs.history import HistoryEntry, HistoryKind
from dialogs.intents import Intents
from dialogs.language import WORD
from dialogs.phases import Phases
from dialogs.ports import UnitOfWork
from dialogs.router import handles
from dialogs.routine import Phase, ReviewSpec
from dialogs.share import DECISIONS, MAX_COMMENT, Access, Reviewed, Share, ShareEvent, ShareEventKind
from dialogs.views import (
    NextStep,
    NextStepsView,
    Reply,
    ReviewDecisionView,
    ReviewFormView,
    ReviewRequestView,
    Url,
    reply,
    say,
)

ENTRA = "aad:"  # a person's id from Teams' people picker (dialogs/share.Share.recipient_id)


def _ways_on(draft: Draft) -> tuple[NextStep, ...]:
    """Where to go from a review sent, or not to be sent: the dialogue's next step, or the drafts."""
    return (NextStep(ActionName.NEXT_STEP, draft.id), NextStep(ActionName.LIST))


def _not_yet(draft: Draft, review: ReviewSpec, needs: Phase | None) -> Reply:
    """Why there is nothing to send for review: the draft is parked (resume it first; the proposal can be read), no
    proposal yet, or a redovisning that cannot be written yet, until the phase it `needs` is recorded (the way on: the
    next step)."""
    if parked_with_proposal(draft):
        read = (NextStep(ActionName.SHOW_PROPOSAL, draft.id),) if review.document is Reviewed.PROPOSAL else ()
        return reply(parked_notice(draft, review.key("review_parked"), *read))
    if review.document is Reviewed.REPORT:
        title = draft.title or say("untitled")
        why = say(review.key("review_not_yet"), title=title, needs=needs.title if needs else "")
        return reply(NextStepsView((why,), _ways_on(draft)))
    return about_draft("review_not_yet", draft, NextStep(ActionName.RESUME, draft.id), NextStep(ActionName.LIST))


class Reviews:
    def __init__(self, services: Services, sharing: Sharing, drafts: Drafts, intents: Intents) -> None:
        self.s = services
        self.sharing = sharing
        self.drafts = drafts
        self.intents = intents

    async def _waiting(self, actor: Actor) -> list[Share]:
        async with self.s.uow() as tx:
            return await self._waiting_in(tx, actor)

    async def _waiting_in(self, tx: UnitOfWork, actor: Actor) -> list[Share]:
        """The reviews sent to the user that wait for their answer, whose links still work: of each document of each
        draft, the one sent last (sent again, the one before is no longer the one to answer), unless it is answered."""
        now = self.s.clock()
        received = [s for s in await tx.shares.received_by(actor.id) if s.reviewed is not None and s.owner_id != actor.id]
        latest: dict[tuple[str, Reviewed | None], Share] = {}
        for share in sorted(received, key=lambda share: share.created_at):
            latest[share.draft_id, share.reviewed] = share
        sent = [share for share in latest.values() if share.usable(now)]
        answered = {e.share_id for e in await tx.shares.events_for_shares([s.id for s in sent]) if e.kind in DECISIONS}
        return [share for share in sent if share.id not in answered]

    async def typed_answer(self, actor: Actor, text: str) -> Reply | None:
        """A review's answer typed away from its card answers nothing the user does not see: an approval in their words
        ("godkänn", "all good from my side, Anna can take it to the council") shows the card again, under a new link, so
        that Godkänn is one press or one "godkänn" away; a send back with its comment ("send it back to Anna: …") shows it
        with the comment in its field, never lost. Of the reviews waiting, those of the document the words name; with
        several, the drafts shared with the user, to open the one meant (the comment given back). None when the words are
        neither, or no review waits for them: they are no request then."""
        comment = self.intents.said_after(text, ActionName.REVIEW_RETURN)
        names = [word for word in WORD.findall(text) if word[:1].isupper()]
        if not comment and not self.intents.does(text, ActionName.REVIEW_APPROVE, self.intents.among(names, None)):
            return None
        waiting = await self._waiting(actor)
        named = [share for share in waiting if share.reviewed is Reviewed.REPORT] if self.intents.names_report(text) else []
        waiting = named or waiting
        kept = (say("review_typed_comment", comment=comment),) if comment else ()
        if len(waiting) > 1:
            shared = await self.drafts.list_drafts(actor, Action(name=ActionName.LIST))
            return reply(say("review_typed_which", count=len(waiting)), *kept, *shared.views)
        if not waiting:
            return None
        again = await self.sharing.reopen(actor, waiting[0].id, comment)
        return reply(say("review_typed_return_on_card" if comment else "review_typed_on_card"), *again.views)

    async def waiting_step(self, tx: UnitOfWork, actor: Actor) -> NextStep | None:
        """The button that opens the review waiting longest for the user's answer (None: none waits), read in `tx`."""
        waiting = await self._waiting_in(tx, actor)
        if not waiting:
            return None
        first = min(waiting, key=lambda share: share.created_at)
        draft = await tx.drafts.get(first.draft_id)
        return NextStep(ActionName.SHARED_OPEN, title=draft.title if draft else None, share_id=first.id)

    def _to_send(self, draft: Draft, asked: Reviewed | None) -> ReviewSpec | Reply:
        """The review to send: of the document `asked` for, else (typed) of the one on the phase the dialogue is in, else
        the proposal's; or why there is none to send, with the ways on: none here, the document not there yet, or the
        review the owner's own (also for a form from before their role was the reviewer's)."""
        lifecycle, phases = self.s.routine.lifecycle, self.sharing.phases
        progress = phases.progress(draft) if Phases.started(draft) or parked_with_proposal(draft) else None
        current = progress.current if progress else None
        on_phase = lifecycle.review_on(current.id) if current else None
        review = lifecycle.review(asked) if asked is not None else on_phase or lifecycle.review(Reviewed.PROPOSAL)
        if review is None:
            return about_draft("review_none", draft, *_ways_on(draft))
        ready = draft.status == DraftStatus.PROPOSED and (
            review.document is Reviewed.PROPOSAL or (progress is not None and phases.report_offered(draft, progress))
        )
        if not ready:
            report = lifecycle.report
            return _not_yet(draft, review, self.s.routine.phase(report.needs) if report else None)
        yours = phases.own_review(draft, review)
        return reply(NextStepsView((yours,), _ways_on(draft)), focus=Focus(draft.id)) if yours else review

    @handles(ActionName.REVIEW)
    async def form(self, actor: Actor, action: ReviewAsked) -> Reply:
        """Choose the avdelningschef, once there is a document to review: the one the phase's card offered, else (typed)
        the one on the phase the dialogue is in."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            review = self._to_send(draft, action.reviewed)
            if not isinstance(review, ReviewSpec):
                return review
            shares = await tx.shares.for_draft(draft.id)
        reviews = [share for share in shares if share.access == Access.REVIEW]
        person, shown = self._suggested(actor, draft, reviews, review)
        if action.person and not actor.people_picker:
            person, shown = action.person, ""  # typed: "skicka till Erik Lind för granskning"
        form = ReviewFormView(draft.id, draft.title, actor.people_picker, person, shown=shown, reviewed=review.document)
        return reply(form, focus=Focus(draft.id))

    def _suggested(self, actor: Actor, draft: Draft, reviews: list[Share], review: ReviewSpec) -> tuple[str, str]:
        """Whom the form suggests, as (the field's value, the name shown): the person the draft was last sent to for
        review, else the avdelningschef the plan names (the review's reviewer_field). Teams' people picker takes only a
        person it knows (their object id), so it suggests a previous reviewer alone."""
        last = max(reviews, key=lambda share: share.created_at, default=None)
        if actor.people_picker:
            picked = last.recipient_id.removeprefix(ENTRA) if last and last.recipient_id.startswith(ENTRA) else ""
            return (picked, last.recipient_name) if last and picked else ("", "")
        field = review.reviewer_field
        named = str(draft.answers.get(field) or "") if field else ""
        return (last.recipient_name if last else named), ""

    @handles(ActionName.REVIEW_SEND)
    async def send(self, actor: Actor, action: ReviewSend) -> Reply:
        """The proposal to the avdelningschef: a link for them, their card in Teams, and the history says so.
        Someone who cannot be found, or the owner themselves, is refused beside the field, with what was typed
        kept; as many reviews as shares may be sent (SHARES_PER_USER). An owner whose role gives the proposal sends
        none, from any form: the review is theirs."""
        person, ask = action.person.strip(), action.ask.strip()
        recipient = await find_recipient(self.s, actor, person)
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            review = self._to_send(draft, action.reviewed)
            if not isinstance(review, ReviewSpec):
                return review
            refused = await refused_recipient(
                tx, self.s, actor, recipient, not_self=review.key("err_review_self"), must_reach="err_review_unreachable"
            )
            if recipient is None or refused is not None:
                picker, document = actor.people_picker, review.document
                kept = ask or None  # none typed: the form's own default, as sending it would take
                return reply(ReviewFormView(draft.id, draft.title, picker, person, kept, refused, reviewed=document))
            ask = ask or self.s.messages(review.key("review_ask_default"), actor.lang)
            share, token = await self.sharing.new_link(
                tx, draft, recipient.id, recipient.name, Access.REVIEW, ask, reviewed=review.document
            )
            now = self.s.clock()
            sent = HistoryEntry(
                draft.id, HistoryKind.REVIEW_SENT, now, actor.id, actor.shown_name, review.noted, note=recipient.name
            )
            await tx.history.record(sent)
        link = self.sharing.review_link(token, review.document)
        owner, day = actor.shown_name, share.expires_on
        card = ReviewRequestView(owner, draft.id, draft.title, share.ask, link, share.id, day, reviewed=review.document)
        reached = await self.s.notifier.to_user(recipient.id, card, actor.lang)
        return reply(
            say("review_sent", title=draft.title or say("untitled"), name=recipient.name, link=Url(link)),
            say("share_notified" if reached else "share_not_reached", name=recipient.name),
            NextStepsView((), _ways_on(draft)),  # no draft to go on with
            focus=Focus(draft.id),
        )

    @handles(ActionName.REVIEW_APPROVE, ActionName.REVIEW_RETURN)
    async def decide(self, actor: Actor, action: ShareComment) -> Reply:
        """The avdelningschef's answer, from the card they got: only theirs to give, once, while the link
        works; sending it back needs a comment. The owner is told in Teams."""
        approved = action.name == ActionName.REVIEW_APPROVE
        comment = action.comment.strip()[:MAX_COMMENT]
        now = self.s.clock()
        async with self.s.uow() as tx:
            share = await tx.shares.get(action.share)
            reviewed = share.reviewed if share is not None and share.recipient_id == actor.id else None  # a review's, theirs
            draft = await tx.drafts.get(share.draft_id) if share and reviewed else None
            review = self.s.routine.lifecycle.review(reviewed) if reviewed and draft else None
            if share is None or draft is None or review is None or not share.usable(now):
                return reply(say("review_not_found"))
            if any(e.kind in DECISIONS for e in await tx.shares.events_for_shares([share.id])):
                return reply(say("review_already", title=draft.title or say("untitled")))
            if not approved and not comment:  # the card again, with the error beside the comment and what was typed
                link = action.link if action.link.startswith(self.sharing.link("")) else ""
                owner, day, needed = draft.owner_name, share.expires_on, say(review.key("review_comment_needed"))
                again = ReviewRequestView(
                    owner, draft.id, draft.title, share.ask, link, share.id, day, action.comment, needed, review.document
                )
                return reply(again)
            who = actor.name or share.recipient_name
            kind = ShareEventKind.APPROVED if approved else ShareEventKind.RETURNED
            await tx.shares.record(ShareEvent(share.id, draft.id, kind, who, now, comment or None))
            entry = HistoryKind.REVIEW_APPROVED if approved else HistoryKind.REVIEW_RETURNED
            await tx.history.record(HistoryEntry(draft.id, entry, now, actor.id, who, review.noted, note=comment))
        notice = ReviewDecisionView(draft.id, draft.title, who, approved, comment, review.document)
        reached = await self.s.notifier.to_user(draft.owner_id, notice, actor.lang)
        done = say(
            review.key("review_approved_done" if approved else "review_returned_done"),
            title=draft.title or say("untitled"),
            owner=draft.owner_name,
        )
        notified = say("share_notified" if reached else "share_not_reached", name=draft.owner_name)
        # The way back to what was answered: the draft, as shared with them.
        return reply(done, NextStepsView((notified,), (NextStep(ActionName.SHARED_OPEN, share_id=share.id),)))
