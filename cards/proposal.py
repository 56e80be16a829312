"""The card the bot posts for a proposal: its title, decision points and summary, with the Word, PDF, page
and share buttons and Nästa steg (what follows the proposal). Never the whole document: that is what the
documents and the page are for, and a card must stay under the 28 KB a Teams message carries."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, card, heading, open_url, para, plain, submit, title
from dialogs.actions import ActionName
from dialogs.views import ProposalView


def proposal_card(ctx: CardContext, view: ProposalView) -> dict[str, Any]:
    """The proposal in the chat's language; the routine's first section is its summary (Sammanfattning)."""
    p, draft_id = view.proposal, view.draft_id
    board = p.header.board + (f", {p.labels['meeting'].lower()} {p.header.meeting}" if p.header.meeting else "")
    body = [
        title(ctx.t("proposal_title")),
        para(f"**{plain(p.title)}**"),
        para(plain(board), subtle=True, spacing="None"),
        para(ctx.t("proposal_ready"), subtle=True),
        heading(p.labels["decision"]),
        *[para(f"{i}\\. {plain(point)}") for i, point in enumerate(p.decision, 1)],
    ]
    if p.sections:
        summary = p.sections[0]
        body += [heading(summary.heading), *[para(plain(text)) for text in summary.paragraphs]]
    body.append(para(ctx.t("proposal_links_note"), subtle=True, size="Small"))
    actions = [
        *[open_url(ctx.t(link.button_key), link.url) for link in view.documents],  # one click to the document
        submit(ctx.t("btn_share"), ActionName.SHARE, draft=draft_id),
        submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=draft_id),
    ]
    return card(body, actions)
