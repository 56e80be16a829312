"""The method step's suggestions: the catalogue's methods that fit the plan, each with why it fits and what it
takes (channel, group size, time, cost, source)."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, heading, para
from dialogs.methods import Reason, Suggestion
from dialogs.routine import Level


def _reason(ctx: CardContext, reason: Reason) -> str:
    option = reason.option
    value = option.name(ctx.lang) if isinstance(option, Level) else option.label(ctx.lang) if option else ""
    return ctx.t(f"fit_{reason.fit}", value=value)


def _suggestion(ctx: CardContext, suggestion: Suggestion) -> list[dict[str, Any]]:
    m = suggestion.method
    facts = ctx.t(
        "method_facts",
        channel=ctx.t(f"channel_{m.channel}"),
        size=m.group_size(ctx.lang),
        time=ctx.t(f"coarse_{m.time}"),
        cost=ctx.t(f"coarse_{m.cost}"),
        source=m.source(ctx.lang),
    )
    why = ctx.t("method_why", reasons=", ".join(_reason(ctx, r) for r in suggestion.reasons))
    return [
        para(f"**{m.label(ctx.lang)}** – {m.description(ctx.lang)}", spacing="Small"),
        para(why, size="Small", spacing="None"),
        para(facts, subtle=True, size="Small", spacing="None"),
    ]


def suggestions_block(ctx: CardContext, suggestions: tuple[Suggestion, ...]) -> list[dict[str, Any]]:
    """The suggestions above the method step's inputs: each method, why it fits, and what it takes."""
    if not suggestions:
        return [heading(ctx.t("methods_suggested")), para(ctx.t("methods_none"), subtle=True)]
    body = [heading(ctx.t("methods_suggested")), para(ctx.t("methods_suggested_text"), subtle=True, spacing="None")]
    for suggestion in suggestions:
        body += _suggestion(ctx, suggestion)
    return body
