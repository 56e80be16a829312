"""Reminder cards: a proactive reminder, 'Påminnelser', watching a call."""

from __future__ import annotations

from typing import Any

from cards.calls import call_link
from cards.elements import (
    CardContext,
    action_set,
    card,
    container,
    heading,
    local_time,
    para,
    plain,
    submit,
    title,
    with_error,
)
from dialogs.actions import ActionName
from dialogs.views import (
    Deadline,
    DeadlineDaysView,
    DeadlineReminders,
    DeadlineSource,
    RemindersView,
    ReminderView,
    WatchView,
    when,
)


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
    if call:
        actions += call_link(ctx, call)
    return card(body, actions)


def _what(ctx: CardContext, d: Deadline) -> str:
    """The deadline's name: a date field's label, a call's date kind, or the routine's revision."""
    if d.source == DeadlineSource.DRAFT:
        return d.what
    return ctx.t(f"call_{d.what}") if d.source == DeadlineSource.CALL else ctx.t("reminders_revision")


def _deadline_reminders(ctx: CardContext, line: DeadlineReminders) -> list[dict[str, Any]]:
    """A deadline, when each of its reminders comes, and turning them off (or, for a call, changing the days)."""
    d, what = line.deadline, _what(ctx, line.deadline)
    times = [ctx.t("reminders_now")] if line.due_now else []
    times += [local_time(at) for at in line.due]
    buttons = [submit(ctx.t("btn_reminders_off", what=what), ActionName.REMINDER_DONE, reminder=line.reminder_id)]
    if d.call:
        buttons.append(submit(ctx.t("btn_reminders_days", what=what), ActionName.WATCH, call=d.call.id))
    elif d.draft_id and d.field_id:  # the user's own draft's date
        days = submit(ctx.t("btn_reminders_days", what=what), ActionName.DEADLINE_DAYS, draft=d.draft_id, field=d.field_id)
        buttons.append(days)
    return [
        heading(ctx.t("reminders_deadline", what=what, date=d.day.isoformat(), when=ctx.word(when(d.days_left)))),
        para(ctx.t("reminders_when", times=", ".join(times)), spacing="None"),
        action_set(*buttons),
    ]


def reminders_card(ctx: CardContext, view: RemindersView) -> dict[str, Any]:
    """The user's coming reminders by dialogue (or call) and deadline, soonest first: each deadline once, with
    when its reminders come."""
    body: list[dict[str, Any]] = [title(ctx.t("reminders_title"))]
    if not view.groups:
        body.append(para(ctx.t("reminders_empty")))
    for group in view.groups:
        items = [heading(plain(group.about))]
        for line in group.deadlines:
            items += _deadline_reminders(ctx, line)
        if any(line.deadline.source == DeadlineSource.ROUTINE for line in group.deadlines):
            items.append(para(ctx.t("reminders_revision_note"), subtle=True, size="Small"))
        body.append(container(items))
    if view.more:
        body.append(para(ctx.t("reminders_more", count=view.more), subtle=True))
    body.append(para(ctx.t("reminders_cover"), subtle=True))  # what they cover, and the buttons to those: calls, drafts
    return card(body, [submit(ctx.t("btn_calls"), ActionName.CALLS), submit(ctx.t("btn_list"), ActionName.LIST)])


def _offsets(ctx: CardContext, offsets: str, error: bool) -> list[dict[str, Any]]:
    """The days before a date that its reminders come, with the message beside it when they were refused."""
    field = {"type": "Input.Text", "id": "offsets", "label": ctx.t("watch_offsets"), "value": offsets}
    return with_error(field, ctx.t("err_offsets") if error else None)


def watch_card(ctx: CardContext, view: WatchView) -> dict[str, Any]:
    """Choose the offsets (and, in a channel, where) for watching a call."""
    body: list[dict[str, Any]] = [
        title(ctx.t("watch_title", title=plain(view.call.title))),
        *_offsets(ctx, view.offsets, view.error),
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


def deadline_days_card(ctx: CardContext, view: DeadlineDaysView) -> dict[str, Any]:
    """Choose the days before one of a draft's dates that its reminders come."""
    body = [
        title(ctx.t("deadline_days_title", what=view.what, title=plain(view.about) or ctx.t("untitled"))),
        *_offsets(ctx, view.offsets, view.error),
    ]
    save = submit(ctx.t("btn_save"), ActionName.DEADLINE_DAYS_SAVE, draft=view.draft_id, field=view.field_id)
    return card(body, [save, submit(ctx.t("btn_reminders"), ActionName.REMINDERS)])
