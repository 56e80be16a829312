"""The ways on: words with buttons after a reply that would otherwise leave the user without a next step, and
the short card that offers the two or three likeliest meanings of what was typed."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, acting_on, card, para, submit
from dialogs.actions import ActionName
from dialogs.views import NextStep, NextStepsView

# Each button's words; a title (a draft's, a call's) follows after a colon (cards/elements.acting_on).
LABELS: dict[ActionName, str] = {
    ActionName.NEW: "btn_new",
    ActionName.LIST: "btn_list",
    ActionName.RESUME: "btn_continue_draft",
    ActionName.EDIT: "btn_continue_draft",
    ActionName.HELP: "btn_help",
    ActionName.STATUS: "btn_status",
    ActionName.CANCEL: "btn_cancel",
    ActionName.SHOW_PROPOSAL: "btn_show_proposal",
    ActionName.DOWNLOAD_DOCX: "btn_download_docx",
    ActionName.DOWNLOAD_PDF: "btn_download_pdf",
    ActionName.OPEN_PAGE: "btn_open_draft_page",
    ActionName.SHARE: "btn_share",
    ActionName.SHARES: "btn_shares",
    ActionName.REMINDERS: "btn_reminders",
    ActionName.CALLS: "btn_calls",
    ActionName.WATCH: "btn_watch",
    ActionName.MY_DATA: "btn_my_data",
    ActionName.MY_DATA_ERASE: "btn_my_data_erase",
    ActionName.PARK: "btn_park",
    ActionName.DELETE: "btn_delete",
    ActionName.SUBMIT: "btn_save_answer",
    ActionName.NEXT_STEP: "btn_next_step",
    ActionName.DECISION: "btn_decision",
    ActionName.HISTORY: "btn_history",
    ActionName.PHASES: "btn_phases",
    ActionName.CREATE_PROPOSAL: "btn_create_proposal",
}


def button(ctx: CardContext, step: NextStep) -> dict[str, Any]:
    """A next step's button, in the words of `LABELS`."""
    label = ctx.t(LABELS[step.action])
    if step.title is not None:
        label = acting_on(ctx, label, step.title or ctx.t("untitled"))
    return submit(label, step.action, **step.data())


def next_steps_card(ctx: CardContext, view: NextStepsView) -> dict[str, Any]:
    body = [para(ctx.word(notice)) for notice in view.notices] or [para(ctx.t("next_steps"), subtle=True)]
    return card(body, [button(ctx, step) for step in view.steps])
