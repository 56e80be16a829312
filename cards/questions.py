"""Answers to questions about the routine, quoted from it, with follow-up topics as buttons."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, action_set, bullets, card, heading, para, pointed_to, submit, title
from cards.next_steps import button
from dialogs.actions import ActionName
from dialogs.matching import Topic, explanation
from dialogs.routine import Duty
from dialogs.views import AnswerView, ChooseTopicView, back_to_draft

AnswerOrChoice = AnswerView | ChooseTopicView
MAX_IN_A_ROW = 5  # a card has at most five buttons in a row


def _with_actions(
    ctx: CardContext, body: list[dict[str, Any]], first: list[dict[str, Any]], topics: tuple[Topic, ...], view: AnswerOrChoice
) -> dict[str, Any]:
    """The card with its buttons: `first`, the topics, then the way back to the draft (to its proposal and next step, once
    proposed), else the review waiting for the user, else a new draft; more than fit in a row, the topics' buttons (and
    `first`) in a row of their own."""
    ids = {"draft": view.draft_id} if view.draft_id else {}
    offered = [*first, *(submit(t.title(ctx.lang), ActionName.TOPIC, topic=t.id, **ids) for t in topics)]
    if view.draft_id:
        ways = [button(ctx, step) for step in back_to_draft(view.draft_id, view.proposed)]
    elif view.review:
        ways = [button(ctx, view.review)]
    else:
        ways = [submit(ctx.t("btn_start_draft"), ActionName.NEW)]
    if len(offered) + len(ways) > MAX_IN_A_ROW:
        return card([*body, action_set(*offered)], ways)
    return card(body, offered + ways)


def _duty(ctx: CardContext, duty: Duty) -> str:
    """A line of a role's responsibilities as it reads after the role's intro ("… has the responsibility to:")."""
    return ctx.t("qa_duty_clause", line=duty(ctx.lang)) if duty.clause else duty(ctx.lang)


def answer_card(ctx: CardContext, view: AnswerView) -> dict[str, Any]:
    """An answer quoted from the routine, naming its section, with follow-up buttons."""
    ctx = ctx.in_lang(view.lang)
    topic = view.topic
    body: list[dict[str, Any]] = [
        title(topic.title(ctx.lang)),
        para(_source(ctx, topic), subtle=True, spacing="None"),
    ]
    if view.role_from_draft and topic.role:
        body.append(para(ctx.t("qa_role_from_draft", role=topic.role.name(ctx.lang)), subtle=True))
    if view.revision_passed:
        body.append(para(ctx.t("qa_revision_passed", date=view.revision_passed)))
    if topic.role:
        body.append(para(ctx.t("qa_role_intro", role=topic.role.name(ctx.lang))))
        # For "who …?", the line that answers it stands out in the role's list.
        lines = topic.role.responsibilities
        body.append(bullets([f"**{_duty(ctx, r)}**" if r == topic.duty else _duty(ctx, r) for r in lines]))
    for role_duties in topic.duties:
        body.append(para(ctx.t("qa_role_intro", role=role_duties.role.name(ctx.lang))))
        body.append(bullets([_duty(ctx, line) for line in role_duties.lines]))
    for section in topic.sections:
        if len(topic.sections) > 1:
            body.append(heading(section.title(ctx.lang)))
        body.append(para(section.text(ctx.lang)))
        body += pointed_to(ctx, section, shown={s.id for s in topic.sections})
        if section.items:
            body.append(bullets([item(ctx.lang) for item in section.items]))
    for option in topic.options:
        meaning = explanation(option)
        text = f"**{option.label(ctx.lang)}**" + (f": {meaning(ctx.lang)}" if meaning else "")
        body.append(para(text, spacing="Small"))
    if topic.request:  # a topic the product's own list answers: what its button shows
        body.append(para(ctx.t(f"qa_request_{topic.request}")))
    if view.calls_open is not None:
        body.append(para(ctx.t("qa_calls_open", count=view.calls_open) if view.calls_open else ctx.t("qa_calls_none_open")))
    if view.related:
        body.append(para(ctx.t("qa_related"), subtle=True, size="Small"))
    request = [submit(ctx.messages.label(topic.request, ctx.lang), topic.request)] if topic.request else []
    return _with_actions(ctx, body, request, view.related, view)


def _source(ctx: CardContext, topic: Topic) -> str:
    """Where the answer is quoted from: a section of the routine, or a source of its own (the ladder, a catalogue)."""
    if topic.outside:
        return ctx.t("qa_source_outside", source=topic.source(ctx.lang))
    return ctx.t("qa_source", routine=ctx.routine.name(ctx.lang), section=topic.source(ctx.lang))


def choose_topic_card(ctx: CardContext, view: ChooseTopicView) -> dict[str, Any]:
    """No clear answer (or which role?): the closest topics as buttons instead of a guess."""
    ctx = ctx.in_lang(view.lang)
    return _with_actions(ctx, [para(ctx.t(view.message_key))], [], view.topics, view)
