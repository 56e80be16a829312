"""'Mina utkast' and the confirmation before a draft is deleted."""

from __future__ import annotations

from typing import Any

from cards.elements import (
    TITLE_CHARS,
    CardContext,
    acting_on,
    action_set,
    card,
    container,
    heading,
    local_time,
    para,
    plain,
    shortened,
    submit,
    title,
)
from cards.sharing import access_name
from dialogs.actions import ActionName
from dialogs.views import ConfirmDeleteView, DraftLine, DraftListView, DraftState, SharedLine


def _status(ctx: CardContext, line: DraftLine) -> str:
    if line.state == DraftState.IN_PROGRESS:
        return ctx.t("status_in_progress", n=line.number, total=line.total)
    if line.state == DraftState.PROPOSED and line.phase:
        phase = ctx.t(
            "status_phase", n=line.number, total=line.total, phase=line.phase.title(ctx.lang), next=line.phase.next(ctx.lang)
        )
        return f"{ctx.t('status_proposed')} · {phase}"
    return ctx.t(f"status_{line.state}")


def drafts_card(ctx: CardContext, view: DraftListView) -> dict[str, Any]:
    """Each draft with its status and last change, and what can be done with it."""
    body: list[dict[str, Any]] = [title(ctx.t("list_title"))]
    if not view.drafts:
        body.append(para(ctx.t("list_none_own" if view.shared else "list_empty")))
    for line in view.drafts:
        when = local_time(line.updated_at)
        after_proposal = line.state in (DraftState.PROPOSED, DraftState.CLOSED, DraftState.REJECTED)
        name = line.title or ctx.t("untitled")
        keys = [("btn_next_step" if line.state == DraftState.PROPOSED else "btn_resume", ActionName.RESUME)]
        if after_proposal:
            keys += [("btn_show_proposal", ActionName.SHOW_PROPOSAL), ("btn_history", ActionName.HISTORY)]
        if line.state == DraftState.ANSWERED:  # the answer to its external initiative, as a proposal is shown
            keys += [("btn_show_answer", ActionName.SHOW_PROPOSAL), ("btn_history", ActionName.HISTORY)]
        keys += [("btn_shares", ActionName.SHARES), ("btn_delete", ActionName.DELETE)]
        buttons = [submit(acting_on(ctx, ctx.t(key), name), action, draft=line.draft_id) for key, action in keys]
        body.append(
            container(
                [
                    heading(plain(name)),
                    para(f"{_status(ctx, line)} · {ctx.t('last_changed', when=when)}", subtle=True, size="Small", spacing="None"),
                    action_set(*buttons),
                ]
            )
        )
    body += _shared(ctx, view.shared)
    return card(body, [submit(ctx.t("btn_new"), ActionName.NEW)])


def _shared(ctx: CardContext, lines: tuple[SharedLine, ...]) -> list[dict[str, Any]]:
    """The drafts shared with the user: whose, with what access, until when, and the way to open each."""
    if not lines:
        return []
    blocks = [heading(ctx.t("list_shared_heading"))]
    for line in lines:
        name, access = line.title or ctx.t("untitled"), access_name(ctx, line.access, line.reviewed)
        said = ctx.t("list_shared_line", owner=plain(line.owner_name), access=access, date=line.expires_on)
        # Whose and with what access on the button too: two colleagues may share drafts of the same name.
        label = ctx.t(
            "btn_on_shared",
            button=ctx.t("btn_shared_open"),
            target=shortened(name, TITLE_CHARS),
            owner=shortened(line.owner_name, TITLE_CHARS),
            access=access.lower(),
        )
        button = submit(label, ActionName.SHARED_OPEN, share=line.share_id)
        blocks.append(
            container([heading(plain(name)), para(said, subtle=True, size="Small", spacing="None"), action_set(button)])
        )
    return blocks


def confirm_delete_card(ctx: CardContext, view: ConfirmDeleteView) -> dict[str, Any]:
    return card(
        [para(ctx.t("delete_confirm", title=plain(view.title or ctx.t("untitled"))))],
        [
            submit(ctx.t("btn_delete_confirm"), ActionName.DELETE_CONFIRM, draft=view.draft_id),
            submit(ctx.t("btn_keep"), ActionName.DELETE_CANCEL, draft=view.draft_id),
        ],
    )
