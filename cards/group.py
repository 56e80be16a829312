"""The card everyone in a group chat or channel sees in place of one person's draft card (bot/universal.py gives
that person their own view through Teams' refresh)."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, card, para, plain, submit, title
from dialogs.actions import ActionName


def someone_elses_card(ctx: CardContext, name: str) -> dict[str, Any]:
    return card(
        [title(ctx.t("group_card_title")), para(ctx.t("group_card_text", name=plain(name)))],
        [submit(ctx.t("btn_new"), ActionName.NEW), submit(ctx.t("btn_list"), ActionName.LIST)],
    )
