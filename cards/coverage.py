"""Coverage checks as the user sees them: warnings on the review card, and a checklist beside the proposal. Each
says what is missing, quotes the routine for why, and has a button that opens the step that fixes it."""

from __future__ import annotations

from typing import Any

from cards.elements import CardContext, action_set, card, container, heading, para, submit, title
from dialogs.actions import ActionName
from dialogs.coverage import Check, CheckId
from dialogs.documents.prose import and_list, long_date


def _words(ctx: CardContext, check: Check) -> str:
    """What the check found, in the user's language."""
    key = f"check_{check.id}" + ("_ok" if check.ok else "")
    if check.id is CheckId.FEEDBACK_DATE and not check.ok and check.dates[0]:
        key = "check_feedback_date_late"
    labels = [o.label(ctx.lang) for o in check.subjects]
    methods = [m.label(ctx.lang).lower() for m in check.methods]
    return ctx.t(
        key,
        group=labels[0] if labels else "",
        aspects=and_list([label[0].lower() + label[1:] for label in labels], ctx.lang),
        methods=and_list(methods, ctx.lang),
        date=long_date(check.dates[0], ctx.lang) if check.dates else "",
        end=long_date(check.dates[1], ctx.lang) if len(check.dates) > 1 else "",
        latest=long_date(check.dates[1], ctx.lang) if len(check.dates) > 1 else "",
    )


def _fix(ctx: CardContext, check: Check, draft_id: str, version: int) -> dict[str, Any]:
    step = check.step
    return submit(
        ctx.t("btn_fix_step", step=step.title(ctx.lang)), ActionName.EDIT, draft=draft_id, step=step.id, version=version
    )


def _why(ctx: CardContext, check: Check) -> list[dict[str, Any]]:
    if check.quote is None:
        return []
    said = ctx.t("gate_routine_says", section=check.quote_from(ctx.lang)) if check.quote_from else ""
    return [para(f"{said} {check.quote(ctx.lang)}".strip(), subtle=True, size="Small", spacing="None")]


def warnings_card(ctx: CardContext, warnings: tuple[Check, ...], draft_id: str, version: int) -> dict[str, Any]:
    """Beside the review card (which says how many there are): each warning with why, and a button to the step
    that fixes it. A card of its own, so that the review stays within a Teams message at its longest."""
    body: list[dict[str, Any]] = [title(ctx.t("coverage_heading", n=len(warnings))), para(ctx.t("coverage_text"), subtle=True)]
    for check in warnings:
        fix = action_set(_fix(ctx, check, draft_id, version))
        body.append(container([para(f"⚠ {_words(ctx, check)}"), *_why(ctx, check), fix]))
    return card(body)


def checklist_block(
    ctx: CardContext, checks: tuple[Check, ...], draft_id: str, version: int, fixable: bool = True
) -> list[dict[str, Any]]:
    """Beside the proposal: every check, ✓ when it holds; one that does not has why and (unless the plan can no longer
    be changed: `fixable`) the step to fix it."""
    if not checks:
        return []
    body: list[dict[str, Any]] = [heading(ctx.t("checklist_heading"))]
    for check in checks:
        if check.ok:
            body.append(para(f"✓ {_words(ctx, check)}", spacing="Small"))
        else:
            body += [
                para(f"⚠ {_words(ctx, check)}", spacing="Small"),
                *_why(ctx, check),
                *([action_set(_fix(ctx, check, draft_id, version))] if fixable else []),
            ]
    return body
