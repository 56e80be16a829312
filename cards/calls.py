"""Calls cards: the calendar (open calls to watch, closed ones apart) and one call with its plan back."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from cards.elements import (
    CardContext,
    acting_on,
    action_set,
    bullets,
    card,
    container,
    error_text,
    heading,
    open_url,
    para,
    plain,
    submit,
    title,
)
from cards.inputs import inputs_block
from dialogs.actions import ActionName
from dialogs.calls import Call, CallStatus
from dialogs.documents.application import MOTIVATION_PAGES
from dialogs.planning import CallPlan, Route
from dialogs.views import ApplicationView, CallFormView, CallLine, CallsView, CallView


def long_day(ctx: CardContext, day: date) -> str:
    return str(format_date(day, "long", locale=ctx.lang))


def status_text(ctx: CardContext, line: CallLine) -> str:
    cut_off = line.call.cut_off
    if cut_off is None and line.status == CallStatus.CLOSED:
        return _closed_undated(ctx, line.call)
    if cut_off is None:
        return ctx.t(f"call_status_{line.status}_undated")
    return ctx.t(f"call_status_{line.status}", date=long_day(ctx, cut_off))


def _closed_undated(ctx: CardContext, call: Call) -> str:
    """A call without a cut-off is closed when its end or its first meeting has passed: the status says which, and
    when, as precisely as the invitation states it ("Stängd – pågick till 2010.")."""
    if call.ends:
        return ctx.t("call_status_closed_ended", date=call.ends.said(ctx.lang))
    if call.first_meeting:
        return ctx.t("call_status_closed_started", date=call.first_meeting.said(ctx.lang))
    return ctx.t("call_status_closed_undated")


def _buttons(ctx: CardContext, line: CallLine, show: bool) -> list[dict[str, Any]]:
    """The buttons on a call; each names its call, as several calls share a card."""
    call = line.call
    buttons = [submit(acting_on(ctx, ctx.t("btn_call_show"), call.title), ActionName.CALL, call=call.id)] if show else []
    if line.watched:
        buttons.append(submit(acting_on(ctx, ctx.t("btn_unwatch"), call.title), ActionName.UNWATCH, call=call.id))
    elif line.status != CallStatus.CLOSED:
        buttons.append(submit(acting_on(ctx, ctx.t("btn_watch"), call.title), ActionName.WATCH, call=call.id))
    return buttons


def _summary(ctx: CardContext, line: CallLine) -> dict[str, Any]:
    items = [
        para(f"**{plain(line.call.title)}**"),
        para(plain(line.call.organiser), subtle=True, size="Small", spacing="None"),
        para(status_text(ctx, line), spacing="None"),
    ]
    if line.watched:
        items.append(para(ctx.t("call_watched"), subtle=True, size="Small"))
    items.append(action_set(*_buttons(ctx, line, show=True)))
    return container(items)


def calls_card(ctx: CardContext, view: CallsView) -> dict[str, Any]:
    body: list[dict[str, Any]] = [title(ctx.t("calls_title"))]
    if not view.open:
        body.append(para(ctx.t("calls_none_open" if view.closed else "calls_empty")))
    body += [_summary(ctx, line) for line in view.open]
    if view.closed:
        body.append(heading(ctx.t("calls_closed")))
        body += [_summary(ctx, line) for line in view.closed]
    actions = [submit(ctx.t("btn_call_add"), ActionName.CALL_ADD), submit(ctx.t("btn_reminders"), ActionName.REMINDERS)]
    return card(body, [*actions, submit(ctx.t("btn_list"), ActionName.LIST)])


def _facts(ctx: CardContext, call: Call) -> list[dict[str, Any]]:
    body = [para(f"{ctx.t('call_' + kind)}: {stated.said(ctx.lang)}", spacing="None") for kind, stated in call.stated().items()]
    if call.decision_requirement or call.decided_by:
        body.append(heading(ctx.t("call_decision_requirement")))
        if call.decided_by:
            body.append(para(ctx.t(f"call_decided_by_{call.decided_by}"), spacing="None"))
        if call.decision_requirement:
            body.append(para(plain(call.decision_requirement), spacing="Small"))
    if call.requirements:
        body += [heading(ctx.t("call_requirements")), bullets([plain(r) for r in call.requirements])]
    for key in ("costs", "application_note", "notes"):
        if text := getattr(call, key):
            body += [heading(ctx.t(f"call_{key}")), para(plain(text), spacing="None")]
    return body


def plan_texts(ctx: CardContext, call: Call, plan: CallPlan) -> list[str]:
    """What must happen by when, from the plan back."""
    cut = long_day(ctx, plan.cut_off) if plan.cut_off else ""
    where = {"namnd": plain(plan.namnd), "source": plain(plan.source)}
    m = plan.meeting
    if plan.route == Route.IN_TIME and m:
        texts = [
            ctx.t("plan_in_time", cut_off=cut, meeting=long_day(ctx, m.day), papers_due=long_day(ctx, m.papers_due), **where)
        ]
        texts += [ctx.t("plan_council", council=plain(c.name), date=long_day(ctx, c.day)) for c in m.councils]
        return [*texts, ctx.t("plan_apply", cut_off=cut)]
    if plan.route == Route.PRELIMINARY:
        later = (
            ctx.t("plan_later_meeting", meeting=long_day(ctx, m.day), papers_due=long_day(ctx, m.papers_due), **where)
            if m
            else ctx.t("plan_no_later_meeting", **where)
        )
        return [ctx.t("plan_preliminary", cut_off=cut, **where), later]
    if plan.route == Route.CITY:
        key = "plan_city" if plan.cut_off else "plan_city_undated"
        return [ctx.t(key, body=ctx.t(f"decision_body_{call.decided_by}"), cut_off=cut)]
    if plan.route == Route.NO_PLAN:
        return [ctx.t("plan_not_filled_in", cut_off=cut, **where)]
    if plan.route == Route.NO_CUT_OFF:
        return [ctx.t("plan_no_cut_off")]
    return [ctx.t("plan_closed", cut_off=cut) if cut else ctx.t("plan_closed_undated")]


def call_link(ctx: CardContext, call: Call) -> list[dict[str, Any]]:
    """The button that opens the call's invitation, where its link is a web address (not a mailto:): on the call's
    card and on its reminders alike."""
    return [open_url(ctx.t("btn_open_link"), call.link)] if call.link.startswith("https://") else []


def call_card(ctx: CardContext, view: CallView) -> dict[str, Any]:
    """The call: status, dates, what deciding and taking part demand, costs; then what must happen by when."""
    call = view.line.call
    body: list[dict[str, Any]] = [
        title(plain(call.title)),
        para(plain(call.organiser), subtle=True, spacing="None"),
        para(f"**{status_text(ctx, view.line)}**"),
        *_facts(ctx, call),
        heading(ctx.t("plan_title")),
        *[para(text, spacing="Small") for text in plan_texts(ctx, call, view.plan)],
    ]
    apply = (
        [submit(ctx.t("btn_application"), ActionName.APPLICATION, call=call.id)] if view.line.status != CallStatus.CLOSED else []
    )
    actions = [
        *apply,
        *call_link(ctx, call),
        *_buttons(ctx, view.line, show=False),
        submit(ctx.t("btn_calls_back"), ActionName.CALLS),
    ]
    return card(body, actions)


def application_card(ctx: CardContext, view: ApplicationView) -> dict[str, Any]:
    """The application's fields (errors beside them, what was typed kept) and, once saved, the page check."""
    spec = ctx.routine.application
    body: list[dict[str, Any]] = [title(ctx.t("application_title", title=plain(view.call.title)))]
    if spec and spec.step.intro:
        body.append(para(spec.step.intro(ctx.lang), subtle=True))
    if view.call.application_note:
        body.append(para(plain(view.call.application_note), size="Small"))
    if view.pages is not None:
        fits = view.pages <= MOTIVATION_PAGES
        check = (
            ctx.t("application_pages_ok") if fits else ctx.t("application_pages_over", pages=view.pages, most=MOTIVATION_PAGES)
        )
        body.append(para(check, color="Good" if fits else "Attention"))  # its words say it: not colour alone
    elif view.has_errors:
        body.append(error_text(ctx.t("check_fields")))
    body += inputs_block(ctx, view.inputs)
    ids = {"call": view.call.id}
    actions = [submit(ctx.t("btn_application_save"), ActionName.APPLICATION_SAVE, **ids)]
    if view.pages is not None:
        actions.append(submit(ctx.t("btn_application_download"), ActionName.APPLICATION_DOWNLOAD, **ids))
    actions.append(submit(ctx.t("btn_back_to_call"), ActionName.CALL, **ids))
    return card(body, actions)


def call_form_card(ctx: CardContext, view: CallFormView) -> dict[str, Any]:
    """Adding a call: the form, after a refused save with the errors beside the fields and what was typed."""
    body: list[dict[str, Any]] = [title(view.form.title(ctx.lang))]
    if view.form.intro:
        body.append(para(view.form.intro(ctx.lang), subtle=True))
    if view.has_errors:
        body.append(error_text(ctx.t("check_fields")))
    body += inputs_block(ctx, view.inputs)
    return card(body, [submit(ctx.t("btn_save"), ActionName.CALL_ADD_SAVE), submit(ctx.t("btn_calls_back"), ActionName.CALLS)])
