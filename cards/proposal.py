"""The card the bot posts for a proposal: its title, decision points and summary, with the Word, PDF, page
and share buttons and Nästa steg (what follows the proposal). Never the whole document: that is what the
documents and the page are for, and a card must stay under the 28 KB a Teams message carries."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from cards.coverage import checklist_block
from cards.elements import CardContext, action_set, card, heading, open_url, para, plain, submit, title
from cards.wizard import beyond_buttons
from dialogs.actions import ActionName
from dialogs.documents.proposal import DOCUMENT_LANG, Proposal
from dialogs.views import InitiativeAnswerView, Link, ProposalView

EDIT_STEPS_ID = "edit-steps"


def _day(ctx: CardContext, day: date | None) -> str:
    """The day a version was created, as written in the documents: "23 november 2026"."""
    return format_date(day, "d MMMM y", locale=ctx.lang) if day else ""


def proposal_card(ctx: CardContext, view: ProposalView) -> dict[str, Any]:
    """The proposal in the chat's language; the routine's first section is its summary (Sammanfattning)."""
    p, draft_id = view.proposal, view.draft_id
    board = p.header.board + (f", {p.labels['meeting'].lower()} {p.header.meeting}" if p.header.meeting else "")
    body = [
        title(ctx.t("proposal_title")),
        para(f"**{plain(p.title)}**"),
        para(plain(board), subtle=True, spacing="None"),
        heading(ctx.t("proposal_version", n=view.number, date=_day(ctx, view.created))),
    ]
    if view.moved:  # which version holds which meeting: this one is kept as it is
        moved = view.moved
        body.append(para(ctx.t("proposal_meeting_moved", number=moved.number, was=plain(moved.was), now=plain(moved.now))))
    elif state := _state(view):
        body.append(para(ctx.t(state), subtle=not view.new_version))
    if view.new_version:  # beside what it is about; the card's own buttons are the documents
        new = submit(ctx.t("btn_new_version"), ActionName.CREATE_PROPOSAL, draft=draft_id, version=view.new_version)
        body.append(action_set(new))
    body += _decision_and_summary(ctx, p, view.documents)
    if ctx.lang != DOCUMENT_LANG:  # the card is in the chat's language; the nämnd's document quotes answers as typed
        body.append(para(ctx.t("proposal_typed_as_is"), subtle=True, size="Small"))
    body += checklist_block(ctx, view.checks, draft_id, view.version, fixable=not view.decided)
    actions = [
        submit(ctx.t("btn_share"), ActionName.SHARE, draft=draft_id),
        submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=draft_id),
    ]
    if view.steps:
        body.append(_steps_to_edit(ctx, view))
        actions.append({"type": "Action.ToggleVisibility", "title": ctx.t("btn_edit_steps"), "targetElements": [EDIT_STEPS_ID]})
    return card(body, actions)


def _state(view: ProposalView) -> str | None:
    """What is said under the version: decided on (read-only), changed since, or just created (said once)."""
    if view.decided:
        return "proposal_decided"
    if view.new_version:
        return "proposal_changed"
    return "proposal_ready" if view.created_now else None


def _decision_and_summary(ctx: CardContext, p: Proposal, documents: tuple[Link, ...]) -> list[dict[str, Any]]:
    """A document's decision points and its first section (Sammanfattning), then one click to each document, in a row
    of their own (a card has at most five buttons in a row)."""
    blocks = [heading(p.labels["decision"]), *[para(f"{i}\\. {plain(point)}") for i, point in enumerate(p.decision, 1)]]
    if p.sections:
        summary = p.sections[0]
        blocks += [heading(summary.heading), *[para(plain(text)) for text in summary.paragraphs]]
    blocks.append(para(ctx.t("proposal_links_note"), subtle=True, size="Small"))
    blocks.append(action_set(*[open_url(ctx.t(link.button_key), link.url) for link in documents]))
    return blocks


def initiative_answer_card(ctx: CardContext, view: InitiativeAnswerView) -> dict[str, Any]:
    """The answer to an external initiative in the chat's language: its title, the decision (the reason in it) and
    the summary, with the Word, PDF and page buttons; the draft stays at its gate, to change (the gate card's Ändra
    svaren: in Teams this card takes the gate card's place) or to park."""
    p, draft_id = view.answer, view.draft_id
    body = [
        title(ctx.t("answer_title")),
        para(f"**{plain(p.title)}**"),
        para(plain(p.header.board), subtle=True, spacing="None"),
        para(ctx.t("answer_ready", date=_day(ctx, view.created)), subtle=True),
        *_decision_and_summary(ctx, p, view.documents),
    ]
    actions = [
        submit(ctx.t("btn_share"), ActionName.SHARE, draft=draft_id),
        *beyond_buttons(ctx, view.beyond, draft_id, view.version),  # its header: telephone, dnr, who signs
        submit(ctx.t("btn_revise"), ActionName.EDIT, draft=draft_id, step=view.gate, version=view.version),
        submit(ctx.t("btn_park"), ActionName.PARK, draft=draft_id),
    ]
    return card(body, actions)


def _steps_to_edit(ctx: CardContext, view: ProposalView) -> dict[str, Any]:
    """Hidden until *Ändra ett steg*: a button per planning step, the review's Ändra, which opens the step as
    answered. A change keeps this proposal and is offered as a new version (features/steps.py, proposal.py)."""
    edits = [
        action_set(
            submit(
                ctx.t("btn_edit_section", section=step.title(ctx.lang)),
                ActionName.EDIT,
                draft=view.draft_id,
                step=step.id,
                version=view.version,
            )
        )
        for step in view.steps
    ]
    note = para(ctx.t("proposal_edit_note"), subtle=True)
    return {"type": "Container", "id": EDIT_STEPS_ID, "isVisible": False, "separator": True, "items": [note, *edits]}
