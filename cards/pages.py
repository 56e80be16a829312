"""The web pages behind a shared link: the draft (or its proposal), comments, and the 'link gone' page.
Rendered with Jinja2 and autoescaped: nothing a user typed can become markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from cards.elements import CardContext
from dialogs.schedule import STOCKHOLM
from dialogs.share import Access
from dialogs.views import SharedPage

templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "html.j2")),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def shared_draft_page(ctx: CardContext, page: SharedPage, comment_url: str, docx_url: str, pdf_url: str) -> str:
    sections = [(s.step.title(ctx.lang), [(a.field.label(ctx.lang), a.shown) for a in s.answers]) for s in page.sections]
    owner, share = page.owner_name, page.share
    texts: dict[str, Any] = {
        "shared_by": ctx.t("page_shared_by", owner=owner, recipient=share.recipient_name),
        "asked": ctx.t("shared_ask", owner=owner),
        "draft_status": ctx.t("page_draft_status"),
        "comments": ctx.t("page_comments"),
        "no_comments": ctx.t("page_no_comments"),
        "your_comment": ctx.t("comment_label"),
        "send_comment": ctx.t("btn_send_comment"),
        "download_docx": ctx.t("page_download_docx"),
        "download_pdf": ctx.t("page_download_pdf"),
    }
    return templates.get_template("shared_draft.html.j2").render(
        lang=ctx.lang,
        t=texts,
        title=page.draft_title or ctx.t("untitled"),
        ask=share.ask,
        proposal=page.proposal,
        sections=sections,
        comments=[
            {"who": c.who, "at": c.at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M"), "text": c.text} for c in page.comments
        ],
        can_comment=share.access == Access.COMMENT,
        comment_url=comment_url,
        docx_url=docx_url,
        pdf_url=pdf_url,
    )


def link_gone_page(ctx: CardContext) -> str:
    return templates.get_template("link_gone.html.j2").render(
        lang=ctx.lang, heading=ctx.t("page_gone_heading"), text=ctx.t("page_gone_text")
    )
