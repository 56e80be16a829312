"""Every card the bot can send, built from the real builders with realistic data, in both languages."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from cards.elements import CardContext
from cards.proposal import proposal_card
from cards.screens import (
    answer_card,
    answered_card,
    calls_card,
    choose_topic_card,
    confirm_delete_card,
    drafts_card,
    gate_card,
    help_card,
    reminder_card,
    comment_notice_card,
    link_card,
    reminders_card,
    review_card,
    share_card,
    shared_with_you_card,
    shares_card,
    step_card,
    watch_card,
    welcome_card,
)
from dialogs.calls import load_calls
from dialogs.draft import Draft
from dialogs.messages import Messages
from dialogs.proposal import build_proposal
from dialogs.questions import RoutineQuestions
from dialogs.reminders import Reminder
from dialogs.routine import Routine
from dialogs.sharing import Share
from dialogs.validation import FieldError
from dialogs.wizard import Wizard
from tests.support import ANSWERS


def _complete_draft(routine: Routine, external: bool) -> Draft:
    wizard = Wizard(routine)
    draft = Draft(id="d" * 32, owner_id="aad:anna", owner_name="Anna Andersson", routine_id=routine.id, version=12)
    for step in routine.steps:
        if step.applies(draft.answers):
            values = {**ANSWERS[step.id], **({"initiative": "external"} if external and step.id == "start" else {})}
            wizard.apply(step, draft, values, "sv")
    return draft


def _shown(wizard: Wizard, step: Any, draft: Draft, lang: str) -> list[tuple[Any, str]]:
    return [(f, wizard.display(f, v, lang)) for f, v in wizard.answered_fields(step, draft)]  # type: ignore[arg-type]


def all_cards(routine: Routine, messages: Messages) -> list[tuple[str, dict[str, Any]]]:
    cards: list[tuple[str, dict[str, Any]]] = []
    wizard = Wizard(routine)
    questions = RoutineQuestions(routine)
    calls = load_calls()
    for lang in ("sv", "en"):
        ctx = CardContext(routine, messages, lang)  # type: ignore[arg-type]
        draft = _complete_draft(routine, external=True)
        cards.append((f"welcome-{lang}", welcome_card(ctx)))
        cards.append((f"help-{lang}", help_card(ctx)))
        for step in wizard.steps(draft):
            fields = wizard.fields(step, draft)
            values = {f.id: str(draft.answers.get(f.id, "")) for f in fields}
            position = wizard.position(step, draft)
            cards.append((f"step-{step.id}-{lang}", step_card(ctx, step, fields, draft, position, values)))
            errors = {f.id: FieldError("err_required") for f in fields}
            empty = {f.id: "" for f in fields}
            cards.append((f"step-{step.id}-errors-{lang}", step_card(ctx, step, fields, draft, position, empty, errors)))
            cards.append((f"help-{step.id}-{lang}", help_card(ctx, step, fields)))
            cards.append((f"answered-{step.id}-{lang}", answered_card(ctx, step, _shown(wizard, step, draft, lang))))
            if step.gate:
                cards.append((f"gate-{step.id}-{lang}", gate_card(ctx, step, draft)))
        cards.append((f"review-{lang}", review_card(ctx, draft, [(s, _shown(wizard, s, draft, lang)) for s in wizard.steps(draft)])))
        proposal = build_proposal(wizard, draft, lang, date(2026, 11, 23))  # type: ignore[arg-type]
        cards.append((f"proposal-{lang}", proposal_card(ctx, proposal, draft.id)[0]))
        cards.append((f"drafts-{lang}", drafts_card(ctx, [(draft, "Pågår"), (_complete_draft(routine, False), "Klart")])))
        cards.append((f"drafts-empty-{lang}", drafts_card(ctx, [])))
        cards.append((f"confirm-delete-{lang}", confirm_delete_card(ctx, draft)))
        for topic in questions.topics.values():
            related = [t for t in (questions.topic(r) for r in topic.related) if t]
            cards.append((f"answer-{topic.id}-{lang}", answer_card(ctx, topic, related, None)))
        role_topics = [t for t in questions.topics.values() if t.role]
        cards.append((f"ask-role-{lang}", choose_topic_card(ctx, ctx.t("qa_ask_role"), role_topics, draft.id)))
        cards.append((f"no-match-{lang}", choose_topic_card(ctx, ctx.t("qa_no_match"), role_topics[:3], None)))
        due = datetime(2026, 11, 23, 8, tzinfo=timezone.utc)
        reminders = [
            Reminder("aad:anna", f"draft:{draft.id}:feedback_date", date(2026, 11, 24), 1, due, lang),  # type: ignore[arg-type]
            Reminder("aad:anna", "call:skl-masterclass-2015:application_deadline", date(2015, 11, 15), 7, due, lang),  # type: ignore[arg-type]
            Reminder("aad:anna", f"routine:{routine.id}:revision", date(2025, 2, 1), 0, due, lang),  # type: ignore[arg-type]
        ]
        cards.append((f"reminder-draft-{lang}", reminder_card(ctx, reminders[0], "Återkoppling", draft.title, draft.id, None, 1)))
        cards.append((f"reminder-call-{lang}", reminder_card(ctx, reminders[1], "application_deadline", calls[0].title, None, calls[0], 7)))
        cards.append((f"reminder-revision-{lang}", reminder_card(ctx, reminders[2], "revision", routine.name(lang), None, None, -660)))  # type: ignore[arg-type]
        cards.append((f"reminders-{lang}", reminders_card(ctx, [(r, "text") for r in reminders])))
        cards.append((f"reminders-empty-{lang}", reminders_card(ctx, [])))
        cards.append((f"calls-{lang}", calls_card(ctx, calls)))
        cards.append((f"watch-{lang}", watch_card(ctx, calls[0], "14, 7, 1", in_channel=False)))
        cards.append((f"watch-channel-error-{lang}", watch_card(ctx, calls[0], "snart", in_channel=True, error=ctx.t("err_offsets"))))
        share = Share(draft.id, "aad:anna", "aad:bertil", "Bertil Berg", "comment", "Hjälp med återkopplingen", due)
        link = "https://dialogstod.example.se/d/token"
        cards.append((f"share-teams-{lang}", share_card(ctx, draft, in_teams=True)))
        cards.append((f"share-other-error-{lang}", share_card(ctx, draft, in_teams=False, values={"person": ""}, error=ctx.t("err_recipient"))))
        cards.append((f"shared-with-you-{lang}", shared_with_you_card(ctx, "Anna Andersson", draft, share.ask, link, share.id, True)))
        cards.append((f"shared-with-you-read-{lang}", shared_with_you_card(ctx, "Anna Andersson", draft, share.ask, link, share.id, False)))
        cards.append((f"comment-notice-{lang}", comment_notice_card(ctx, draft, "Bertil Berg", "Bra! Lägg till affischer.")))
        cards.append((f"shares-{lang}", shares_card(ctx, draft, [(share, "gäller till 2026-12-23")], ["2026-11-23 10:00 Bertil öppnade utkastet"])))
        cards.append((f"shares-empty-{lang}", shares_card(ctx, draft, [], [])))
        cards.append((f"docx-link-{lang}", link_card(ctx, ctx.t("docx_ready"), ctx.t("btn_docx"), link + "/proposal.docx")))
    return cards
