"""After the proposal: a phase's card, the dialogue's phases (or its closed file), and its history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cards.elements import (
    CardContext,
    action_set,
    card,
    container,
    error_text,
    heading,
    leaving,
    local_time,
    open_url,
    para,
    plain,
    submit,
    title,
)
from cards.sharing import person_input
from cards.texts import text_buttons
from cards.wizard import step_body
from dialogs.actions import ActionName
from dialogs.history import HistoryKind
from dialogs.links import with_lang
from dialogs.routine import Phase, ReviewSpec
from dialogs.views import AssignFormView, HistoryLine, HistoryView, PhasesView, PhaseView, RoleGivenView

REVIEW_KINDS = frozenset({HistoryKind.REVIEW_SENT, HistoryKind.REVIEW_APPROVED, HistoryKind.REVIEW_RETURNED})
COMMENT_SHOWN = 200  # characters of a reviewer's comment in the chat's history (the page shows it whole)


def roles_line(ctx: CardContext, phase: Phase) -> str:
    """'Ansvar enligt rutinen: Enhetschef, Avdelningschef'."""
    names = [role.name(ctx.lang) for r in phase.roles if (role := ctx.routine.role(r))]
    return ctx.t("phase_roles", roles=", ".join(names))


def report_offer(ctx: CardContext, draft_id: str, **on: Any) -> list[dict[str, Any]]:
    """The redovisning for the nämnd, to download (Word and PDF); on a phase's card, its button naming it (`on`)."""
    button = submit(ctx.t("btn_report"), ActionName.REPORT, draft=draft_id, **on)
    return [heading(ctx.t("report_heading")), action_set(button)]


def _role_name(ctx: CardContext, role_id: str) -> str:
    role = ctx.routine.role(role_id)
    return role.name(ctx.lang) if role else role_id


def assign_offer(ctx: CardContext, view: PhaseView, **on: Any) -> list[dict[str, Any]]:
    """Who has the phase's role (the kommunikatör), and the button to give it to someone (naming the card it is on)."""
    role = _role_name(ctx, view.phase.assign or "")
    who = ctx.t("assigned_to", role=role, name=plain(view.assignee)) if view.assignee else ctx.t("assigned_none", role=role)
    button = submit(ctx.t("btn_assign", role=role), ActionName.ASSIGN, draft=view.form.draft_id, step=view.phase.id, **on)
    return [heading(ctx.t("assign_heading")), para(who, subtle=True), action_set(button)]


def assign_card(ctx: CardContext, view: AssignFormView) -> dict[str, Any]:
    """Choose the person who gets the role of these phases, and their reminders."""
    role = _role_name(ctx, view.phase.assign or "")
    phases = ", ".join(p.title(ctx.lang) for p in view.phases)
    body: list[dict[str, Any]] = [
        title(ctx.t("assign_title", role=role, title=plain(view.title or ctx.t("untitled")))),
        para(ctx.t("assign_intro", role=role, phases=phases), subtle=True),
    ]
    if view.current:
        body.append(para(ctx.t("assigned_to", role=role, name=plain(view.current))))
    body += person_input(ctx, view.people_picker, view.person, view.error, "assign_person", "assign_person_text")
    actions = [
        submit(ctx.t("btn_assign_save"), ActionName.ASSIGN_SAVE, draft=view.draft_id, step=view.phase.id),
        submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=view.draft_id),
    ]
    return card(body, actions)


def role_given_card(ctx: CardContext, view: RoleGivenView) -> dict[str, Any]:
    """What the person given a role gets: who gave it in which dialogue and whose reminders are now theirs, and the
    ways on: the dialogue's page (their own link, in the language of their chat), their reminders, the help (which
    answers what the role asks of them)."""
    body = [
        para(ctx.word(view.told)),
        para(ctx.t("shared_link_note", date=view.expires_on.isoformat()), subtle=True, size="Small"),
    ]
    actions = [
        open_url(ctx.t("btn_open_link"), with_lang(view.link, ctx.lang)),
        submit(ctx.t("btn_reminders"), ActionName.REMINDERS),
        submit(ctx.t("btn_help"), ActionName.HELP),
    ]
    return card(body, actions)


def review_offer(ctx: CardContext, view: PhaseView, review: ReviewSpec, **on: Any) -> list[dict[str, Any]]:
    """The avdelningschef's review on its phase, when not yet approved: the button to send the document (naming the card
    it is on)."""
    button = submit(ctx.t("btn_review"), ActionName.REVIEW, draft=view.form.draft_id, reviewed=review.document.value, **on)
    return [heading(ctx.t("review_heading")), para(ctx.t(review.key("review_offer")), subtle=True), action_set(button)]


def phase_card(ctx: CardContext, view: PhaseView) -> dict[str, Any]:
    """One phase: whose it is under the routine, its inputs (as a step's), the texts the bot can write in it,
    Spara; the phases and the history."""
    form = view.form
    on = leaving(form)
    body = step_body(ctx, form, "phase_progress")
    body.insert(2, para(roles_line(ctx, view.phase), subtle=True, size="Small", spacing="None"))
    if view.texts:
        body += [heading(ctx.t("texts_heading")), action_set(*text_buttons(ctx, form.draft_id, view.texts, **on))]
    if view.report:
        body += report_offer(ctx, form.draft_id, **on)
    if view.assignee is not None and view.phase.assign:
        body += assign_offer(ctx, view, **on)
    if view.hides:  # first: the save is to be confirmed (the answers typed end the dialogue)
        names = ", ".join(p.title(ctx.lang) for p in view.hides)
        body.insert(3, error_text(ctx.t("phase_hides", phase=view.phase.title(ctx.lang), phases=names)))
    if view.approved and view.review:  # first, under whose phase it is: what the next step is no longer waiting for
        who, at = plain(view.approved.who), local_time(view.approved.at)
        body.insert(3, para(ctx.t(view.review.key("review_approved_by"), who=who, at=at)))
    elif view.own_review:
        body += [heading(ctx.t("review_heading")), para(ctx.word(view.own_review), subtle=True)]
    elif view.review:
        body += review_offer(ctx, view, view.review, **on)
    ids = {"draft": form.draft_id, "step": form.step.id, "version": form.version}
    save = submit(ctx.t("btn_save_phase_anyway"), ActionName.PHASE_SAVE, **ids, confirmed=True) if view.hides else None
    actions = [
        save or submit(ctx.t("btn_save_phase"), ActionName.PHASE_SAVE, **ids),
        submit(ctx.t("btn_phases"), ActionName.PHASES, draft=form.draft_id, **on),
        submit(ctx.t("btn_history"), ActionName.HISTORY, draft=form.draft_id, **on),
        submit(ctx.t("btn_list"), ActionName.LIST, draft=form.draft_id, **on),  # the draft: the card's
    ]
    return card(body, actions)


def standing(ctx: CardContext, view: PhasesView) -> str:
    """Where the dialogue stands after the proposal, in words: the phase it is in and what it asks next, or why the
    file is closed (the verdict of the phase that ended it, else the routine's closing words)."""
    if view.current is not None:
        return ctx.t("phases_now", phase=view.current.title(ctx.lang), next=view.current.next(ctx.lang))
    ending = view.ended.ends if view.ended else None
    return ending.verdict(ctx.lang) if ending else ctx.routine.lifecycle.closed(ctx.lang)


def phases_card(ctx: CardContext, view: PhasesView) -> dict[str, Any]:
    """Where the dialogue stands (or why it is closed), then each recorded phase with a button that opens it
    again to read or correct. The answers themselves are on the phase's card and the page: thirty answers of
    a ledger of ten themes would not fit a Teams message beside the rest."""
    body: list[dict[str, Any]] = [title(ctx.t("phases_title")), heading(plain(view.title or ctx.t("untitled")))]
    if view.current is not None:
        body.append(para(standing(ctx, view)))
    else:
        body += [heading(ctx.t("phases_closed_title")), para(standing(ctx, view))]
        if view.reason:
            body += [para(f"**{ctx.t('phases_reason')}**", size="Small"), para(plain(view.reason), spacing="None")]
        if view.kept and view.ended:
            names = ", ".join(p.title(ctx.lang) for p in view.kept)
            body.append(para(ctx.t("phases_kept", phases=names, phase=view.ended.title(ctx.lang)), subtle=True))
    if view.texts:
        body += [heading(ctx.t("texts_heading")), action_set(*text_buttons(ctx, view.draft_id, view.texts))]
    if view.report:
        body += report_offer(ctx, view.draft_id)
    if not view.sections:
        body.append(para(ctx.t("phases_none_yet"), subtle=True))
    for section in view.sections:
        name = section.step.title(ctx.lang)
        edit = submit(ctx.t("btn_edit_phase", phase=name), ActionName.PHASE_EDIT, draft=view.draft_id, step=section.step.id)
        body.append(container([heading(name), action_set(edit)]))
    actions = [submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=view.draft_id)] if view.current else []
    actions += [
        submit(ctx.t("btn_history"), ActionName.HISTORY, draft=view.draft_id),
        submit(ctx.t("btn_show_proposal"), ActionName.SHOW_PROPOSAL, draft=view.draft_id),
        submit(ctx.t("btn_page"), ActionName.OPEN_PAGE, draft=view.draft_id),
        submit(ctx.t("btn_list"), ActionName.LIST),
    ]
    return card(body, actions)


def _shortened(text: str, most: int | None) -> str:
    return text if most is None or len(text) <= most else text[:most].rstrip() + "…"


def _what(ctx: CardContext, line: HistoryLine, escape: Callable[[str], str], comment_chars: int | None) -> str:
    phase = line.phase.title(ctx.lang) if line.phase else ""
    if line.kind == HistoryKind.PROPOSED and line.number is not None:  # Förslag 2 (every proposal has one: migration 0011)
        return ctx.t("history_proposed_number", number=line.number)
    kind = f"history_{line.kind}"
    if line.kind in REVIEW_KINDS and line.phase and (review := ctx.routine.lifecycle.review_on(line.phase.id)):
        kind = review.key(kind)  # a review of another document than the proposal: its entries name its phase
    what = ctx.t(kind, phase=phase, name=escape(line.note))
    if line.note and line.kind in (HistoryKind.REVIEW_APPROVED, HistoryKind.REVIEW_RETURNED):
        return ctx.t("history_with_comment", what=what, comment=escape(_shortened(line.note, comment_chars)))
    return what


def history_lines(
    ctx: CardContext,
    lines: tuple[HistoryLine, ...],
    escape: Callable[[str], str] = plain,
    comment_chars: int | None = COMMENT_SHOWN,
) -> list[str]:
    """Each entry as 'när · vem: vad' (Stockholm time); `escape` for what people typed (names, comments). A
    reviewer's comment is shortened to `comment_chars` (None: whole, as on the page), so that forty entries
    stay within a Teams card."""
    return [
        ctx.t(
            "history_line",
            when=local_time(line.at),
            who=escape(line.who),
            what=_what(ctx, line, escape, comment_chars),
        )
        for line in lines
    ]


def history_card(ctx: CardContext, view: HistoryView) -> dict[str, Any]:
    body: list[dict[str, Any]] = [title(ctx.t("history_title")), heading(plain(view.title or ctx.t("untitled")))]
    body += [para(text, spacing="Small") for text in history_lines(ctx, view.lines)] or [
        para(ctx.t("history_empty"), subtle=True)
    ]
    actions = [
        submit(ctx.t("btn_next_step"), ActionName.NEXT_STEP, draft=view.draft_id),
        submit(ctx.t("btn_phases"), ActionName.PHASES, draft=view.draft_id),
        submit(ctx.t("btn_list"), ActionName.LIST),
    ]
    return card(body, actions)
