"""The avdelningschef's review: the owner's card to send the proposal, the card the avdelningschef gets (the link,
Godkänn, Skicka tillbaka med kommentar), and the owner's notice of the answer."""

from __future__ import annotations

from functools import partial
from typing import Any

from cards.elements import CardContext, card, open_url, para, plain, submit, title
from cards.sharing import ask_input, comment_input, person_input, sent_to_you
from dialogs.actions import ActionName
from dialogs.links import with_lang
from dialogs.routine import review_key
from dialogs.share import Reviewed
from dialogs.views import ReviewDecisionView, ReviewFormView, ReviewRequestView

# The button that opens what was reviewed, and its words.
_DOCUMENT = {
    Reviewed.PROPOSAL: (ActionName.SHOW_PROPOSAL, "btn_show_proposal"),
    Reviewed.REPORT: (ActionName.REPORT, "btn_report"),
}


def review_form_card(ctx: CardContext, view: ReviewFormView) -> dict[str, Any]:
    """Choose the avdelningschef and what to ask; Skicka för granskning."""
    key = partial(review_key, view.reviewed)
    body: list[dict[str, Any]] = [
        title(ctx.t(key("review_send_title"), title=plain(view.title or ctx.t("untitled")))),
        para(ctx.t(key("review_intro")), subtle=True),
        *person_input(ctx, view.people_picker, view.person, view.error, "review_person", "review_person_text", view.shown),
    ]
    body.append(ask_input(ctx, "review_ask", key("review_ask_default"), view.ask))
    actions = [
        submit(ctx.t("btn_review_send"), ActionName.REVIEW_SEND, draft=view.draft_id, reviewed=view.reviewed.value),
        submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=view.draft_id),
    ]
    return card(body, actions)


def review_request_card(ctx: CardContext, view: ReviewRequestView) -> dict[str, Any]:
    """What the avdelningschef gets: whose proposal, what is asked, the link (for whoever has it), a comment,
    and the two answers."""
    key = partial(review_key, view.reviewed)
    body = sent_to_you(ctx, key("review_request"), view.owner_name, view.title, view.ask, view.expires_on)
    body += comment_input(ctx, "review_comment", view.comment, view.error)
    ids = {"share": view.share_id, "draft": view.draft_id, "link": view.link}  # the link, for the card shown again
    actions = [
        *([open_url(ctx.t(key("btn_review_open")), with_lang(view.link, ctx.lang))] if view.link else []),  # reader's language
        submit(ctx.t("btn_review_approve"), ActionName.REVIEW_APPROVE, **ids),
        submit(ctx.t("btn_review_return"), ActionName.REVIEW_RETURN, **ids),
    ]
    return card(body, actions)


def review_decision_card(ctx: CardContext, view: ReviewDecisionView) -> dict[str, Any]:
    """The owner's notice: approved or sent back, by whom, with the comment; the ways on: the document reviewed, the
    draft, its history."""
    key = review_key(view.reviewed, "review_decision_approved" if view.approved else "review_decision_returned")
    body = [title(ctx.t(key, who=plain(view.who), title=plain(view.title or ctx.t("untitled"))))]
    if view.comment:
        body.append(para(plain(view.comment)))
    opens, label = _DOCUMENT[view.reviewed]
    actions = [
        submit(ctx.t(label), opens, draft=view.draft_id),
        submit(ctx.t("btn_shared_open"), ActionName.RESUME, draft=view.draft_id),
        submit(ctx.t("btn_history"), ActionName.HISTORY, draft=view.draft_id),
    ]
    return card(body, actions)
