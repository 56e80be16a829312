"""Every card the bot can send: each view type, with realistic data, in both languages, through the
same renderer the bot uses; or with `user_text` as everything a user supplies (answers, names, comments)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cards.elements import CardContext
from cards.group import someone_elses_card
from cards.render import render
from dialogs.actions import ActionName
from dialogs.calls import Call, CallStatus, load_calls
from dialogs.deadlines import days_until
from dialogs.documents.initiative_answer import build_initiative_answer
from dialogs.documents.proposal import build_proposal
from dialogs.draft import Draft, DraftStatus
from dialogs.features.calls import CALL_FORM
from dialogs.fields import FieldError, FieldKind
from dialogs.history import HistoryKind
from dialogs.language import LANGS, Lang
from dialogs.matching import RoutineQuestions
from dialogs.messages import Messages
from dialogs.phases import Phases
from dialogs.planning import CallPlan, Council, Meeting, Route
from dialogs.reminder import Reminder
from dialogs.routine import Field, Routine, Text, holding, load_routine
from dialogs.share import Access, Reviewed, Share, ShareEvent, ShareEventKind
from dialogs.views import (
    AnsweredView,
    AnswerView,
    ApplicationView,
    Approval,
    AssignFormView,
    CallFormView,
    CallLine,
    CallsView,
    CallView,
    ChooseTopicView,
    CommentNoticeView,
    ConfirmDeleteView,
    ConfirmEraseView,
    DataSummary,
    Deadline,
    DeadlineDaysView,
    DeadlineReminders,
    DeadlineSource,
    DraftLine,
    DraftListView,
    DraftState,
    GateView,
    HelpView,
    HistoryLine,
    HistoryView,
    InitiativeAnswerView,
    InputView,
    Link,
    LinkView,
    LogLine,
    MyDataView,
    NextStep,
    NextStepsView,
    Notice,
    ProposalView,
    ReminderGroup,
    RemindersView,
    ReminderView,
    ReviewDecisionView,
    ReviewFormView,
    ReviewRequestView,
    RoleGivenView,
    SharedLine,
    SharedWithYouView,
    ShareFormView,
    ShareLine,
    ShareState,
    SharesView,
    TextView,
    View,
    WatchView,
    WelcomeView,
)
from dialogs.wizard import Wizard
from tests.support import AFTER_THE_DIALOGUE, ANSWERS, PHASE_ANSWERS, TODAY, uncovered

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
DOCUMENT_LINKS = (("btn_docx", "/proposal.docx"), ("btn_pdf", "/proposal.pdf"), ("btn_page", ""))


# Realistic prose with the characters that grow when escaped (Markdown, JSON): what a long answer looks like.
PROSE = "Besökarna på Råcksta (äldre och deras anhöriga) vill ha fler aktiviteter – även kvällstid. "
# The kinds that keep any text as typed (a telephone number does not: it gets the example's).
FREE_TEXT = (FieldKind.TEXT, FieldKind.LONGTEXT, FieldKind.PARAGRAPH)


def _reviewed(access: Access) -> Reviewed | None:
    """What a share of `access` is about: the redovisning (the longer name) for a review's, none for any other."""
    return Reviewed.REPORT if access is Access.REVIEW else None


def _longest(f: Field) -> str:
    """The longest answer a field accepts, for a choice the value whose label is longest."""
    if f.kind in FREE_TEXT and f.max_length:
        return (PROSE * (f.max_length // len(PROSE) + 1))[: f.max_length]
    if f.kind is FieldKind.MULTICHOICE:
        return ",".join(o.value for o in f.options)
    if f.kind is FieldKind.CHOICE:
        return max(f.options, key=lambda o: len(o.label.sv)).value
    return ""


def longest_answers(routine: Routine) -> dict[str, dict[str, str]]:
    """ANSWERS with every text at its maximum length and every option of a multichoice chosen (a repeated
    step then has a field per option)."""
    answers = {step: dict(values) for step, values in ANSWERS.items()}
    for step in routine.steps:
        templates = {f.id: f for f in step.fields}
        for f in routine.fields_of(step, {k: v.split(",") for a in answers.values() for k, v in a.items()}):
            if longest := _longest(f if f.kind is not FieldKind.LONGTEXT or f.id in templates else templates[f.family or f.id]):
                answers.setdefault(step.id, {})[f.id] = longest
    answers["influence"]["decision_delegated"] = "yes"  # the longest level, medbestämmande, needs a delegated decision
    return answers


def complete_draft(
    routine: Routine, external: bool, user_text: str | None = None, answers: dict[str, dict[str, str]] = ANSWERS
) -> Draft:
    """A draft through every step; with `user_text` as the answer of every text field that has one."""
    wizard = Wizard(routine)
    draft = Draft(id="d" * 32, owner_id="aad:anna", owner_name="Anna Andersson", routine_id=routine.id, version=12)
    for step in routine.steps:
        if step.applies(draft.answers):
            values = {**answers[step.id], **({"initiative": "external"} if external and step.id == "start" else {})}
            if external and step.id == "resources":
                values["funding_request"] = "yes"
            if user_text is not None:
                texts = {f.id for f in step.fields if f.kind in FREE_TEXT and len(user_text) <= (f.max_length or len(user_text))}
                values = {k: user_text if k in texts and v else v for k, v in values.items()}
            assert wizard.apply(step, draft, values, "sv", TODAY) == {}, step.id
    return draft


def longest_phase_answers(routine: Routine) -> dict[str, dict[str, str]]:
    """PHASE_ANSWERS with every text at its longest, the most themes at their longest, every group reached
    by the most participants."""
    themes = [(f"Tema {i}: " + PROSE * 3)[:120] for i in range(1, 11)]
    answers = {phase: dict(values) for phase, values in PHASE_ANSWERS.items()}
    answers["held"]["themes"] = "\n".join(themes)
    seen: dict[str, Any] = {
        "initiative": "external",
        "themes": themes,
        "groups": [o.value for o in routine.option_lists["target_groups"]],
    }
    for phase in routine.phases:
        for f in routine.fields_of(phase, seen):
            if longest := _longest(f):
                answers[phase.id][f.id] = longest
            elif f.kind is FieldKind.NUMBER:
                answers[phase.id][f.id] = str(int(f.max or 0))
    return answers


def complete_life(
    routine: Routine, draft: Draft, answers: dict[str, dict[str, str]], user_text: str | None = None, until: str | None = None
) -> Draft:
    """The proposed draft through its phases (up to, not including, `until`); with `user_text` as every text."""
    wizard = Wizard(routine)
    life = replace(draft, answers=dict(draft.answers), done=list(draft.done), status=DraftStatus.PROPOSED)
    for phase in routine.phases:
        if phase.id == until:
            break
        values = dict(answers[phase.id])
        if user_text is not None:
            fields = routine.fields_of(phase, {**life.answers, **values})
            texts = {f.id for f in fields if f.kind in FREE_TEXT and len(user_text) <= (f.max_length or len(user_text))}
            values = {k: user_text if k in texts and v else v for k, v in values.items()}
        assert wizard.apply(phase, life, values, "sv", AFTER_THE_DIALOGUE) == {}, phase.id
    return life


def lifecycle_views(
    routine: Routine, lang: Lang, draft: Draft, answers: dict[str, dict[str, str]], user_text: str | None
) -> list[tuple[str, View]]:
    """Each phase's card (with errors too), the phases mid-way, closed and rejected, and the history."""
    wizard = Wizard(routine)
    phases = Phases(wizard)
    life = complete_life(routine, draft, answers, user_text)
    progress = phases.progress(life)
    views: list[tuple[str, View]] = []
    for phase in progress.phases:
        view = phases.phase_view(life, phase, progress)
        errors = tuple(InputView(i.field, "", FieldError("err_required")) for i in view.form.inputs)
        views.append((f"phase-{phase.id}", view))
        views.append((f"phase-{phase.id}-errors", replace(view, form=replace(view.form, inputs=errors))))
        views.append((f"answered-phase-{phase.id}", AnsweredView(phase, wizard.shown(phase, life, lang))))
        if view.review:  # approved by the avdelningschef: said on the card, instead of the button to send it
            approved = Approval(user_text or "Bertil Berg", datetime(2026, 11, 24, 9, 30, tzinfo=UTC))
            views.append((f"phase-{phase.id}-approved", replace(view, approved=approved)))
            own = replace(life, answers={**life.answers, "role": "avdelningschef"})  # the owner gives the proposal
            views.append((f"phase-{phase.id}-own-review", phases.phase_view(own, phase, progress)))
    # Every group the plan chose marked not reached: the participants' card has nothing to count, and says so.
    none_reached = {**answers, "held": {**answers["held"], "not_reached": ",".join(draft.answers["groups"])}}
    nobody = complete_life(routine, draft, none_reached, user_text, until="participation")
    participation = routine.phase("participation")
    assert participation is not None
    views.append(("phase-participation-none-reached", phases.phase_view(nobody, participation, phases.progress(nobody))))
    midway = complete_life(routine, draft, answers, user_text, until="evaluated")
    views.append(("phases-midway", phases.overview(midway, phases.progress(midway), lang)))
    # A phase whose role can be given, while it is still ahead: who has it, and the button to give it.
    for phase in (p for p in routine.phases if p.assign):
        before = complete_life(routine, draft, answers, user_text, until=phase.id)
        views.append((f"phase-{phase.id}-ahead", phases.phase_view(before, phase, phases.progress(before))))
    views.append(("phases-closed", phases.current_view(life, progress, lang)))
    rejected_answers = {**answers, "decided": {**answers["decided"], "decision": "rejected", "rejection_reason": PROSE}}
    rejected = complete_life(routine, draft, rejected_answers, user_text, until="informed")
    views.append(("phases-rejected", phases.current_view(rejected, phases.progress(rejected), lang)))
    # The whole life recorded, then the decision corrected to a rejection: the phases after it kept, not shown; and the
    # decision's card warning of that before it is saved.
    kept = replace(life, answers={**life.answers, "decision": "rejected", "rejection_reason": PROSE})
    hidden = phases.hidden(kept, phases.progress(kept))
    views.append(("phases-rejected-kept", phases.current_view(kept, phases.progress(kept), lang)))
    decision = routine.phase(routine.lifecycle.decision)
    assert decision is not None and hidden
    views.append(("phase-decision-hides", phases.phase_view(life, decision, progress, hides=hidden)))
    for spec in routine.lifecycle.texts:
        day = date(2027, 6, 20)
        views.append((f"text-{spec.id}", TextView(life.id, phases.letter(life, spec, "sv", day))))
        if lang != "sv":  # the rendering to read
            views.append((f"text-{spec.id}-to-read", TextView(life.id, phases.letter(life, spec, lang, day))))
    who = user_text if user_text is not None else "Anna Andersson"
    kinds = [(HistoryKind.ANSWERED, None), (HistoryKind.PROPOSED, None)]
    kinds += [(HistoryKind.PHASE_DONE, p) for p in progress.phases] + [(HistoryKind.PHASE_CORRECTED, progress.phases[1])]
    kinds.append((HistoryKind.CLOSED, progress.phases[-1]))
    lines = tuple(HistoryLine(NOW, who, kind, phase) for kind, phase in kinds)
    reviews = [(HistoryKind.REVIEW_SENT, who), (HistoryKind.REVIEW_RETURNED, who), (HistoryKind.REVIEW_APPROVED, "")]
    lines += tuple(HistoryLine(NOW, who, kind, None, note) for kind, note in reviews)
    views += [("history", HistoryView(draft.id, draft.title, lines)), ("history-empty", HistoryView(draft.id, "", ()))]
    return views


def all_views(
    routine: Routine, lang: Lang, user_text: str | None = None, answers: dict[str, dict[str, str]] = ANSWERS
) -> list[tuple[str, View]]:
    """(name, view) for every view type the bot renders, in the shapes users meet; with `user_text` as every
    text a user supplies (answers, titles, names, asks, comments)."""

    def user(text: str) -> str:
        return text if user_text is None else user_text

    views: list[tuple[str, View]] = []
    wizard = Wizard(routine)
    questions = RoutineQuestions(routine)
    calls = tuple(load_calls())
    draft = complete_draft(routine, external=True, user_text=user_text, answers=answers)
    progress = wizard.progress(draft)
    views += [("welcome", WelcomeView()), ("help", HelpView())]
    # After words that describe a dialogue: a new draft about it first (the words as typed, its suggested title).
    views.append(("welcome-described", WelcomeView(described=user("Prata med de boende om öppettiderna"))))
    own_lang = (("btn_docx_own_lang", f"/proposal.docx?lang={lang}"),) if lang != "sv" else ()
    documents = tuple(Link(key, f"http://localhost:3978/d/{'t' * 43}{tail}") for key, tail in (*DOCUMENT_LINKS, *own_lang))
    for step in progress.steps:
        fields = wizard.fields(step, draft)
        view = wizard.step_view(draft, step, progress)
        views.append((f"step-{step.id}", view))
        errors = tuple(InputView(f, "", FieldError("err_required")) for f in fields)
        views.append((f"step-{step.id}-errors", replace(view, inputs=errors)))
        views.append((f"help-{step.id}", HelpView(step, fields, draft.id)))
        views.append((f"answered-{step.id}", AnsweredView(step, wizard.shown(step, draft, lang))))
        if step.gate:
            views.append((f"gate-{step.id}", GateView(draft.id, draft.version, step)))
            notes = holding(step.gate.notes, draft.answers)  # the draft is an external initiative: owed an answer
            # its header's step, open past the gate (the routine's initiative_answer.steps)
            spec = routine.initiative_answer
            beyond = tuple(s for s in progress.steps if spec and s.id in spec.steps)
            external = GateView(draft.id, draft.version, step, notes, answerable=True, beyond=beyond)
            views.append((f"gate-{step.id}-external", external))
            answer = build_initiative_answer(routine, draft, progress.steps, step, lang, date(2026, 11, 23))
            if answer is not None:
                created = date(2026, 11, 23)
                views.append(
                    (
                        f"initiative-answer-{step.id}",
                        InitiativeAnswerView(draft.id, answer, documents, created, step.id, draft.version, beyond),
                    )
                )
    views.append(("review", wizard.current_view(draft, progress, lang)))
    proposal = build_proposal(routine, draft, progress.steps, lang, date(2026, 11, 23))
    checks = wizard.coverage.checks(draft.answers)
    steps = progress.steps
    views.append(("proposal", ProposalView(draft.id, proposal, documents, checks=checks, version=draft.version, steps=steps)))
    changed = ProposalView(draft.id, proposal, documents, 2, date(2026, 11, 23), draft.version, checks, draft.version, steps)
    views.append(("proposal-changed", changed))
    created = ProposalView(draft.id, proposal, documents, checks=checks, version=draft.version, steps=steps, created_now=True)
    views.append(("proposal-created", created))
    # A plan that would leave people out: the review's warnings and the proposal's checklist, each with its step.
    left_out = complete_draft(routine, external=True, user_text=user_text, answers=uncovered(answers))
    left_out_progress = wizard.progress(left_out)
    views.append(("review-warnings", wizard.current_view(left_out, left_out_progress, lang)))
    left_out_proposal = build_proposal(routine, left_out, left_out_progress.steps, lang, date(2026, 11, 23))
    left_out_checks = wizard.coverage.checks(left_out.answers)
    decided = ProposalView(left_out.id, left_out_proposal, documents, checks=left_out_checks, version=1, decided=True)
    views.append(("proposal-decided", decided))  # its warnings without the buttons to change the plan
    views.append(
        (
            "proposal-checklist",
            ProposalView(
                left_out.id,
                left_out_proposal,
                documents,
                checks=left_out_checks,
                version=left_out.version,
                steps=left_out_progress.steps,
            ),
        )
    )
    life_answers = PHASE_ANSWERS if answers is ANSWERS else longest_phase_answers(routine)
    views += lifecycle_views(routine, lang, draft, life_answers, user_text)
    lines = (
        DraftLine(draft.id, draft.title, DraftState.IN_PROGRESS, NOW, 3, 11),
        DraftLine("e" * 32, "", DraftState.PROPOSED, NOW),
        DraftLine("f" * 32, user("Parkerad"), DraftState.PARKED, NOW),
        DraftLine("a" * 32, user("Parkleken"), DraftState.PROPOSED, NOW, 2, 12, routine.phases[1]),
        DraftLine("b" * 32, user("Biblioteket"), DraftState.CLOSED, NOW),
        DraftLine("c" * 32, user("Caféet"), DraftState.REJECTED, NOW),
        DraftLine("9" * 32, user("Initiativet"), DraftState.ANSWERED, NOW, 3, 12),
    )
    views += [
        ("drafts", DraftListView(lines)),
        ("drafts-empty", DraftListView(())),
        (
            "drafts-shared",
            DraftListView(
                lines[:1],
                tuple(
                    SharedLine(str(i) * 32, user("Trädgården"), user("Karin Lund"), a, _reviewed(a), date(2026, 12, 8))
                    for i, a in enumerate(Access)
                ),
            ),
        ),
        (
            "drafts-only-shared",
            DraftListView((), (SharedLine("1" * 32, "", user("Karin Lund"), Access.COMMENT, None, date(2026, 12, 8)),)),
        ),
        ("confirm-delete", ConfirmDeleteView(draft.id, draft.title)),
    ]
    for topic in questions.topics.values():
        related = tuple(t for t in (questions.topic(r) for r in topic.related) if t)
        views.append((f"answer-{topic.id}", AnswerView(lang, topic, related, None)))
    role_topics = tuple(t for t in questions.topics.values() if t.role)
    views.append(("ask-role", ChooseTopicView(lang, "qa_ask_role", role_topics, draft.id)))
    views.append(("ask-role-proposed", ChooseTopicView(lang, "qa_ask_role", role_topics, draft.id, proposed=True)))
    views.append(("no-match", ChooseTopicView(lang, "qa_no_match", role_topics[:3], None)))
    due = datetime(2026, 11, 23, 8, tzinfo=UTC)
    deadlines = {
        "draft": Deadline(
            DeadlineSource.DRAFT, date(2026, 11, 24), "Återkoppling", draft.title, 1, draft_id=draft.id, field_id="feedback_date"
        ),
        "call": Deadline(DeadlineSource.CALL, date(2015, 11, 15), "application_deadline", calls[0].title, 7, call=calls[0]),
        "revision": Deadline(
            DeadlineSource.ROUTINE, date(2025, 2, 1), "revision", routine.name(lang), days_until(date(2025, 2, 1), NOW)
        ),
    }
    for kind, deadline in deadlines.items():
        reminder = Reminder("aad:anna", f"{kind}:x:y", deadline.day, 1, due, lang)
        views.append((f"reminder-{kind}", ReminderView(reminder, deadline)))
    lines = {
        kind: DeadlineReminders(d, "r" * 32, (due, due + timedelta(days=7)), kind == "revision") for kind, d in deadlines.items()
    }
    groups = tuple(ReminderGroup(d.deadline.about, (d,)) for d in lines.values())
    views.append(("reminders", RemindersView(groups, more="40+")))
    views.append(("reminders-empty", RemindersView(())))
    views += calls_views(calls, user)
    views.append(("watch", WatchView(calls[0], "14, 7, 1", in_channel=False)))
    views.append(("watch-channel-error", WatchView(calls[0], "snart", in_channel=True, error=True)))
    views.append(("deadline-days", DeadlineDaysView(draft.id, "feedback_date", "Återkoppling", draft.title, "14, 7, 1")))
    views.append(("deadline-days-error", DeadlineDaysView(draft.id, "feedback_date", "Återkoppling", "", "400", error=True)))
    share = Share(draft.id, "aad:anna", "aad:bertil", user("Bertil Berg"), Access.COMMENT, user("Hjälp med återkopplingen"), due)
    link = "https://dialogstod.example.se/d/token"
    days = (1, 7, 30)
    views.append(("share-teams", ShareFormView(draft.id, draft.title, True, days, 30)))
    views.append(("share-other-error", ShareFormView(draft.id, draft.title, False, days, 7, error=Notice("err_recipient"))))
    limited = Notice("limit_shares_minute", {"most": 10})
    views.append(("share-limited", ShareFormView(draft.id, draft.title, False, days, 1, "x", Access.READ, "Hjälp", limited)))
    until = date(2026, 12, 23)
    owner = user("Anna Andersson")
    views.append(("shared-with-you", SharedWithYouView(owner, draft.id, draft.title, share.ask, link, share.id, True, until)))
    views.append(
        ("shared-with-you-read", SharedWithYouView(owner, draft.id, draft.title, share.ask, link, share.id, False, until))
    )
    notice = CommentNoticeView(draft.id, draft.title, user("Bertil Berg"), user("Bra! Lägg till affischer."))
    views.append(("comment-notice", notice))
    event = ShareEvent(share.id, draft.id, ShareEventKind.COMMENT, user("Bertil Berg"), due, user("Bra!"))
    share_line = ShareLine(share.id, share.recipient_name, share.access, None, ShareState.ACTIVE, date(2026, 12, 23))
    log = (LogLine(event.kind, event.at, event.who, event.text or "", None),)
    views.append(("shares", SharesView(draft.id, draft.title, (share_line,), log)))
    views.append(("shares-empty", SharesView(draft.id, draft.title, (), ())))
    views.append(("docx-link", LinkView("docx_ready", (Link("btn_docx_sv", link + "/proposal.docx"),))))
    views.append(
        (
            "docx-links-two-languages",
            LinkView(
                "docx_ready",
                (Link("btn_docx_sv", link + "/proposal.docx"), Link("btn_docx_own_lang", link + "/proposal.docx?lang=en")),
            ),
        )
    )
    views.append(("pdf-link", LinkView("pdf_ready", (Link("btn_pdf", link + "/proposal.pdf"),))))
    views.append(("page-link", LinkView("page_ready", (Link("btn_open_page", link),))))
    informed, fed_back = routine.phase("informed"), routine.phase("fed_back")
    assert informed is not None and fed_back is not None
    views.append(("assign-form", AssignFormView(draft.id, draft.title, informed, (informed, fed_back), True)))
    refused = Notice("err_assign_self")
    assign_error = AssignFormView(
        draft.id, draft.title, informed, (informed, fed_back), False, user("Bertil"), user("Anna"), refused
    )
    views.append(("assign-form-error", assign_error))
    phases_told = Text(sv="Information till målgrupperna, Återkoppling till deltagarna", en="Information, Feedback")
    told = Notice("assigned_you", {"owner": owner, "role": "Kommunikatör", "title": user(draft.title), "phases": phases_told})
    views.append(("role-given", RoleGivenView(draft.id, told, link, until)))
    views.append(("review-form", ReviewFormView(draft.id, draft.title, True)))
    refused = Notice("err_review_self")
    views.append(("review-form-error", ReviewFormView(draft.id, draft.title, False, user("Anna"), user("Titta"), refused)))
    views.append(
        ("review-request", ReviewRequestView(owner, draft.id, draft.title, user("Kan du granska?"), link, share.id, until))
    )
    needed = Notice("review_comment_needed")
    again = ReviewRequestView(owner, draft.id, draft.title, user("Kan du granska?"), link, share.id, until, user(" "), needed)
    views.append(("review-request-error", again))
    views.append(
        ("review-returned", ReviewDecisionView(draft.id, draft.title, user("Bertil Berg"), False, user("Ändra tidplanen.")))
    )
    views.append(("review-approved", ReviewDecisionView(draft.id, draft.title, user("Bertil Berg"), True, "")))
    # The redovisning's review: the same cards in its own words (lifecycle.reviews' `report`).
    report_review = Reviewed.REPORT
    views.append(("review-form-report", ReviewFormView(draft.id, draft.title, True, reviewed=report_review)))
    asked = user("Kan du granska?")
    report_request = ReviewRequestView(owner, draft.id, draft.title, asked, link, share.id, until, reviewed=report_review)
    views.append(("review-request-report", report_request))
    returned = ReviewDecisionView(draft.id, draft.title, user("Bertil Berg"), False, user("Ändra kostnaden."), report_review)
    views.append(("review-returned-report", returned))
    report = (Link("btn_docx_sv", link + "/redovisning.docx"), Link("btn_pdf", link + "/redovisning.pdf"))
    views.append(
        ("report-links", LinkView("report_ready", (*report, Link("btn_docx_own_lang", link + "/redovisning.docx?lang=en"))))
    )
    report_not_yet = Notice("report_not_yet", {"title": user(draft.title)})
    views.append(("report-not-yet", NextStepsView((report_not_yet,), (NextStep(ActionName.NEXT_STEP, draft.id),))))
    summary = DataSummary(drafts=3, shares_given=2, shares_received=1, comments=4, reminders=12, watches=1, conversations=2)
    views.append(("my-data", MyDataView(summary)))
    views.append(("my-data-empty", MyDataView(DataSummary(0, 0, 0, 0, 0, 0, 0))))
    views.append(("confirm-erase", ConfirmEraseView(summary)))
    views.append(("my-data-link", LinkView("my_data_ready", (Link("btn_my_data_download", link + "/mina-data.json"),))))
    views += next_steps_views(draft, calls[0].id, user)
    return views


def next_steps_views(draft: Draft, call_id: str, user: Any) -> list[tuple[str, View]]:
    """The ways on after words alone, and the choices offered when what was typed could mean several things."""
    resume, listing = NextStep(ActionName.RESUME, draft.id), NextStep(ActionName.LIST)
    cancelled = Notice("cancelled", {"title": user(draft.title)})
    other = NextStep(ActionName.RESUME, "e" * 32, title=user("Parkleken i Hässelby"))
    answer = NextStep(
        ActionName.SUBMIT, draft.id, step_id="evaluation", version=draft.version, answer=("evaluation_method", user("Vi visar"))
    )
    requests = (NextStep(ActionName.DOWNLOAD_DOCX, draft.id), NextStep(ActionName.DOWNLOAD_PDF, draft.id))
    return [
        ("ways-on", NextStepsView((), (resume, listing, NextStep(ActionName.HELP)))),
        ("ways-on-new", NextStepsView((), (NextStep(ActionName.NEW), listing, NextStep(ActionName.HELP)))),
        ("left-draft", NextStepsView((cancelled,), (resume, listing, NextStep(ActionName.NEW)))),
        ("no-proposal-yet", NextStepsView((Notice("proposal_not_yet", {"title": user(draft.title)}),), (resume,))),
        ("which-request", NextStepsView((Notice("which_request"),), requests)),
        (
            "which-draft",
            NextStepsView((Notice("which_draft"),), (NextStep(ActionName.RESUME, draft.id, title=user(draft.title)), other)),
        ),
        (
            "which-call",
            NextStepsView((Notice("which_call"),), (NextStep(ActionName.WATCH, call_id=call_id, title="Masterclass"),)),
        ),
        ("answer-or-request", NextStepsView((Notice("answer_or_request", {"step": "Utvärdering"}),), (answer, requests[0]))),
    ]


def all_cards(
    routine: Routine, messages: Messages, user_text: str | None = None, answers: dict[str, dict[str, str]] = ANSWERS
) -> list[tuple[str, dict[str, Any]]]:
    """Every card of every view in both languages (a view that renders to text adds no card)."""
    cards: list[tuple[str, dict[str, Any]]] = []
    for lang in LANGS:
        ctx = CardContext(routine, messages, lang)
        for name, view in all_views(routine, lang, user_text, answers):
            made = [m for m in render(ctx, view) if isinstance(m, dict)]  # a second card is named "-2"
            cards += [(f"{name}-{lang}" + (f"-{n}" if n > 1 else ""), m) for n, m in enumerate(made, 1)]
        # Not a view's card: what the others in a Teams group chat see of someone's draft (bot/universal.py).
        cards.append((f"group-note-{lang}", someone_elses_card(ctx, user_text or "Anna Andersson")))
    return cards


def calls_views(calls: tuple[Call, ...], user: Callable[[str], str]) -> list[tuple[str, View]]:
    """The calendar (open, closing soon, watched, closed) and one call along every route of the plan back."""
    added = replace(calls[1], id="own", title=user("Eget nätverk"), organiser=user("SKR"), costs=user("Inga"))
    lines = (
        CallLine(added, CallStatus.OPEN),
        CallLine(calls[0], CallStatus.CLOSING_SOON, watched=True),
        CallLine(calls[1], CallStatus.CLOSED),
        CallLine(calls[2], CallStatus.CLOSED, watched=True),
    )
    meeting = Meeting(date(2027, 2, 18), date(2027, 1, 28), (Council(user("Pensionärsrådet"), date(2027, 2, 8)),))
    namnd, source = user("Hässelby-Vällingby stadsdelsnämnd"), user("beslut 2026-10-22")
    plans = {
        "in-time": CallPlan(Route.IN_TIME, date(2027, 3, 1), namnd, source, meeting),
        "preliminary": CallPlan(Route.PRELIMINARY, date(2027, 1, 20), namnd, source, meeting),
        "preliminary-no-meeting": CallPlan(Route.PRELIMINARY, date(2027, 1, 20), namnd, source),
        "city": CallPlan(Route.CITY, date(2027, 3, 1), namnd, source),
        "not-filled-in": CallPlan(Route.NO_PLAN, date(2027, 3, 1), namnd, source),
        "no-cut-off": CallPlan(Route.NO_CUT_OFF, None, namnd, source),
        "closed": CallPlan(Route.CLOSED, date(2015, 11, 15), namnd, source),
    }
    views: list[tuple[str, View]] = [("calls", CallsView(lines)), ("calls-empty", CallsView(()))]
    views += [(f"call-{route}", CallView(lines[i % len(lines)], plan)) for i, (route, plan) in enumerate(plans.items())]
    return views + application_views(added, user)


def application_views(call: Call, user: Callable[[str], str]) -> list[tuple[str, View]]:
    """The application card: new, refused with every error, saved within a page, saved over it."""
    fields = load_routine().application.step.fields  # type: ignore[union-attr]
    typed = {f.id: user(("Vi vill, då. " * 200)[: f.max_length or 20]) for f in fields}  # every field full
    fresh = tuple(InputView(f, "") for f in fields)
    refused = tuple(InputView(f, "", FieldError("err_required")) for f in fields)
    saved = tuple(InputView(f, typed[f.id]) for f in fields)
    over = (InputView(fields[0], typed[fields[0].id], FieldError("err_motivation_pages", {"pages": 3, "most": 1})), *saved[1:])
    form = CALL_FORM.fields
    refused_form = tuple(InputView(f, user("x" * (f.max_length or 10)), FieldError("err_call_link")) for f in form)
    return [
        ("call-form", CallFormView(CALL_FORM, tuple(InputView(f, "") for f in form))),
        ("call-form-errors", CallFormView(CALL_FORM, refused_form)),
        ("application", ApplicationView(call, fresh)),
        ("application-errors", ApplicationView(call, refused)),
        ("application-saved", ApplicationView(call, saved, pages=1)),
        ("application-over", ApplicationView(call, over, pages=3)),
    ]
