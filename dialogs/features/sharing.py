"""Sharing a draft with a colleague: the link made for them (it works for whoever has it), who has
access, revoking, comments in the chat and on the shared page (rate-limited per link), and what the
page and its Word download show."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum
from typing import TypeVar

from dialogs.actions import ActionName, Ask, OnDraft, OnShare, ShareAsked, ShareComment, ShareSave
from dialogs.actor import Actor, Focus
from dialogs.documents import redovisning
from dialogs.documents.letters import Letter
from dialogs.documents.proposal import DOCUMENT_LANG, Proposal
from dialogs.draft import Draft
from dialogs.features.base import Services, answer_withdrawn, chosen_version, document_of, own_draft, proposal_from
from dialogs.history import HISTORY_SHOWN
from dialogs.intents import folded_words
from dialogs.language import Lang
from dialogs.limits import (
    COMMENTS_PER_LINK,
    RECORDS_PER_LINK,
    SHARES_PER_USER,
    comment_subject,
    exceeded,
    record_subject,
    share_subject,
)
from dialogs.links import with_lang
from dialogs.phases import Phases
from dialogs.ports import Recipient, UnitOfWork
from dialogs.router import handles
from dialogs.schedule import STOCKHOLM
from dialogs.share import (
    DECISIONS,
    MAX_ASK,
    MAX_COMMENT,
    Access,
    Reviewed,
    Share,
    ShareEvent,
    ShareEventKind,
    expiry_choices,
    token_hash,
)
from dialogs.views import (
    CommentNoticeView,
    LogLine,
    NextStep,
    NextStepsView,
    Notice,
    Reply,
    ReviewRequestView,
    ReviewSection,
    SharedPage,
    SharedWithYouView,
    ShareFormView,
    ShareLine,
    ShareState,
    SharesView,
    Url,
    reply,
    say,
)

MAX_RECIPIENT = 200
MAX_TOKEN = 200
LOG_LINES = 30


def _new_token() -> str:
    """A link's token: 256 random bits, kept only as its hash."""
    return secrets.token_urlsafe(32)


D = TypeVar("D", Proposal, Letter)  # a document behind a link

OWNER_LINK_DAYS = 1  # the owner's own links to a document or the page, made anew each time they are asked for


async def find_recipient(s: Services, actor: Actor, typed: str) -> Recipient | None:
    """The person a share, review or role card names (Teams' people picker, else a typed name or address); None
    when nothing, or too much, was given. Before the unit of work: the directory reads conversation references."""
    person = typed.strip()
    return await s.directory.recipient(person, actor.people_picker) if person and len(person) <= MAX_RECIPIENT else None


TYPED = ("name:", "email:")  # a person known only by what was typed (dialogs/share.Share.recipient_id)


async def refused_recipient(
    tx: UnitOfWork,
    s: Services,
    actor: Actor,
    recipient: Recipient | None,
    not_self: str | None,
    limited: bool = True,
    must_reach: str | None = None,
) -> Notice | None:
    """Why the person cannot be given the share, review or role, shown beside the field (None: they can): no one
    found; the user themselves (`not_self`: the message, where that makes no sense); someone the bot has no chat
    with, where what is given only works through the bot (`must_reach`: the message; a review is answered on its
    card, a role's reminders come in the chat); the user's shares used up (`limited`: each sends the person a card,
    at most SHARES_PER_USER)."""
    if recipient is None:
        return say("err_recipient")
    if not_self is not None and recipient.id == actor.id:
        return say(not_self)
    if must_reach is not None and not recipient.reachable:
        # a typed name or address the directory found no one by is said so, not "cannot reach"
        return say("err_recipient_unknown", name=recipient.name) if recipient.id.startswith(TYPED) else say(must_reach)
    if limited and (limit := await exceeded(tx.rate_counters, share_subject(actor.id), SHARES_PER_USER, s.clock())):
        return say(limit.message, most=limit.most)
    return None


class Refusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # a read-only link, or not the recipient's
    EMPTY = "empty"
    TOO_MANY = "too_many"  # over a rate limit


@dataclass(frozen=True)
class CommentRefused:
    """A comment that was not saved, and what to tell the one who wrote it."""

    reason: Refusal
    notice: Notice


class LinkGone(Exception):
    """The link existed but no longer works (revoked, expired, or its draft deleted)."""


class RoleMoved(LinkGone):
    """The link was given with a role of the routine that the owner has since given to someone else: it works no more,
    and says who has the role now (`notice`)."""

    def __init__(self, notice: Notice) -> None:
        super().__init__()
        self.notice = notice


class AnswerWithdrawn(Exception):
    """The link works, but the document it asked for was the answer to an external initiative, withdrawn since: the
    draft's answers changed so that it owes none (its page shows the draft as it is now)."""


class Sharing:
    def __init__(self, services: Services) -> None:
        self.s = services
        self.phases = Phases(services.wizard)

    def link(self, token: str) -> str:
        return f"{self.s.public_base_url.rstrip('/')}/d/{token}"

    def review_link(self, token: str, reviewed: Reviewed) -> str:
        """What a reviewer reads under their link: the draft's page with its proposal, or the redovisning (PDF/A)."""
        page = self.link(token)
        return page if reviewed is Reviewed.PROPOSAL else f"{page}/{redovisning.PDF}"

    async def owner_link(self, tx: UnitOfWork, draft: Draft, actor: Actor) -> str:
        """A new one-day link of the owner's own to the draft's page (its documents are under it)."""
        owner = draft.owner_name or actor.name
        _, token = await self.new_link(tx, draft, draft.owner_id, owner, Access.READ, "", OWNER_LINK_DAYS)
        return self.link(token)

    async def new_link(
        self,
        tx: UnitOfWork,
        draft: Draft,
        recipient_id: str,
        recipient_name: str,
        access: Access,
        ask: str,
        days: int | None = None,
        reviewed: Reviewed | None = None,
    ) -> tuple[Share, str]:
        """A new link to the draft for one recipient (a review's: `reviewed`, what it is about): the share, and the token
        (shown once)."""
        share = Share(
            draft_id=draft.id,
            owner_id=draft.owner_id,
            recipient_id=recipient_id,
            recipient_name=recipient_name[:255],
            access=access,
            ask=ask[:MAX_ASK],
            expires_at=self.s.clock() + timedelta(days=days or self.s.share_days),
            reviewed=reviewed,
        )
        return share, await self._store(tx, share)

    async def _store(self, tx: UnitOfWork, share: Share) -> str:
        """Store the share under a new token, and return the token."""
        token = _new_token()
        await tx.shares.create(share, token_hash(token))
        return token

    async def own_link(self, tx: UnitOfWork, actor: Actor, subject_id: str, lifetime: timedelta) -> str:
        """A new link of the user's own to something of theirs that is not a draft (`subject_id`: an application,
        or NO_DRAFT for the export of their data), working for `lifetime`."""
        share = Share(subject_id, actor.id, actor.id, actor.name[:255], Access.READ, "", self.s.clock() + lifetime)
        return self.link(await self._store(tx, share))

    @staticmethod
    async def shared(tx: UnitOfWork, token: str) -> Share | None:
        """The share a link's token opens, whatever its state; None for a token that never was one (empty or too
        long ones are not looked up)."""
        return await tx.shares.by_token_hash(token_hash(token)) if 0 < len(token) <= MAX_TOKEN else None

    # --- in the chat ----------------------------------------------------------------------------

    @handles(ActionName.SHARE)
    async def share(self, actor: Actor, action: ShareAsked) -> Reply:
        """The share's card; a name typed with the request ("dela med vår kommunikatör Karin") in its person field, where
        that is a text field (Teams' people picker takes only a person it finds)."""
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
        choices, picker = expiry_choices(self.s.share_days), actor.people_picker
        person = "" if picker else action.person
        return reply(ShareFormView(draft.id, draft.title, picker, choices, self.s.share_days, person))

    @handles(ActionName.SHARE_SAVE)
    async def share_save(self, actor: Actor, action: ShareSave) -> Reply:
        """A link for the colleague, working the days the owner chose; at most SHARES_PER_USER, so that
        pressing Dela again and again cannot flood anyone with cards."""
        person, ask = action.person.strip(), action.ask.strip()
        choices = expiry_choices(self.s.share_days)
        days = action.days if action.days in choices else self.s.share_days
        recipient = await find_recipient(self.s, actor, person)
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            refused = await refused_recipient(tx, self.s, actor, recipient, not_self=None)
            if recipient is None or refused is not None:
                picker = actor.people_picker
                return reply(ShareFormView(draft.id, draft.title, picker, choices, days, person, action.access, ask, refused))
            ask = ask or self.s.messages("share_ask_default", actor.lang)
            share, token = await self.new_link(tx, draft, recipient.id, recipient.name, action.access, ask, days)
        link = self.link(token)
        expires = share.expires_on
        card = SharedWithYouView(
            actor.shown_name, draft.id, draft.title, share.ask, link, share.id, share.access == Access.COMMENT, expires
        )
        reached = await self.s.notifier.to_user(recipient.id, card, actor.lang)
        access = say("access_comment" if share.access == Access.COMMENT else "access_read")
        # The link is the colleague's (the owner sends it when the card did not reach them): in their chat's language,
        # as on their card; without a chat, their browser's.
        theirs = with_lang(link, recipient.lang) if recipient.lang else link
        # About this draft: the ways on are its own (once proposed, its proposal and next step), as after any reply on it.
        return reply(
            say("share_done", name=recipient.name, access=access, expires=expires, link=Url(theirs)),
            say("share_notified" if reached else "share_not_reached", name=recipient.name),
            focus=Focus(draft.id),
        )

    @handles(ActionName.SHARES)
    async def shares(self, actor: Actor, action: OnDraft) -> Reply:
        now = self.s.clock()
        async with self.s.uow() as tx:
            draft = await own_draft(tx, actor, action.draft)
            shares = await tx.shares.for_draft(draft.id)
            events = await tx.shares.events(draft.id, LOG_LINES)
        lines = tuple(
            ShareLine(
                s.id,
                s.recipient_name,
                s.access,
                s.reviewed,
                ShareState.REVOKED if s.revoked_at else ShareState.ACTIVE if s.usable(now) else ShareState.EXPIRED,
                s.expires_on,
            )
            for s in shares
            if s.recipient_id != draft.owner_id  # the owner's own download links
        )
        reviewed = {s.id: s.reviewed for s in shares}
        log = tuple(LogLine(e.kind, e.at, e.who, e.text or "", reviewed.get(e.share_id)) for e in events)
        return reply(SharesView(draft.id, draft.title, lines, log))

    @handles(ActionName.REPLY)
    async def reply_to_comment(self, actor: Actor, action: Ask) -> Reply:
        """ "svara Kim att …": replies to comments are no feature (a colleague with a link may have no chat with the bot),
        so the user is told to answer in Teams, whom (the colleague whose latest comment on the user's drafts the words
        name, else the latest to comment) and about which draft, with what they typed kept to copy, and that draft's
        sharing list one press away."""
        async with self.s.uow() as tx:
            drafts = {d.id: d for d in await tx.drafts.list_for_owner(actor.id)}
            shares = [s.id for s in await tx.shares.given_by(actor.id) if s.draft_id in drafts]
            events = await tx.shares.events_for_shares(shares)
        comments = [e for e in events if e.kind == ShareEventKind.COMMENT]
        typed = set(folded_words(action.text))
        named = [e for e in comments if set(folded_words(e.who)) & typed]
        latest = (named or comments)[-1] if comments else None
        if latest is None:
            return reply(say("reply_no_comment", text=action.text))
        draft = drafts[latest.draft_id]
        said = say("reply_not_sent", name=latest.who, title=draft.title or say("untitled"), text=action.text)
        return reply(NextStepsView((said,), (NextStep(ActionName.SHARES, draft.id), NextStep(ActionName.LIST))))

    @handles(ActionName.SHARE_REVOKE)
    async def revoke(self, actor: Actor, action: OnShare) -> Reply:
        async with self.s.uow() as tx:
            share = await tx.shares.get(action.share)
            if share is None or share.owner_id != actor.id:
                return reply(say("share_not_found"))
            await tx.shares.revoke(share.id, self.s.clock())
        return reply(say("share_revoked", name=share.recipient_name))

    @handles(ActionName.SHARED_OPEN)
    async def open_shared(self, actor: Actor, action: OnShare) -> Reply:
        """A draft shared with the user, from Mina utkast: its card again (the review's, for the avdelningschef), under
        a new link, since only a token's hash is kept; the link sent before still opens it. Neither lives longer than
        the owner chose: opening it again renews nothing. A review answered already says who answered it, when and how,
        with the draft's card to read it and nothing more to answer."""
        return await self.reopen(actor, action.share)

    async def reopen(self, actor: Actor, share_id: str, comment: str = "") -> Reply:
        """The shared draft's card again, under a new link (the link sent before still opens it); a review's with
        `comment` in its field."""
        async with self.s.uow() as tx:
            share = await tx.shares.get(share_id)
            mine = share is not None and share.recipient_id == actor.id and share.usable(self.s.clock())
            draft = await tx.drafts.get(share.draft_id) if share and mine else None
            if share is None or draft is None:
                return reply(say("share_not_found"))
            answer = next((e for e in await tx.shares.events_for_shares([share.id]) if e.kind in DECISIONS), None)
            token = _new_token()
            await tx.shares.add_token(share.id, token_hash(token))
        link, day, owner = self.link(token), share.expires_on, draft.owner_name
        if share.reviewed is not None:  # a review's
            link = self.review_link(token, share.reviewed)
            if answer is not None:  # the draft as shared with them, to read: nothing more to answer
                read = SharedWithYouView(owner, draft.id, draft.title, share.ask, link, share.id, False, day)
                return reply(_answered(answer, draft.title, link), read)
            again = ReviewRequestView(
                owner, draft.id, draft.title, share.ask, link, share.id, day, comment, reviewed=share.reviewed
            )
            return reply(say("shared_new_link", date=day.isoformat()), again)
        can_comment = share.access == Access.COMMENT
        return reply(
            say("shared_new_link", date=day.isoformat()),
            SharedWithYouView(owner, draft.id, draft.title, share.ask, link, share.id, can_comment, day),
        )

    @handles(ActionName.SHARE_COMMENT)
    async def comment(self, actor: Actor, action: ShareComment) -> Reply:
        """A comment from the card the colleague got: only theirs to make, and only with comment access."""
        async with self.s.uow() as tx:
            share = await tx.shares.get(action.share)
            draft = await tx.drafts.get(share.draft_id) if share and share.recipient_id == actor.id else None
            outcome = await self._comment(tx, share, action.comment) if share and draft else None
        if outcome is None or draft is None:
            return reply(say("comment_not_allowed"))
        if isinstance(outcome, CommentRefused):
            return reply(outcome.notice)
        await self._notify_owner(draft, outcome, actor.lang)
        return reply(say("comment_saved", owner=draft.owner_name))

    async def _comment(self, tx: UnitOfWork, share: Share, text: str) -> ShareEvent | CommentRefused:
        """Saved, unless the link cannot comment, the text is empty, or the link is over COMMENTS_PER_LINK."""
        text = text.strip()[:MAX_COMMENT]
        now = self.s.clock()
        if share.access != Access.COMMENT or not share.usable(now):
            return CommentRefused(Refusal.NOT_ALLOWED, say("comment_not_allowed"))
        if not text:
            return CommentRefused(Refusal.EMPTY, say("comment_empty"))
        if limit := await exceeded(tx.rate_counters, comment_subject(share.id), COMMENTS_PER_LINK, now):
            return CommentRefused(Refusal.TOO_MANY, say(limit.message, most=limit.most))
        return await self._record(tx, share, ShareEventKind.COMMENT, text)

    async def _record(self, tx: UnitOfWork, share: Share, kind: ShareEventKind, text: str | None = None) -> ShareEvent:
        event = ShareEvent(share.id, share.draft_id, kind, share.recipient_name, self.s.clock(), text)
        await tx.shares.record(event)
        return event

    async def _notify_owner(self, draft: Draft, event: ShareEvent, lang: Lang) -> bool:
        return await self.s.notifier.to_user(
            draft.owner_id, CommentNoticeView(draft.id, draft.title, event.who, event.text or ""), lang
        )

    # --- the shared link's page -------------------------------------------------------------------

    async def _open(self, tx: UnitOfWork, token: str) -> tuple[Share, Draft] | None:
        """The share and draft behind a link; None for a link that never existed; LinkGone for a dead one (RoleMoved for
        one given with a role that is someone else's now)."""
        share = await self.shared(tx, token)
        if share is None:
            return None
        draft = await tx.drafts.get(share.draft_id)
        if draft is None:
            raise LinkGone()
        if share.access == Access.ROLE and (moved := self.phases.role_moved(draft, None, share.recipient_id)):
            raise RoleMoved(say("page_role_moved_text", moved=moved, owner=draft.owner_name))
        if not share.usable(self.s.clock()):
            raise LinkGone()
        return share, draft

    async def revoke_role_links(self, tx: UnitOfWork, draft: Draft, person_id: str) -> None:
        """The links a person was given with roles in the draft stop working once they hold none of its roles."""
        if any(p.id == person_id for p in draft.assigned.values()):
            return
        for share in await tx.shares.for_draft(draft.id):
            if share.access == Access.ROLE and share.recipient_id == person_id:
                await tx.shares.revoke(share.id, self.s.clock())

    async def page(
        self, token: str, lang: Lang, counted: bool, number: int | None = None, document_lang: Lang = DOCUMENT_LANG
    ) -> SharedPage | None:
        """The page behind a link in `lang`, the reader's (with the proposal's version `number` when given, and the
        newest version if that is a later one); its document in `document_lang`: Swedish, the nämnd's, unless the
        link asks for the rendering to read, as a Word download does. None: no such link or version; LinkGone: a
        dead one. A view is recorded only when `counted` (a person opened it, not a link previewer or a HEAD
        request)."""
        async with self.s.uow() as tx:
            opened = await self._open(tx, token)
            if opened is None:
                return None
            share, draft = opened
            found = await chosen_version(tx, draft, number) if number is not None else None
            if number is not None and found is None:
                return None
            if counted and await self._worth_recording(tx, share):
                await self._record(tx, share, ShareEventKind.VIEW)
            events = await tx.shares.events(draft.id, 200)
            entries = await tx.history.for_draft(draft.id, HISTORY_SHOWN)
            # the nämnd's document (the proposal, or the answer to an external initiative), or its rendering to read
            proposal: Proposal | None
            if found:
                proposal = proposal_from(self.s, draft, found[0], document_lang)
            else:
                proposal = await document_of(self.s, tx, draft, document_lang)
        wizard = self.s.wizard
        sections = tuple(
            ReviewSection(s, wizard.shown(s, draft, lang)) for s in wizard.progress(draft).steps if s.id in draft.done
        )
        comments = tuple(e for e in reversed(events) if e.kind == ShareEventKind.COMMENT)
        phases = self.phases.overview(draft, self.phases.progress(draft), lang) if Phases.started(draft) else None
        history = self.phases.history(entries)
        expires = share.expires_on
        page = SharedPage(share, draft.title, draft.owner_name, proposal, sections, comments, expires, phases, history)
        return replace(page, version=number, newer=found[1]) if found else page

    async def comment_on_page(self, token: str, text: str, lang: Lang) -> ShareEvent | CommentRefused | None:
        """A comment from the page: the saved comment (the owner is told), or why not; None: no such link."""
        async with self.s.uow() as tx:
            opened = await self._open(tx, token)
            if opened is None:
                return None
            share, draft = opened
            outcome = await self._comment(tx, share, text)
        if isinstance(outcome, ShareEvent):
            await self._notify_owner(draft, outcome, lang)
        return outcome

    async def download(self, token: str, lang: Lang, counted: bool, number: int | None = None) -> Proposal | None:
        """The proposal behind a link in `lang` (the nämnd's language unless another is asked for), for the Word or
        PDF download (recorded when `counted`): its version `number` as it was created, or the draft's document when
        `number` is None (its proposal, or the answer to its external initiative); None when there is none;
        AnswerWithdrawn when it was the answer, withdrawn since."""

        async def build(tx: UnitOfWork, draft: Draft) -> Proposal | None:
            if number is None:
                document = await document_of(self.s, tx, draft, lang)
                if document is None and await answer_withdrawn(self.s, tx, draft):
                    raise AnswerWithdrawn()
                return document
            found = await chosen_version(tx, draft, number)
            return proposal_from(self.s, draft, found[0], lang) if found else None

        return await self._document(token, counted, build)

    async def download_report(self, token: str, lang: Lang, counted: bool) -> Proposal | None:
        """The redovisning of the dialogue behind a link, in `lang`, as of today, for its Word or PDF download
        (recorded when `counted`); None when there is none (the dialogue has not come that far)."""
        today = self.s.deadlines.today()

        async def build(tx: UnitOfWork, draft: Draft) -> Proposal | None:
            return self.phases.redovisning(draft, lang, today, await tx.history.for_drafts([draft.id]))

        return await self._document(token, counted, build)

    async def _document(self, token: str, counted: bool, build: Callable[[UnitOfWork, Draft], Awaitable[D | None]]) -> D | None:
        """What `build` makes of the draft behind a link, its download recorded when `counted` (and worth it)."""
        async with self.s.uow() as tx:
            opened = await self._open(tx, token)
            document = await build(tx, opened[1]) if opened else None
            if opened and document and counted and await self._worth_recording(tx, opened[0]):
                await self._record(tx, opened[0], ShareEventKind.DOWNLOAD)
        return document

    async def download_text(self, token: str, text_id: str, lang: Lang, counted: bool) -> Letter | None:
        """A text the bot writes from the draft behind a link (`lifecycle.texts`), in `lang`, for its Word
        download (recorded when `counted`); None when the link or the text is not there."""
        today = self.s.deadlines.today()

        async def build(tx: UnitOfWork, draft: Draft) -> Letter | None:
            spec = self.phases.text(draft, text_id)
            return self.phases.letter(draft, spec, lang, today) if spec else None

        return await self._document(token, counted, build)

    async def _worth_recording(self, tx: UnitOfWork, share: Share) -> bool:
        """A view or download goes to the owner's log, unless it is the owner's own link (their page or
        download) or the link has been opened very often lately."""
        if share.recipient_id == share.owner_id:
            return False
        return await exceeded(tx.rate_counters, record_subject(share.id), RECORDS_PER_LINK, self.s.clock()) is None


def _answered(answer: ShareEvent, title: str, link: str) -> Notice:
    """Who answered a review, when (in Stockholm) and how: approved, or sent back with their comment; the link to read it
    again."""
    day, named, read = answer.at.astimezone(STOCKHOLM).date(), title or say("untitled"), Url(link)
    if answer.kind == ShareEventKind.APPROVED:
        return say("review_answered_approved", who=answer.who, title=named, day=day, link=read)
    return say("review_answered_returned", who=answer.who, title=named, day=day, comment=answer.text or "", link=read)
