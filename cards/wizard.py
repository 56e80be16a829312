"""The wizard's cards: welcome, help, a step, the answered step, a failed gate, the review."""

from __future__ import annotations

from typing import Any

from cards.coverage import warnings_card
from cards.elements import (
    CardContext,
    action_set,
    bullets,
    card,
    container,
    error_text,
    heading,
    leaving,
    open_url,
    para,
    plain,
    pointed_to,
    section_text,
    shortened,
    submit,
    title,
)
from cards.inputs import inputs_block
from cards.methods import suggestions_block
from cards.next_steps import button
from dialogs.actions import ActionName
from dialogs.fields import display
from dialogs.methods import catalogue
from dialogs.routine import Phase, Step
from dialogs.views import (
    AnsweredView,
    GateView,
    HelpView,
    NoneLeft,
    ReviewView,
    ShownAnswer,
    StepView,
    WelcomeView,
    back_to_draft,
    step_count,
)

# How much of each answer the review card shows; the whole answer is on the step (Ändra) and the page.
REVIEW_CHARS = 120


def _intro(ctx: CardContext, step: Step) -> list[dict[str, Any]]:
    if step.intro:
        return [para(step.intro(ctx.lang), subtle=True)]
    if step.intro_section:
        section = ctx.routine.sections[step.intro_section]
        return [
            para(section_text(ctx, section), subtle=True),
            *pointed_to(ctx, section, subtle=True),
        ]
    return []


def answer_blocks(ctx: CardContext, answers: tuple[ShownAnswer, ...], limit: int | None = None) -> list[dict[str, Any]]:
    """Each answer under its field's label. With a `limit` (the review's overview) each answer is cut at that many
    characters and shares one block with its label, so that the review at its longest fits a Teams message."""
    items: list[dict[str, Any]] = []
    for a in answers:
        label, shown = f"**{plain(a.field.label(ctx.lang))}**", plain(shortened(a.shown, limit)) or ctx.t("not_answered")
        if limit is not None:
            items.append(para(f"{label}\n\n{shown}", spacing="Small"))
        else:
            items += [para(label, size="Small"), para(shown, spacing="None")]
    return items


def welcome_card(ctx: CardContext, view: WelcomeView) -> dict[str, Any]:
    ctx = ctx.in_lang(view.lang)
    described = [para(ctx.t("welcome_described", subject=plain(view.described)))] if view.described else []
    return card(
        [
            title(ctx.t("welcome_title")),
            *described,
            para(ctx.t("welcome_text", routine=ctx.routine.name(ctx.lang))),
            para(ctx.routine.organisation(ctx.lang), subtle=True, size="Small"),
        ],
        [button(ctx, step) for step in view.steps],
    )


def help_card(ctx: CardContext, view: HelpView) -> dict[str, Any]:
    """General help, or help for the step the user is on: its fields' help and the routine's text."""
    body: list[dict[str, Any]] = []
    step = view.step
    if step:
        body += [title(ctx.t("help_step_title", step=step.title(ctx.lang))), *_intro(ctx, step)]
        if step.help_section:
            section = ctx.routine.sections[step.help_section]
            body += [
                heading(section.title(ctx.lang)),
                para(section.text(ctx.lang)),
                *pointed_to(ctx, section),
                bullets([i(ctx.lang) for i in section.items]),
            ]
        for f in view.fields:
            texts = [para(f.help(ctx.lang))] if f.help else []
            if f.help_section:
                section = ctx.routine.sections[f.help_section]
                texts += [para(section_text(ctx, section)), *pointed_to(ctx, section)]
            if texts:
                body += [heading(f.label(ctx.lang)), *texts]
        if len(view.fields) > 1:  # typed in the chat, its answers fill the card (dialogs/typed_answers.py)
            body.append(para(ctx.t("help_typing")))
    else:
        body.append(title(ctx.t("welcome_title")))
    body += [para(ctx.t("help_text")), para(ctx.t("dialogguiden"), subtle=True)]
    actions = [button(ctx, step) for step in back_to_draft(view.draft_id, view.proposed)] if view.draft_id else []
    actions += [
        submit(ctx.t("btn_new"), ActionName.NEW),
        submit(ctx.t("btn_list"), ActionName.LIST),
        submit(ctx.t("btn_my_data"), ActionName.MY_DATA),
    ]
    if ctx.routine.dialogguiden_url:
        actions.append(open_url(ctx.t("btn_open_dialogguiden"), ctx.routine.dialogguiden_url))
    return card(body, actions)


def step_body(ctx: CardContext, view: StepView, progress_key: str = "progress") -> list[dict[str, Any]]:
    """A step's (or a phase's) title, where it stands, its intro, and its inputs filled in, after a refused
    submit with the errors beside them."""
    total = step_count(view.total, view.may_add)
    body: list[dict[str, Any]] = [
        title(view.step.title(ctx.lang)),
        para(
            ctx.t(progress_key, n=view.number, total=total) + (f" · {plain(view.draft_title)}" if view.draft_title else ""),
            subtle=True,
            spacing="None",
        ),
        *_intro(ctx, view.step),
        *[para(note(ctx.lang), subtle=True) for note in view.notes],
    ]
    if any(catalogue(i.field) for i in view.inputs):  # the method step: the catalogue's methods that fit the plan
        body += suggestions_block(ctx, view.suggestions)
    if view.has_errors:
        body.append(error_text(ctx.t("check_fields")))
    elif view.unsaved:
        body.append(error_text(ctx.t("typed_kept")))
    body += inputs_block(ctx, view.inputs)
    if view.none_left:
        body += none_left_block(ctx, view.none_left, view.draft_id, **leaving(view))
    return body


def none_left_block(ctx: CardContext, none_left: NoneLeft, draft_id: str, **on: Any) -> list[dict[str, Any]]:
    """A repeated step with nothing to repeat over: the routine's words for it, the answer that says so as recorded,
    what to do (save to go on, or correct that answer) and the button that opens where it was given (naming the card it
    is on: `on`)."""
    source = none_left.source.title(ctx.lang)
    recorded = tuple(ShownAnswer(f, display(f, value, ctx.lang)) for f, value in none_left.answers)
    phase = isinstance(none_left.source, Phase)
    name, key = (ActionName.PHASE_EDIT, "btn_edit_phase") if phase else (ActionName.EDIT, "btn_edit_section")
    correct = submit(ctx.t(key, phase=source, section=source), name, draft=draft_id, step=none_left.source.id, **on)
    return [
        para(none_left.text(ctx.lang)),
        *answer_blocks(ctx, recorded),
        para(ctx.t("none_left_next", step=source), subtle=True),
        action_set(correct),
    ]


def step_card(ctx: CardContext, view: StepView) -> dict[str, Any]:
    """One wizard step: its inputs filled in, and after a refused submit the errors beside them."""
    ids = {"draft": view.draft_id, "step": view.step.id, "version": view.version}
    help_button = submit(ctx.t("btn_help"), ActionName.HELP, **ids, **leaving(view))
    return card(step_body(ctx, view), [submit(ctx.t("btn_next"), ActionName.SUBMIT, **ids), help_button])


def answered_card(ctx: CardContext, view: AnsweredView) -> dict[str, Any]:
    """What a submitted step card becomes in Teams: its answers, and no buttons to press again."""
    title_text = view.step.title(ctx.lang)
    return card(
        [
            title(title_text),
            para(ctx.t("saved_step", step=title_text), subtle=True, spacing="None"),
            *answer_blocks(ctx, view.answers),
        ]
    )


def gate_card(ctx: CardContext, view: GateView) -> dict[str, Any]:
    """Not a medborgardialog (or outside the routine's scope): the routine's reason, revise or park; for an external
    initiative, first the answer it is owed in a tjänsteutlåtande."""
    gate = view.step.gate
    if gate is None:
        raise ValueError(f"step {view.step.id} has no gate")
    section = ctx.routine.sections[gate.section]
    ids = {"draft": view.draft_id, "step": view.step.id, "version": view.version}
    # An external initiative is owed an answer all the same: the tjänsteutlåtande that says no, and why.
    answer = [submit(ctx.t("btn_answer_initiative"), ActionName.ANSWER_INITIATIVE, **ids)] if view.answerable else []
    # Its header (telephone, dnr, who signs) from the same step as the proposal's, open past the gate for it.
    header = [para(ctx.t("answer_header_note", section=step.title(ctx.lang)), subtle=True) for step in view.beyond]
    return card(
        [
            title(ctx.t("gate_title")),
            para(gate.verdict(ctx.lang)),
            *(para(note(ctx.lang)) for note in view.notes),
            heading(ctx.t("gate_routine_says", section=section.title(ctx.lang))),
            para(section.text(ctx.lang), subtle=True, spacing="None"),
            *pointed_to(ctx, section, subtle=True, spacing="Small"),
            para(ctx.t("gate_choice")),
            *header,
        ],
        [
            *answer,
            *beyond_buttons(ctx, view.beyond, view.draft_id, view.version),
            submit(ctx.t("btn_revise"), ActionName.EDIT, **ids),
            submit(ctx.t("btn_park"), ActionName.PARK, **ids),
        ],
    )


def beyond_buttons(ctx: CardContext, steps: tuple[Step, ...], draft_id: str, version: int) -> list[dict[str, Any]]:
    """A button per step open past the gate (the answer's header): it opens the step, as answered so far."""
    ids = {"draft": draft_id, "version": version}
    named = [(step.id, ctx.t("btn_edit_section", section=step.title(ctx.lang))) for step in steps]
    return [submit(text, ActionName.EDIT, step=step_id, **ids) for step_id, text in named]


def review_cards(ctx: CardContext, view: ReviewView) -> list[str | dict[str, Any]]:
    """The review, and when the plan would leave someone out, the coverage warnings beside it."""
    warnings = [warnings_card(ctx, view.warnings, view.draft_id, view.version)] if view.warnings else []
    return [review_card(ctx, view), *warnings]


def review_card(ctx: CardContext, view: ReviewView) -> dict[str, Any]:
    """Every section collapsed under its heading with one button, which shows its answers (cut to an overview)
    and the button that edits it; Skapa förslag at the top as well as the bottom. After the proposal (a step
    changed since) it is a new version, and the proposal itself is one button away. Kept small: the whole draft
    at its longest answers still fits in a Teams message, and a section shows two buttons only while open."""
    ids = {"draft": view.draft_id, "step": "review", "version": view.version}
    create_key = "btn_new_version" if view.proposed else "btn_create_proposal"
    create = submit(ctx.t(create_key), ActionName.CREATE_PROPOSAL, **ids)
    body: list[dict[str, Any]] = [
        title(ctx.t("review_title")),
        heading(plain(view.title)),
        para(ctx.t("review_text"), subtle=True),
        action_set(create),
    ]
    if view.warnings:  # who the plan would leave out: the card after this one
        body.append(para(f"⚠ {ctx.t('coverage_pointer', n=len(view.warnings))}"))
    for section in view.sections:
        name = section.step.title(ctx.lang)
        # Short ids (answers, show, hide): the review at its longest stays under a Teams message's size.
        answers_id, show_id, hide_id = (f"{part}-{section.step.id}" for part in "ash")
        # "Visa …" while the answers are hidden, "Dölj …" while they are shown: each swaps itself for the other.
        toggles = [
            {
                "type": "ActionSet",
                "id": set_id,
                "isVisible": visible,
                "actions": [
                    {
                        "type": "Action.ToggleVisibility",
                        "title": ctx.t(key, section=name),
                        "targetElements": [answers_id, show_id, hide_id],
                    }
                ],
            }
            for set_id, visible, key in ((show_id, True, "btn_show_section"), (hide_id, False, "btn_hide_section"))
        ]
        edit = submit(
            ctx.t("btn_edit_section", section=name),
            ActionName.EDIT,
            draft=view.draft_id,
            step=section.step.id,
            version=view.version,
        )
        answers = {
            "type": "Container",
            "id": answers_id,
            "isVisible": False,
            "items": [*answer_blocks(ctx, section.answers, REVIEW_CHARS), action_set(edit)],
        }
        body.append(container([heading(name), answers, *toggles]))
    shown = [submit(ctx.t("btn_show_proposal"), ActionName.SHOW_PROPOSAL, draft=view.draft_id)] if view.proposed else []
    share = submit(ctx.t("btn_share"), ActionName.SHARE, draft=view.draft_id)
    return card(body, [create, *shown, share, submit(ctx.t("btn_list"), ActionName.LIST)])
