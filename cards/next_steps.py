"""The ways on: words with buttons after a reply that would otherwise leave the user without a next step, and
the short card that offers the two or three likeliest meanings of what was typed."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, acting_on, card, para, submit
from dialogs.views import NextStep, NextStepsView


def button(ctx: CardContext, step: NextStep) -> dict[str, Any]:
    """A next step's button, in its action's words (the locale file's `action_labels`) or its own (`label`); a title (a
    draft's, a call's) follows after a colon (cards/elements.acting_on)."""
    label = ctx.t(step.label) if step.label else ctx.messages.label(step.action, ctx.lang)
    if step.title is not None:
        label = acting_on(ctx, label, step.title or ctx.t("untitled"))
    return submit(label, step.action, **step.data())


def next_steps_card(ctx: CardContext, view: NextStepsView) -> dict[str, Any]:
    body = [para(ctx.word(notice)) for notice in view.notices] or [para(ctx.t("next_steps"), subtle=True)]
    return card(body, [button(ctx, step) for step in view.steps])
