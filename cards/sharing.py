"""Sharing cards: choose a colleague, what the colleague gets, a comment notice, the access list,
and a link to open (the Word download)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cards.elements import (
    CardContext,
    action_set,
    card,
    container,
    heading,
    local_time,
    open_url,
    para,
    plain,
    submit,
    title,
    with_error,
)
from dialogs.actions import ActionName
from dialogs.links import with_lang
from dialogs.routine import review_key
from dialogs.share import MAX_ASK, MAX_COMMENT, Access, Reviewed, ShareEventKind
from dialogs.views import CommentNoticeView, LinkView, Notice, SharedWithYouView, ShareFormView, ShareState, SharesView

_LOG_KEYS = {
    ShareEventKind.VIEW: "log_view",
    ShareEventKind.COMMENT: "log_comment",
    ShareEventKind.DOWNLOAD: "log_download",
    ShareEventKind.APPROVED: "log_approved",
    ShareEventKind.RETURNED: "log_returned",
}


def access_name(ctx: CardContext, access: Access, reviewed: Reviewed | None = None) -> str:
    """'Läsa', 'Granskning', 'Granskning av redovisningen' (a review's, by what it is about)."""
    return ctx.t(review_key(reviewed, f"access_{access}"))


def person_input(
    ctx: CardContext, people_picker: bool, value: str, error: Notice | None, label: str, label_text: str, shown: str = ""
) -> list[dict[str, Any]]:
    """Whom to send to: Teams' people picker in Teams (`label`; a person suggested there is `value`, named `shown`), a
    name or e-mail elsewhere (`label_text`); after a refused send, its error beside it."""
    person: dict[str, Any] = {"type": "Input.Text", "id": "person", "label": ctx.t(label_text), "value": value}
    if people_picker:
        person = {
            "type": "Input.ChoiceSet",
            "id": "person",
            "label": ctx.t(label),
            "choices": [{"title": shown, "value": value}] if shown and value else [],
            "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/users"},
            "value": value,
        }
    return with_error(person, ctx.word(error) if error else None)


def ask_input(ctx: CardContext, label_key: str, default_key: str, ask: str | None) -> dict[str, Any]:
    """What the sender asks of the person (a share, a review): the catalogue's words (`default_key`) until they
    typed their own."""
    value = ctx.t(default_key) if ask is None else ask
    box = {"type": "Input.Text", "id": "ask", "label": ctx.t(label_key), "isMultiline": True, "maxLength": MAX_ASK}
    return {**box, "value": value}


def comment_input(ctx: CardContext, label_key: str, value: str = "", error: Notice | None = None) -> list[dict[str, Any]]:
    """A comment on a card someone was sent (a colleague's on a share, the avdelningschef's on a review); after a
    refused answer, what was typed and the error beside it."""
    field = {"type": "Input.Text", "id": "comment", "label": ctx.t(label_key), "isMultiline": True, "maxLength": MAX_COMMENT}
    return with_error({**field, "value": value} if value else field, ctx.word(error) if error else None)


def sent_to_you(
    ctx: CardContext, heading_key: str, owner_name: str, draft_title: str, ask: str, expires_on: date
) -> list[dict[str, Any]]:
    """The top of a card someone sent you (a shared draft, a proposal to review): from whom, which draft, what they
    ask, and until when the link works."""
    owner = plain(owner_name)
    return [
        title(ctx.t(heading_key, owner=owner)),
        para(f"**{plain(draft_title or ctx.t('untitled'))}**"),
        para(ctx.t("shared_ask", owner=owner), subtle=True),
        para(plain(ask)),
        para(ctx.t("shared_link_note", date=expires_on.isoformat()), subtle=True, size="Small"),
    ]


def share_card(ctx: CardContext, view: ShareFormView) -> dict[str, Any]:
    """Choose a colleague (Teams' people picker in Teams, a name or e-mail elsewhere) and their access."""
    body: list[dict[str, Any]] = [
        title(ctx.t("share_title", title=plain(view.title or ctx.t("untitled")))),
        para(ctx.t("share_intro"), subtle=True),
        para(ctx.t("share_bearer"), subtle=True),
        para(ctx.t("share_not_role"), subtle=True),
        *person_input(ctx, view.people_picker, view.person, view.error, "share_person", "share_person_text"),
    ]
    body += [
        {
            "type": "Input.ChoiceSet",
            "id": "access",
            "label": ctx.t("share_access"),
            "style": "expanded",
            "value": str(view.access),
            "choices": [{"title": access_name(ctx, a), "value": str(a)} for a in (Access.COMMENT, Access.READ)],
        },
        ask_input(ctx, "share_ask", "share_ask_default", view.ask),
        {
            "type": "Input.ChoiceSet",
            "id": "days",
            "label": ctx.t("share_days"),
            "value": str(view.days),
            "choices": [{"title": ctx.t("share_days_choice", n=n), "value": str(n)} for n in view.day_choices],
        },
    ]
    actions = [
        submit(ctx.t("btn_share_send"), ActionName.SHARE_SAVE, draft=view.draft_id),
        submit(ctx.t("btn_shares"), ActionName.SHARES, draft=view.draft_id),
    ]
    return card(body, actions)


def shared_with_you_card(ctx: CardContext, view: SharedWithYouView) -> dict[str, Any]:
    """What the colleague gets in Teams: the draft's title, who shares it, what is asked, the link (to the page in
    the language of their chat, the card's, whatever their browser's) and until when it works (for whoever has it:
    not to be passed on)."""
    body = sent_to_you(ctx, "shared_with_you", view.owner_name, view.title, view.ask, view.expires_on)
    actions: list[dict[str, Any]] = [open_url(ctx.t("btn_open_link"), with_lang(view.link, ctx.lang))]
    if view.can_comment:
        body += comment_input(ctx, "comment_label")
        actions.append(submit(ctx.t("btn_send_comment"), ActionName.SHARE_COMMENT, share=view.share_id, draft=view.draft_id))
    return card(body, actions)


def comment_notice_card(ctx: CardContext, view: CommentNoticeView) -> dict[str, Any]:
    """The owner's notice of a comment, and the ways on: the comment among the others on the page, the draft's next
    step (where to act on it), who has access."""
    return card(
        [
            heading(ctx.t("new_comment", who=plain(view.who), title=plain(view.title or ctx.t("untitled")))),
            para(plain(view.text)),
        ],
        [
            submit(ctx.t("btn_open_draft_page"), ActionName.OPEN_PAGE, draft=view.draft_id),
            submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=view.draft_id),
            submit(ctx.t("btn_shares"), ActionName.SHARES, draft=view.draft_id),
        ],
    )


def shares_card(ctx: CardContext, view: SharesView) -> dict[str, Any]:
    """Who has access (with Återkalla) and who opened, commented on or downloaded the draft."""
    body: list[dict[str, Any]] = [title(ctx.t("shares_title", title=plain(view.title or ctx.t("untitled"))))]
    if not view.shares:
        body.append(para(ctx.t("shares_none")))
    for share in view.shares:
        state = ctx.t(f"state_{share.state}", date=share.expires_on.isoformat())
        access = access_name(ctx, share.access, share.reviewed)
        items: list[dict[str, Any]] = [para(ctx.t("share_line", name=plain(share.recipient_name), access=access, state=state))]
        if share.state != ShareState.REVOKED:
            items.append(
                action_set(submit(ctx.t("btn_revoke"), ActionName.SHARE_REVOKE, share=share.share_id, draft=view.draft_id))
            )
        body.append(container(items))
    body.append(heading(ctx.t("log_title")))
    log = [
        ctx.t(review_key(e.reviewed, _LOG_KEYS[e.kind]), at=local_time(e.at), who=plain(e.who), text=plain(e.text))
        for e in view.log
    ]
    body += [para(line, size="Small", spacing="None") for line in log] or [para(ctx.t("log_none"), subtle=True)]
    return card(
        body, [submit(ctx.t("btn_share"), ActionName.SHARE, draft=view.draft_id), submit(ctx.t("btn_list"), ActionName.LIST)]
    )


def link_card(ctx: CardContext, view: LinkView) -> dict[str, Any]:
    body = [para(ctx.t(view.text_key)), *(para(ctx.word(notice)) for notice in view.notices)]
    return card(body, [open_url(ctx.t(link.button_key), link.url) for link in view.links])
