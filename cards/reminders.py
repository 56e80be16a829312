"""Reminder cards: a proactive reminder, 'Påminnelser', watching a call."""

from __future__ import annotations

from typing import Any

from cards.elements import (
    CardContext,
    card,
    heading,
    open_url,
    para,
    plain,
    submit,
    title,
    with_error,
)
from dialogs.actions import ActionName
from dialogs.schedule import STOCKHOLM
from dialogs.views import Deadline, DeadlineSource, RemindersView, ReminderView, WatchView, when


def deadline_text(ctx: CardContext, d: Deadline) -> str:
    values = {"about": plain(d.about), "date": d.day.isoformat(), "when": ctx.word(when(d.days_left))}
    if d.source == DeadlineSource.DRAFT:
        return ctx.t("reminder_draft", what=d.what, **values)
    if d.source == DeadlineSource.CALL:
        return ctx.t("reminder_call", what=ctx.t(f"call_{d.what}"), **values)
    return ctx.t("reminder_revision", **values)


def reminder_card(ctx: CardContext, view: ReminderView) -> dict[str, Any]:
    """What is due and when, with Klar, Påminn mig i morgon and Öppna utkast."""
    d, call = view.deadline, view.deadline.call
    body = [title(ctx.t("reminder_title")), para(deadline_text(ctx, d))]
    if call:
        if call.decision_requirement:
            body += [
                heading(ctx.t("call_decision_requirement")),
                para(plain(call.decision_requirement), spacing="None"),
            ]
        if call.application_note and d.what == "application_deadline":
            body.append(para(plain(call.application_note), subtle=True))
    ids = {"reminder": view.reminder.id, "draft": d.draft_id}
    actions = [
        submit(ctx.t("btn_done"), ActionName.REMINDER_DONE, **ids),
        submit(ctx.t("btn_snooze"), ActionName.REMINDER_SNOOZE, **ids),
    ]
    if d.draft_id:
        actions.append(submit(ctx.t("btn_open_draft"), ActionName.RESUME, draft=d.draft_id))
    if call and call.link.startswith("https://"):
        actions.append(open_url(ctx.t("btn_open_link"), call.link))
    return card(body, actions)


def reminders_card(ctx: CardContext, view: RemindersView) -> dict[str, Any]:
    """The user's coming reminders, soonest first."""
    body: list[dict[str, Any]] = [title(ctx.t("reminders_title"))]
    if not view.lines:
        body.append(para(ctx.t("reminders_empty")))
    for line in view.lines:
        due = line.due_at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
        body.append(para(ctx.t("reminders_line", due=due, text=deadline_text(ctx, line.deadline)), spacing="Small"))
    return card(body, [submit(ctx.t("btn_calls"), ActionName.CALLS), submit(ctx.t("btn_list"), ActionName.LIST)])


def watch_card(ctx: CardContext, view: WatchView) -> dict[str, Any]:
    """Choose the offsets (and, in a channel, where) for watching a call."""
    body: list[dict[str, Any]] = [
        title(ctx.t("watch_title", title=plain(view.call.title))),
        *with_error(
            {"type": "Input.Text", "id": "offsets", "label": ctx.t("watch_offsets"), "value": view.offsets},
            ctx.t("err_offsets") if view.error else None,
        ),
    ]
    if view.in_channel:
        body.append(
            {
                "type": "Input.ChoiceSet",
                "id": "target",
                "label": ctx.t("watch_target"),
                "style": "expanded",
                "value": "personal",
                "choices": [
                    {"title": ctx.t("watch_target_personal"), "value": "personal"},
                    {"title": ctx.t("watch_target_here"), "value": "here"},
                ],
            }
        )
    return card(body, [submit(ctx.t("btn_save"), ActionName.WATCH_SAVE, call=view.call.id)])
