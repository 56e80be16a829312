"""A proposal rendered as Markdown and as the card the bot posts (the shared page includes it as HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from cards.elements import CardContext, card, heading, para, plain, submit, title
from dialogs.actions import ActionName
from dialogs.documents.proposal import Proposal
from dialogs.views import ProposalView

templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
# A card section longer than this is cut in the card; the whole text follows as a message.
CARD_SECTION_LIMIT = 1500


def render_markdown(p: Proposal) -> str:
    return templates.get_template("proposal.md.j2").render(p=p)


def _cut(text: str) -> tuple[str, bool]:
    return (text, False) if len(text) <= CARD_SECTION_LIMIT else (text[:CARD_SECTION_LIMIT].rstrip() + " …", True)


def proposal_messages(ctx: CardContext, view: ProposalView) -> list[str | dict[str, Any]]:
    """The card with the whole proposal; when a section had to be cut to fit a card, the whole text follows."""
    card_json, cut = proposal_card(ctx, view)
    return [card_json, render_markdown(view.proposal)] if cut else [card_json]


def proposal_card(ctx: CardContext, view: ProposalView) -> tuple[dict[str, Any], bool]:
    """The card with the whole proposal; True when some section had to be cut to fit a card."""
    p, draft_id = view.proposal, view.draft_id
    cut_any = False
    body = [
        title(ctx.t("proposal_title")),
        para(f"**{plain(p.title)}**"),
        para(plain(f"{p.organisation} · {p.date}"), subtle=True, spacing="None"),
        para(ctx.t("proposal_ready"), subtle=True),
        heading(p.headings["decision"]),
        *[para(f"{i}\\. {plain(point)}") for i, point in enumerate(p.decision, 1)],
        heading(p.headings["summary"]),
        para(plain(p.summary)),
        heading(p.headings["preparation"]),
        para(plain(" ".join(p.preparation))),
    ]
    for part in p.parts:
        body.append(heading(part.heading))
        body.append(para(f"{p.styrkarta_title}: {part.styrkarta}", subtle=True, size="Small", spacing="None"))
        for item in part.items:
            value, was_cut = _cut(item.value)
            cut_any = cut_any or was_cut
            body.append(para(f"**{plain(item.label)}**", spacing="Small"))
            body.append(para(plain(value), spacing="None"))
    actions = [
        submit(ctx.t("btn_docx"), ActionName.DOWNLOAD_DOCX, draft=draft_id),
        submit(ctx.t("btn_share"), ActionName.SHARE, draft=draft_id),
        submit(ctx.t("btn_list"), ActionName.LIST, draft=draft_id),
    ]
    return card(body, actions), cut_any
