"""The web pages behind a shared link: the draft (or its proposal), comments, and the 'link gone' page.
Rendered with Jinja2 and autoescaped: nothing a user typed can become markup; and cleaned (dialogs/text.py),
so that text stored before the bot cleaned its input (a lone surrogate) cannot make the page fail to encode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from cards.elements import CardContext, local_time
from cards.lifecycle import history_lines, standing
from dialogs.documents.proposal import DOCUMENT_LANG
from dialogs.proposal_versions import ProposalVersion
from dialogs.routine import review_key
from dialogs.schedule import STOCKHOLM
from dialogs.share import MAX_COMMENT, Access
from dialogs.text import clean_text
from dialogs.views import Link, Notice, PhasesView, ReviewSection, SharedPage

templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "html.j2")),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def shared_draft_page(
    ctx: CardContext, page: SharedPage, comment_url: str, documents: tuple[Link, ...], other: Link | None
) -> str:
    """The page in the reader's language (`ctx`); its document in the language it was asked for, its `documents`
    to download and, for a reader of another language than the document's, its `other` rendering."""
    sections = _answered(ctx, page.sections)
    owner, share = page.owner_name, page.share
    shared = share.recipient_id != share.owner_id  # else the owner's own link to their page
    texts: dict[str, Any] = {
        "shared_by": ctx.t(
            "page_shared_by",
            owner=owner,
            recipient=share.recipient_name,
            access=ctx.t(review_key(share.reviewed, f"page_access_{share.access}")),
        )
        if shared
        else "",
        "link_note": ctx.t("page_link_note", recipient=share.recipient_name, date=page.expires_on.isoformat()) if shared else "",
        "asked": ctx.t("shared_ask", owner=owner),
        "draft_status": ctx.t("page_draft_status"),
        "comments": ctx.t("page_comments"),
        "no_comments": ctx.t("page_no_comments"),
        "your_comment": ctx.t("comment_label"),
        "send_comment": ctx.t("btn_send_comment"),
        "rendering": ctx.t("page_rendering") if page.proposal and page.proposal.lang != DOCUMENT_LANG else "",
        "phase": ctx.t("page_phase"),
        "history": ctx.t("page_history"),
        "newer": _newer(ctx, page.newer) if page.newer else "",
    }
    html = templates.get_template("shared_draft.html.j2").render(
        lang=ctx.lang,
        t=texts,
        title=page.draft_title or ctx.t("untitled"),
        ask=share.ask,
        proposal=page.proposal,
        sections=sections,
        comments=[{"who": c.who, "at": local_time(c.at), "text": c.text} for c in page.comments],
        can_comment=share.access == Access.COMMENT,
        comment_url=comment_url,
        max_comment=MAX_COMMENT,
        documents=[(ctx.t(link.button_key), link.url) for link in documents],
        other=(ctx.t(other.button_key), other.url) if other else None,
        error=ctx.word(page.error, escape=str) if page.error else "",
        typed=page.typed,
        life=_life(ctx, page.phases) if page.phases else None,
        history=history_lines(ctx, page.history, escape=str, comment_chars=None),
    )
    return clean_text(html)


def _newer(ctx: CardContext, newer: ProposalVersion) -> str:
    """The line above an older version of the proposal: which version is the newest, and its day."""
    day = format_date(newer.created_at.astimezone(STOCKHOLM).date(), "d MMMM", locale=ctx.lang)
    return ctx.t("proposal_newer_version", n=newer.number, date=day)


def _life(ctx: CardContext, view: PhasesView) -> dict[str, Any]:
    """Where the dialogue stands after the proposal, in words, and its recorded phases with their answers."""
    sections = _answered(ctx, view.sections)
    return {"now": standing(ctx, view), "reason_label": ctx.t("phases_reason"), "reason": view.reason, "sections": sections}


def _answered(ctx: CardContext, sections: tuple[ReviewSection, ...]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Steps or phases as the page lists them: each title with its answers under their labels; a repeated one an
    earlier answer left nothing to repeat over (every target group not reached) with the routine's words for that."""
    return [(s.step.title(ctx.lang), [(a.field.label(ctx.lang), a.shown) for a in s.answers] or _none(ctx, s)) for s in sections]


def _none(ctx: CardContext, section: ReviewSection) -> list[tuple[str, str]]:
    spec = section.step.repeat_none
    return [("", spec.text(ctx.lang))] if spec else []


def notice_page(ctx: CardContext, heading_key: str, text: Notice, way_on: Link | None = None) -> str:
    """A plain page with a heading and one message (a link that does not work, a refused request), and the way on
    when there is one."""
    page = templates.get_template("notice.html.j2")
    link = (ctx.t(way_on.button_key), way_on.url) if way_on else None
    return page.render(lang=ctx.lang, heading=ctx.t(heading_key), text=ctx.word(text, escape=str), way_on=link)


def link_gone_page(ctx: CardContext) -> str:
    return notice_page(ctx, "page_gone_heading", Notice("page_gone_text"))
