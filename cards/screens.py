"""Every card the bot sends, built from the routine, the draft and the user's language."""

from __future__ import annotations

from typing import Any

from cards.elements import (
    CardContext,
    action_set,
    card,
    error_text,
    field_elements,
    heading,
    para,
    plain,
    submit,
    title,
)
from dialogs.calls import Call
from dialogs.draft import Draft
from dialogs.questions import Topic
from dialogs.reminders import Reminder
from dialogs.schedule import STOCKHOLM
from dialogs.sharing import Share
from dialogs.routine import Field, Step
from dialogs.validation import FieldError


def _intro(ctx: CardContext, step: Step) -> list[dict[str, Any]]:
    if step.intro:
        return [para(step.intro(ctx.lang), subtle=True)]
    if step.intro_section:
        section = ctx.routine.sections[step.intro_section]
        return [para(f"*{section.title(ctx.lang)}*: {section.text(ctx.lang)}", subtle=True)]
    return []


def welcome_card(ctx: CardContext) -> dict[str, Any]:
    return card(
        [
            title(ctx.t("welcome_title")),
            para(ctx.t("welcome_text", routine=ctx.routine.name(ctx.lang))),
            para(ctx.routine.organisation(ctx.lang), subtle=True, size="Small"),
        ],
        [submit(ctx.t("btn_new"), "new"), submit(ctx.t("btn_list"), "list"), submit(ctx.t("btn_help"), "help")],
    )


def help_card(ctx: CardContext, step: Step | None = None, fields: tuple[Field, ...] = ()) -> dict[str, Any]:
    """General help, or help for the step the user is on: its fields' help and the routine's text."""
    body: list[dict[str, Any]] = []
    if step:
        body += [title(ctx.t("help_step_title", step=step.title(ctx.lang))), *_intro(ctx, step)]
        if step.help_section:
            section = ctx.routine.sections[step.help_section]
            body.append(heading(section.title(ctx.lang)))
            body.append(para(section.text(ctx.lang)))
            body.append(para("\n".join(f"- {item(ctx.lang)}" for item in section.items)))
        for f in fields:
            texts = [f.help(ctx.lang)] if f.help else []
            if f.help_section:
                section = ctx.routine.sections[f.help_section]
                texts.append(f"*{section.title(ctx.lang)}*: {section.text(ctx.lang)}")
            if texts:
                body += [heading(f.label(ctx.lang)), *[para(t) for t in texts]]
    else:
        body.append(title(ctx.t("welcome_title")))
    body += [para(ctx.t("help_text")), para(ctx.t("dialogguiden"), subtle=True)]
    actions = [submit(ctx.t("btn_new"), "new"), submit(ctx.t("btn_list"), "list")]
    if ctx.routine.dialogguiden_url:
        actions.append({"type": "Action.OpenUrl", "title": ctx.t("btn_open_dialogguiden"), "url": ctx.routine.dialogguiden_url})
    return card(body, actions)


def step_card(
    ctx: CardContext,
    step: Step,
    fields: tuple[Field, ...],
    draft: Draft,
    position: tuple[int, int],
    values: dict[str, str],
    errors: dict[str, FieldError] | None = None,
) -> dict[str, Any]:
    """One wizard step: its inputs filled with `values`, and after a failed submit the errors beside them."""
    errors = errors or {}
    n, total = position
    body: list[dict[str, Any]] = [
        title(step.title(ctx.lang)),
        para(ctx.t("progress", n=n, total=total) + (f" · {plain(draft.title)}" if draft.title else ""), subtle=True, spacing="None"),
        *_intro(ctx, step),
    ]
    if errors:
        body.append(error_text(ctx.t("check_fields")))
    for f in fields:
        error = errors.get(f.id)
        body += field_elements(ctx, f, values.get(f.id, ""), ctx.t(error.key, **error.params) if error else None)
    ids = {"draft": draft.id, "step": step.id, "version": draft.version}
    return card(body, [submit(ctx.t("btn_next"), "submit", **ids), submit(ctx.t("btn_help"), "help", **ids)])


def answered_card(ctx: CardContext, step: Step, answers: list[tuple[Field, str]]) -> dict[str, Any]:
    """What a submitted step card becomes in Teams: its answers, and no buttons to press again."""
    body = [title(step.title(ctx.lang)), para(ctx.t("saved_step", step=step.title(ctx.lang)), subtle=True, spacing="None")]
    for f, shown in answers:
        body += [para(f"**{plain(f.label(ctx.lang))}**", size="Small"), para(plain(shown) or ctx.t("not_answered"), spacing="None")]
    return card(body)


def gate_card(ctx: CardContext, step: Step, draft: Draft) -> dict[str, Any]:
    """Not a medborgardialog (or outside the routine's scope): the routine's reason, revise or park."""
    assert step.gate is not None
    section = ctx.routine.sections[step.gate.section]
    ids = {"draft": draft.id, "step": step.id, "version": draft.version}
    return card(
        [
            title(ctx.t("gate_title")),
            para(step.gate.verdict(ctx.lang)),
            para(ctx.t("gate_routine_says", section=section.title(ctx.lang)), weight="Bolder"),
            para(section.text(ctx.lang), subtle=True, spacing="None"),
            para(ctx.t("gate_choice")),
        ],
        [submit(ctx.t("btn_revise"), "edit", **ids), submit(ctx.t("btn_park"), "park", **ids)],
    )


def review_card(ctx: CardContext, draft: Draft, sections: list[tuple[Step, list[tuple[Field, str]]]]) -> dict[str, Any]:
    body: list[dict[str, Any]] = [title(ctx.t("review_title")), para(plain(draft.title), weight="Bolder"), para(ctx.t("review_text"), subtle=True)]
    for step, answers in sections:
        items: list[dict[str, Any]] = [heading(step.title(ctx.lang))]
        for f, shown in answers:
            items += [para(f"**{plain(f.label(ctx.lang))}**", size="Small"), para(plain(shown) or ctx.t("not_answered"), spacing="None")]
        items.append(action_set(submit(ctx.t("btn_edit"), "edit", draft=draft.id, step=step.id, version=draft.version)))
        body.append({"type": "Container", "separator": True, "items": items})
    ids = {"draft": draft.id, "step": "review", "version": draft.version}
    return card(
        body,
        [
            submit(ctx.t("btn_create_proposal"), "create_proposal", **ids),
            submit(ctx.t("btn_share"), "share", draft=draft.id),
            submit(ctx.t("btn_list"), "list"),
        ],
    )


def drafts_card(ctx: CardContext, rows: list[tuple[Draft, str]]) -> dict[str, Any]:
    """'Mina utkast': each draft with its status and last change, and what can be done with it."""
    body: list[dict[str, Any]] = [title(ctx.t("list_title"))]
    if not rows:
        body.append(para(ctx.t("list_empty")))
    for draft, status in rows:
        when = draft.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        buttons = [submit(ctx.t("btn_resume"), "resume", draft=draft.id)]
        if draft.proposal_markdown and draft.status == "proposed":
            buttons.append(submit(ctx.t("btn_show_proposal"), "show_proposal", draft=draft.id))
        buttons.append(submit(ctx.t("btn_shares"), "shares", draft=draft.id))
        buttons.append(submit(ctx.t("btn_delete"), "delete", draft=draft.id))
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    para(f"**{plain(draft.title or ctx.t('untitled'))}**"),
                    para(f"{status} · {ctx.t('last_changed', when=when)}", subtle=True, size="Small", spacing="None"),
                    action_set(*buttons),
                ],
            }
        )
    return card(body, [submit(ctx.t("btn_new"), "new")])


def confirm_delete_card(ctx: CardContext, draft: Draft) -> dict[str, Any]:
    return card(
        [para(ctx.t("delete_confirm", title=plain(draft.title or ctx.t("untitled"))))],
        [
            submit(ctx.t("btn_delete_confirm"), "delete_confirm", draft=draft.id, version=draft.version),
            submit(ctx.t("btn_keep"), "delete_cancel", draft=draft.id),
        ],
    )


def _topic_button(ctx: CardContext, topic: Topic, **ids: Any) -> dict[str, Any]:
    return submit(topic.title(ctx.lang), "topic", topic=topic.id, **ids)


def _qa_actions(ctx: CardContext, topics: list[Topic], draft_id: str | None) -> list[dict[str, Any]]:
    ids = {"draft": draft_id} if draft_id else {}
    actions = [_topic_button(ctx, t, **ids) for t in topics]
    if draft_id:
        actions.append(submit(ctx.t("btn_continue_draft"), "resume", draft=draft_id))
    else:
        actions.append(submit(ctx.t("btn_start_draft"), "new"))
    return actions


def answer_card(
    ctx: CardContext, topic: Topic, related: list[Topic], draft_id: str | None, note: str | None = None
) -> dict[str, Any]:
    """An answer quoted from the routine, naming its section, with follow-up buttons."""
    body: list[dict[str, Any]] = [
        title(topic.title(ctx.lang)),
        para(ctx.t("qa_source", routine=ctx.routine.name(ctx.lang), section=topic.source(ctx.lang)), subtle=True, spacing="None"),
    ]
    if note:
        body.append(para(note, subtle=True))
    if topic.role:
        body.append(para(ctx.t("qa_role_intro", role=topic.role.name(ctx.lang))))
        body.append(para("\n".join(f"- {r(ctx.lang)}" for r in topic.role.responsibilities)))
    for section in topic.sections:
        if len(topic.sections) > 1:
            body.append(heading(section.title(ctx.lang)))
        body.append(para(section.text(ctx.lang)))
        if section.items:
            body.append(para("\n".join(f"- {item(ctx.lang)}" for item in section.items)))
    for option in topic.options:
        text = f"**{option.label(ctx.lang)}**" + (f": {option.help(ctx.lang)}" if option.help else "")
        body.append(para(text, spacing="Small"))
    if related:
        body.append(para(ctx.t("qa_related"), subtle=True, size="Small"))
    return card(body, _qa_actions(ctx, related, draft_id))


def choose_topic_card(ctx: CardContext, message: str, topics: list[Topic], draft_id: str | None) -> dict[str, Any]:
    """No clear answer (or which role?): the closest topics as buttons instead of a guess."""
    return card([para(message)], _qa_actions(ctx, topics, draft_id))


def when_text(ctx: CardContext, days: int) -> str:
    if days == 0:
        return ctx.t("when_today")
    if days == 1:
        return ctx.t("when_tomorrow")
    return ctx.t("when_in_days", n=days) if days > 0 else ctx.t("when_days_ago", n=-days)


def reminder_text(ctx: CardContext, reminder: Reminder, what: str, about: str, days: int) -> str:
    values = {"about": plain(about), "date": reminder.deadline.isoformat(), "when": when_text(ctx, days)}
    if reminder.deadline_key.startswith("draft:"):
        return ctx.t("reminder_draft", what=what, **values)
    if reminder.deadline_key.startswith("call:"):
        return ctx.t("reminder_call", what=ctx.t(f"call_{what}"), **values)
    return ctx.t("reminder_revision", **values)


def reminder_card(
    ctx: CardContext, reminder: Reminder, what: str, about: str, draft_id: str | None, call: Call | None, days: int
) -> dict[str, Any]:
    """A proactive reminder: what is due and when, with Klar, Påminn mig i morgon and Öppna utkast."""
    body = [title(ctx.t("reminder_title")), para(reminder_text(ctx, reminder, what, about, days))]
    if call:
        if call.decision_requirement:
            body += [para(ctx.t("call_decision_requirement"), weight="Bolder", spacing="Small"), para(plain(call.decision_requirement), spacing="None")]
        if call.application_note and what == "application_deadline":
            body.append(para(plain(call.application_note), subtle=True))
    ids = {"reminder": reminder.id, "draft": draft_id}
    actions = [submit(ctx.t("btn_done"), "reminder_done", **ids), submit(ctx.t("btn_snooze"), "reminder_snooze", **ids)]
    if draft_id:
        actions.append(submit(ctx.t("btn_open_draft"), "resume", draft=draft_id))
    if call and call.link.startswith("https://"):
        actions.append({"type": "Action.OpenUrl", "title": ctx.t("btn_open_link"), "url": call.link})
    return card(body, actions)


def reminders_card(ctx: CardContext, rows: list[tuple[Reminder, str]]) -> dict[str, Any]:
    """'Påminnelser': the user's coming reminders, soonest first."""
    body: list[dict[str, Any]] = [title(ctx.t("reminders_title"))]
    if not rows:
        body.append(para(ctx.t("reminders_empty")))
    for reminder, text in rows:
        due = reminder.due_at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
        body.append(para(ctx.t("reminders_line", due=due, text=text), spacing="Small"))
    return card(body, [submit(ctx.t("btn_calls"), "calls"), submit(ctx.t("btn_list"), "list")])


def calls_card(ctx: CardContext, calls: list[Call]) -> dict[str, Any]:
    body: list[dict[str, Any]] = [title(ctx.t("calls_title"))]
    if not calls:
        body.append(para(ctx.t("calls_empty")))
    for call in calls:
        items = [para(f"**{plain(call.title)}**"), para(plain(call.organiser), subtle=True, size="Small", spacing="None")]
        items += [para(f"{ctx.t('call_' + kind)}: {day.isoformat()}", spacing="None") for kind, day in call.dates().items()]
        if call.decision_requirement:
            items.append(para(f"{ctx.t('call_decision_requirement')}: {plain(call.decision_requirement)}", size="Small"))
        items.append(action_set(submit(ctx.t("btn_watch"), "watch", call=call.id)))
        body.append({"type": "Container", "separator": True, "items": items})
    return card(body)


def watch_card(ctx: CardContext, call: Call, offsets: str, in_channel: bool, error: str | None = None) -> dict[str, Any]:
    """Choose the offsets (and, in a channel, where) for watching a call."""
    body: list[dict[str, Any]] = [
        title(ctx.t("watch_title", title=plain(call.title))),
        {"type": "Input.Text", "id": "offsets", "label": ctx.t("watch_offsets"), "value": offsets},
    ]
    if error:
        body.append(error_text(error))
    if in_channel:
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
    return card(body, [submit(ctx.t("btn_save"), "watch_save", call=call.id)])


# --- sharing ---------------------------------------------------------------------------------


def share_card(ctx: CardContext, draft: Draft, in_teams: bool, values: dict[str, str] | None = None, error: str | None = None) -> dict[str, Any]:
    """Choose a colleague (Teams' people picker in Teams, a name or e-mail elsewhere) and their access."""
    values = values or {}
    person: dict[str, Any]
    if in_teams:
        person = {
            "type": "Input.ChoiceSet",
            "id": "person",
            "label": ctx.t("share_person"),
            "choices": [],
            "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/users"},
            "value": values.get("person", ""),
        }
    else:
        person = {"type": "Input.Text", "id": "person", "label": ctx.t("share_person_text"), "value": values.get("person", "")}
    body: list[dict[str, Any]] = [title(ctx.t("share_title", title=plain(draft.title or ctx.t("untitled")))), para(ctx.t("share_intro"), subtle=True), person]
    if error:
        body.append(error_text(error))
    body += [
        {
            "type": "Input.ChoiceSet",
            "id": "access",
            "label": ctx.t("share_access"),
            "style": "expanded",
            "value": values.get("access", "comment"),
            "choices": [{"title": ctx.t("access_comment"), "value": "comment"}, {"title": ctx.t("access_read"), "value": "read"}],
        },
        {"type": "Input.Text", "id": "ask", "label": ctx.t("share_ask"), "isMultiline": True, "maxLength": 1000, "value": values.get("ask", ctx.t("share_ask_default"))},
    ]
    return card(body, [submit(ctx.t("btn_share_send"), "share_save", draft=draft.id), submit(ctx.t("btn_shares"), "shares", draft=draft.id)])


def shared_with_you_card(ctx: CardContext, owner: str, draft: Draft, ask: str, link: str, share_id: str, can_comment: bool) -> dict[str, Any]:
    """What the colleague gets in Teams: the draft's title, who shares it, what is asked, and the link."""
    body: list[dict[str, Any]] = [
        title(ctx.t("shared_with_you", owner=plain(owner))),
        para(f"**{plain(draft.title or ctx.t('untitled'))}**"),
        para(ctx.t("shared_ask", owner=plain(owner)), subtle=True),
        para(plain(ask)),
    ]
    actions: list[dict[str, Any]] = [{"type": "Action.OpenUrl", "title": ctx.t("btn_open_link"), "url": link}]
    if can_comment:
        body.append({"type": "Input.Text", "id": "comment", "label": ctx.t("comment_label"), "isMultiline": True, "maxLength": 2000})
        actions.append(submit(ctx.t("btn_send_comment"), "share_comment", share=share_id, draft=draft.id))
    return card(body, actions)


def comment_notice_card(ctx: CardContext, draft: Draft, who: str, text: str) -> dict[str, Any]:
    return card(
        [para(ctx.t("new_comment", who=plain(who), title=plain(draft.title or ctx.t("untitled"))), weight="Bolder"), para(plain(text))],
        [submit(ctx.t("btn_shares"), "shares", draft=draft.id)],
    )


def shares_card(ctx: CardContext, draft: Draft, shares: list[tuple[Share, str]], log: list[str]) -> dict[str, Any]:
    """Who has access (with Återkalla) and who opened, commented on or downloaded the draft."""
    body: list[dict[str, Any]] = [title(ctx.t("shares_title", title=plain(draft.title or ctx.t("untitled"))))]
    if not shares:
        body.append(para(ctx.t("shares_none")))
    for share, state in shares:
        access = ctx.t("access_comment" if share.access == "comment" else "access_read")
        items: list[dict[str, Any]] = [para(ctx.t("share_line", name=plain(share.recipient_name), access=access, state=state))]
        if share.revoked_at is None:
            items.append(action_set(submit(ctx.t("btn_revoke"), "share_revoke", share=share.id, draft=draft.id)))
        body.append({"type": "Container", "separator": True, "items": items})
    body.append(heading(ctx.t("log_title")))
    body += [para(line, size="Small", spacing="None") for line in log] or [para(ctx.t("log_none"), subtle=True)]
    return card(body, [submit(ctx.t("btn_share"), "share", draft=draft.id), submit(ctx.t("btn_list"), "list")])


def link_card(ctx: CardContext, text: str, label: str, url: str) -> dict[str, Any]:
    return card([para(text)], [{"type": "Action.OpenUrl", "title": label, "url": url}])
