"""A text the bot wrote for the official to send: each paragraph as it is to be copied, and its Word download."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, card, para, plain, submit, title
from dialogs.actions import ActionName
from dialogs.routine import TextSpec
from dialogs.views import TextView


def text_buttons(ctx: CardContext, draft_id: str, texts: tuple[TextSpec, ...]) -> list[dict[str, Any]]:
    """A button per text the bot can write now."""
    return [submit(t.title(ctx.lang), ActionName.TEXT, draft=draft_id, text=t.id) for t in texts]


def text_card(ctx: CardContext, view: TextView) -> dict[str, Any]:
    letter = view.letter
    body = [title(plain(letter.title)), para(ctx.t("text_intro"), subtle=True, size="Small")]
    body += [para(plain(paragraph)) for paragraph in letter.paragraphs]
    actions = [
        submit(ctx.t("btn_text_docx"), ActionName.TEXT_DOCX, draft=view.draft_id, text=letter.id),
        submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=view.draft_id),
        submit(ctx.t("btn_list"), ActionName.LIST),
    ]
    return card(body, actions)
