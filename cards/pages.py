"""The web pages behind a shared link: the draft (or its proposal), comments, and the 'link gone' page.
Rendered with Jinja2 and autoescaped: nothing a user typed can become markup."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext
from cards.proposal import templates
from dialogs.draft import Draft
from dialogs.proposal import Proposal
from dialogs.sharing import Share, ShareEvent
from dialogs.wizard import Wizard


def shared_draft_page(
    ctx: CardContext,
    wizard: Wizard,
    share: Share,
    draft: Draft,
    proposal: Proposal | None,
    comments: list[ShareEvent],
    comment_url: str,
    docx_url: str,
) -> str:
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (step.title(ctx.lang), [(f.label(ctx.lang), wizard.display(f, v, ctx.lang)) for f, v in wizard.answered_fields(step, draft)])
        for step in wizard.steps(draft)
        if step.id in draft.done
    ]
    texts: dict[str, Any] = {
        "shared_by": ctx.t("page_shared_by", owner=draft.owner_name, recipient=share.recipient_name),
        "asked": ctx.t("shared_ask", owner=draft.owner_name),
        "draft_status": ctx.t("page_draft_status"),
        "comments": ctx.t("page_comments"),
        "no_comments": ctx.t("page_no_comments"),
        "your_comment": ctx.t("comment_label"),
        "send_comment": ctx.t("btn_send_comment"),
        "download_docx": ctx.t("page_download_docx"),
    }
    return templates.get_template("shared_draft.html.j2").render(
        lang=ctx.lang,
        t=texts,
        title=draft.title or ctx.t("untitled"),
        ask=share.ask,
        proposal=proposal,
        sections=sections,
        comments=[{"who": c.who, "at": c.at.strftime("%Y-%m-%d %H:%M"), "text": c.text} for c in comments],
        can_comment=share.access == "comment",
        comment_url=comment_url,
        docx_url=docx_url,
    )


def link_gone_page(ctx: CardContext) -> str:
    return templates.get_template("link_gone.html.j2").render(lang=ctx.lang, heading=ctx.t("page_gone_heading"), text=ctx.t("page_gone_text"))
