"""A text the bot wrote for the official to send: each paragraph as it is to be copied, and its Word download."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, card, heading, para, plain, submit, title
from dialogs.actions import ActionName
from dialogs.documents.proposal import DOCUMENT_LANG
from dialogs.routine import TextSpec
from dialogs.views import TextView


def text_buttons(ctx: CardContext, draft_id: str, texts: tuple[TextSpec, ...], **on: Any) -> list[dict[str, Any]]:
    """A button per text the bot can write now."""
    return [submit(t.title(ctx.lang), ActionName.TEXT, draft=draft_id, text=t.id, **on) for t in texts]


def text_card(ctx: CardContext, view: TextView) -> dict[str, Any]:
    """The text as it is sent (Swedish), to copy; in a chat of another language, titled in it, with the way to the
    rendering in it, to read (a card of its own: both would not fit Teams' 28 KB at their longest), and back."""
    letter = view.letter
    to_read = letter.lang != DOCUMENT_LANG
    spec = next((t for t in ctx.routine.lifecycle.texts if t.id == letter.id), None)
    body = [
        title(plain(spec.title(ctx.lang) if spec else letter.title)),
        para(ctx.t("text_read_intro" if to_read else "text_intro"), subtle=True, size="Small"),
    ]
    other: list[dict[str, Any]] = []
    if to_read:
        other = [submit(ctx.t("btn_text_to_send"), ActionName.TEXT, draft=view.draft_id, text=letter.id)]
    elif ctx.lang != DOCUMENT_LANG:
        body.append(heading(ctx.t("text_to_send")))
        other = [submit(ctx.t("btn_text_to_read"), ActionName.TEXT, draft=view.draft_id, text=letter.id, lang=ctx.lang)]
    body += [para(plain(paragraph)) for paragraph in letter.paragraphs]
    actions = [
        *other,
        submit(ctx.t("btn_text_docx"), ActionName.TEXT_DOCX, draft=view.draft_id, text=letter.id),
        submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=view.draft_id),
        submit(ctx.t("btn_list"), ActionName.LIST),
    ]
    return card(body, actions)
