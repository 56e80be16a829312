"""'Mina data': the card that counts what the bot stores about the user (Exportera, Radera), the
confirmation before erasing, and the export file (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from cards.elements import CardContext, card, error_text, para, submit, title
from dialogs.actions import ActionName
from dialogs.personal_data import PersonalData
from dialogs.views import ConfirmEraseView, DataSummary, MyDataView


def _counts(ctx: CardContext, summary: DataSummary) -> dict[str, Any]:
    facts = [
        ("my_data_drafts", summary.drafts),
        ("my_data_shares_given", summary.shares_given),
        ("my_data_shares_received", summary.shares_received),
        ("my_data_comments", summary.comments),
        ("my_data_reminders", summary.reminders),
        ("my_data_watches", summary.watches),
        ("my_data_conversations", summary.conversations),
    ]
    return {"type": "FactSet", "facts": [{"title": ctx.t(key), "value": str(n)} for key, n in facts]}


def my_data_card(ctx: CardContext, view: MyDataView) -> dict[str, Any]:
    return card(
        [
            title(ctx.t("my_data_title")),
            para(ctx.t("my_data_intro")),
            _counts(ctx, view.summary),
            para(ctx.t("my_data_retention"), subtle=True),
        ],
        [
            submit(ctx.t("btn_my_data_export"), ActionName.MY_DATA_EXPORT),
            submit(ctx.t("btn_my_data_erase"), ActionName.MY_DATA_ERASE),
        ],
    )


def confirm_erase_card(ctx: CardContext, view: ConfirmEraseView) -> dict[str, Any]:
    return card(
        [title(ctx.t("my_data_erase_title")), _counts(ctx, view.summary), error_text(ctx.t("my_data_erase_warning"))],
        [
            submit(ctx.t("btn_my_data_erase_confirm"), ActionName.MY_DATA_ERASE_CONFIRM),
            submit(ctx.t("btn_keep"), ActionName.MY_DATA_ERASE_CANCEL),
        ],
    )


def _json_value(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def export_json(data: PersonalData) -> str:
    """Everything in `data`, as JSON (times in UTC, ISO 8601), with its summary first."""
    return json.dumps({"summary": asdict(data.summary), **asdict(data)}, default=_json_value, ensure_ascii=False, indent=2)
