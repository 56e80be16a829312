"""The use cases alone, over in-memory repositories: fast, and each asserting what the user would see."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from dialogs.actor import Actor
from dialogs.calls import Call
from dialogs.views import (
    GateView,
    NextStepsView,
    Notice,
    ProposalView,
    ReviewFormView,
    ReviewRequestView,
    ReviewView,
    SharedWithYouView,
    StepView,
)
from tests.support import ANSWERS, INTERNAL_STEPS, memory_conversation

ANNA = Actor("aad:anna", "Anna Andersson", "sv", "conv-1")
BERTIL = Actor("aad:bertil", "Bertil Berg", "sv", "conv-2")


def _said(reply) -> list[Notice]:  # type: ignore[no-untyped-def]
    """The words of a reply, whether shown alone or with the ways on."""
    return [n for v in reply.views for n in (v.notices if isinstance(v, NextStepsView) else (v,)) if isinstance(n, Notice)]


def _step(reply) -> StepView:  # type: ignore[no-untyped-def]
    view = reply.views[-1]
    assert isinstance(view, StepView), view
    return view


async def _submit(conversation, actor: Actor, view: StepView, **overrides: str):  # type: ignore[no-untyped-def]
    value = {"action": "submit", "draft": view.draft_id, "step": view.step.id, "version": view.version}
    return await conversation.on_card(actor, {**value, **ANSWERS[view.step.id], **overrides})


async def _complete(conversation, actor: Actor = ANNA):  # type: ignore[no-untyped-def]
    answer = await conversation.on_card(actor, {"action": "new"})
    for _ in INTERNAL_STEPS:
        answer = await _submit(conversation, actor, _step(answer))
    return answer


async def test_a_refused_step_keeps_what_was_typed_and_saves_nothing(routine, messages) -> None:
    conversation, database, _ = memory_conversation(routine, messages)
    first = _step(await conversation.on_card(ANNA, {"action": "new"}))
    refused = _step(await _submit(conversation, ANNA, first, title="", role="chef"))
    assert {i.field.id: i.error.key for i in refused.inputs if i.error} == {"title": "err_required", "role": "err_not_an_option"}
    assert {i.field.id: i.value for i in refused.inputs}["role"] == "chef"
    assert [d.version for d in database.tables.drafts.values()] == [0]


async def test_a_stale_card_changes_nothing_and_shows_where_the_draft_stands(routine, messages) -> None:
    conversation, database, _ = memory_conversation(routine, messages)
    first = _step(await conversation.on_card(ANNA, {"action": "new"}))
    await _submit(conversation, ANNA, first)
    again = await _submit(conversation, ANNA, first, title="Ändrad")
    assert again.views[0] == Notice("stale_card")
    assert _step(again).step.id == "scope"
    assert [d.answers["title"] for d in database.tables.drafts.values()] == [ANSWERS["start"]["title"]]


async def test_someone_elses_draft_is_not_found_whatever_the_action(routine, messages) -> None:
    conversation, database, _ = memory_conversation(routine, messages)
    first = _step(await conversation.on_card(ANNA, {"action": "new"}))
    for name in ("resume", "park", "delete_confirm", "share", "shares", "download_docx", "show_proposal"):
        assert _said(await conversation.on_card(BERTIL, {"action": name, "draft": first.draft_id})) == [Notice("draft_not_found")]
    assert _said(await _submit(conversation, BERTIL, first)) == [Notice("draft_not_found")]
    assert [d.status for d in database.tables.drafts.values()] == ["active"]


async def test_a_gate_stops_the_draft_and_revising_goes_on(routine, messages) -> None:
    conversation, _, _ = memory_conversation(routine, messages)
    view = _step(await conversation.on_card(ANNA, {"action": "new"}))
    for _ in range(2):
        view = _step(await _submit(conversation, ANNA, view))
    gate = (await _submit(conversation, ANNA, view, question_influenceable="no")).views[-1]
    assert isinstance(gate, GateView) and gate.step.id == "influence"
    edit = _step(
        await conversation.on_card(ANNA, {"action": "edit", "draft": gate.draft_id, "step": "influence", "version": gate.version})
    )
    assert _step(await _submit(conversation, ANNA, edit)).step.id == "purpose"


async def test_deleting_a_draft_takes_everything_that_belongs_to_it(routine, messages) -> None:
    conversation, database, _ = memory_conversation(routine, messages)
    review = (await _complete(conversation)).views[-1]
    assert isinstance(review, ReviewView)
    await conversation.on_card(ANNA, {"action": "share_save", "draft": review.draft_id, "person": "Bertil", "access": "comment"})
    [(_, share)] = database.tables.shares.values()
    bertil = replace(ANNA, id=share.recipient_id, name="Bertil", conversation_id="conv-bertil")
    await conversation.on_card(bertil, {"action": "share_comment", "share": share.id, "comment": "Hemligt förslag"})
    assert database.tables.reminders and database.tables.share_events and database.tables.focus
    answer = await conversation.on_card(ANNA, {"action": "delete_confirm", "draft": review.draft_id})
    assert _said(answer) == [Notice("deleted", {"title": ANSWERS["start"]["title"]})]
    tables = database.tables
    assert (tables.drafts, tables.reminders, tables.shares, tables.share_events, tables.focus) == ({}, {}, {}, [], {})


async def test_typed_text_answers_the_draft_the_user_works_on_in_this_conversation(routine, messages) -> None:
    conversation, _, _ = memory_conversation(routine, messages)
    answer = await conversation.on_card(ANNA, {"action": "new"})
    for _ in INTERNAL_STEPS[:-2]:  # up to Utvärdering, a step of one field
        answer = await _submit(conversation, ANNA, _step(answer))
    assert (await conversation.on_text(ANNA, "var är jag")).views[0].key == "where_step"
    other_chat = replace(ANNA, conversation_id="conv-other")
    title = "Aktiviteter på Råcksta aktivitetscenter"
    offered = [Notice("nothing_open_step", {"title": title, "n": 11, "total": "12", "step": "Utvärdering"})]  # the latest
    assert _said(await conversation.on_text(other_chat, "var är jag")) == offered
    case = _step(await conversation.on_text(ANNA, "Enkät och uppföljning."))
    assert case.step.id == "case"
    await conversation.on_text(ANNA, "avbryt")
    offered = [Notice("nothing_open_step", {"title": title, "n": 12, "total": "12", "step": "Ärendet till nämnden"})]
    assert _said(await conversation.on_text(ANNA, "var är jag")) == offered


async def test_the_proposal_needs_the_review_of_this_version(routine, messages) -> None:
    conversation, _, _ = memory_conversation(routine, messages)
    review = (await _complete(conversation)).views[-1]
    assert isinstance(review, ReviewView)
    old = {"action": "create_proposal", "draft": review.draft_id, "version": review.version - 1}
    assert (await conversation.on_card(ANNA, old)).views[0] == Notice("stale_card")
    made = await conversation.on_card(ANNA, {**old, "version": review.version})
    assert isinstance(made.views[0], ProposalView)
    assert made.views[0].proposal.title == "Förslag om medborgardialog om aktiviteter på Råcksta aktivitetscenter"


async def test_sharing_tells_a_reachable_colleague_and_says_so(routine, messages) -> None:
    conversation, _, notifier = memory_conversation(routine, messages)
    notifier.reachable.add("aad:bertil-oid")
    review = (await _complete(conversation)).views[-1]
    picked = replace(ANNA, people_picker=True)
    answer = await conversation.on_card(
        picked, {"action": "share_save", "draft": review.draft_id, "person": "bertil-oid", "access": "read"}
    )
    assert [n.key for n in _said(answer)] == ["share_done", "share_notified"]
    [(user, card, lang)] = notifier.sent
    assert lang == "sv"  # worded in the sharer's language
    assert user == "aad:bertil-oid" and isinstance(card, SharedWithYouView) and not card.can_comment


async def test_a_review_is_sent_only_to_a_colleague_the_bot_can_reach(routine, messages) -> None:
    """The review is answered on its card: picked in Teams but without a chat with the bot, the avdelningschef is
    refused beside the field and nothing is sent; once they have one, the card reaches them."""
    conversation, _, notifier = memory_conversation(routine, messages)
    review = (await _complete(conversation)).views[-1]
    await conversation.on_card(ANNA, {"action": "create_proposal", "draft": review.draft_id, "version": review.version})
    picked = replace(ANNA, people_picker=True)
    send = {"action": "review_send", "draft": review.draft_id, "person": "bertil-oid"}
    refused = (await conversation.on_card(picked, send)).views[-1]
    assert isinstance(refused, ReviewFormView) and refused.error == Notice("err_review_unreachable")
    assert refused.person == "bertil-oid" and notifier.sent == []
    notifier.reachable.add("aad:bertil-oid")
    assert [n.key for n in _said(await conversation.on_card(picked, send))] == ["review_sent", "share_notified"]
    [(user, card, _)] = notifier.sent
    assert user == "aad:bertil-oid" and isinstance(card, ReviewRequestView)


async def test_watching_and_unwatching_a_call(routine, messages) -> None:
    call = Call("net", "Nätverket", application_deadline=datetime(2027, 3, 1).date())
    conversation, database, _ = memory_conversation(routine, messages, calls=[call])
    saved = await conversation.on_card(ANNA, {"action": "watch_save", "call": "net", "offsets": "14, 7"})
    assert saved.views[0] == Notice("watch_saved", {"title": "Nätverket", "count": 2})
    calls = (await conversation.on_card(ANNA, {"action": "calls"})).views[0]
    assert calls.watched == frozenset({"net"})
    await conversation.on_card(ANNA, {"action": "unwatch", "call": "net"})
    assert {r.status for _, r in database.tables.reminders.values()} == set()
    assert database.tables.subscriptions == {}


async def test_a_changed_calls_file_replans_watched_calls(routine, messages) -> None:
    before = Call("net", "Nätverket", application_deadline=datetime(2027, 3, 1).date())
    conversation, database, _ = memory_conversation(routine, messages, calls=[before])
    await conversation.on_card(ANNA, {"action": "watch_save", "call": "net", "offsets": "7"})
    moved = memory_conversation(routine, messages, calls=[replace(before, application_deadline=datetime(2027, 4, 1).date())])[0]
    async with database.unit_of_work() as tx:
        assert await moved.services.deadlines.replan_calls(tx) == 1
    assert [r.deadline.isoformat() for _, r in database.tables.reminders.values()] == ["2027-04-01"]


@pytest.mark.parametrize("lang", ["sv", "en"])
async def test_a_question_is_answered_in_its_own_language(routine, messages, lang: str) -> None:
    conversation, _, _ = memory_conversation(routine, messages)
    answer = await conversation.on_text(replace(ANNA, lang=lang), "What are the target groups?")  # type: ignore[arg-type]
    assert answer.views[0].lang == "en" and answer.views[0].topic.id == "target_groups"


async def test_a_snoozed_call_reminder_survives_a_restart(routine, messages) -> None:
    call = Call("net", "Nätverket", application_deadline=datetime(2027, 3, 1).date())
    conversation, database, _ = memory_conversation(routine, messages, calls=[call])
    await conversation.on_card(ANNA, {"action": "watch_save", "call": "net", "offsets": "7"})
    [(_, planned)] = database.tables.reminders.values()
    await conversation.on_card(ANNA, {"action": "reminder_snooze", "reminder": planned.id})
    async with database.unit_of_work() as tx:
        await conversation.services.deadlines.replan_calls(tx)
    assert sorted(r.offset_days for _, r in database.tables.reminders.values()) == [-1, 7]


async def test_typed_bevaka_naming_no_call_is_an_answer_like_any_other(routine, messages) -> None:
    conversation, _, _ = memory_conversation(routine, messages)
    answer = await conversation.on_card(ANNA, {"action": "new"})
    for _ in INTERNAL_STEPS[:-2]:  # up to Utvärdering, a step of one field
        answer = await _submit(conversation, ANNA, _step(answer))
    case = _step(await conversation.on_text(ANNA, "Nätverk i föreningslivet följer upp med en enkät."))
    review = (await _submit(conversation, ANNA, case)).views[-1]
    assert isinstance(review, ReviewView)
    assert review.sections[-2].answers[0].shown == "Nätverk i föreningslivet följer upp med en enkät."


async def test_deleting_another_draft_keeps_the_one_the_user_works_on(routine, messages) -> None:
    conversation, _, _ = memory_conversation(routine, messages)
    other = _step(await conversation.on_card(ANNA, {"action": "new"}))
    current = _step(await conversation.on_card(ANNA, {"action": "new"}))
    await conversation.on_card(ANNA, {"action": "delete_confirm", "draft": other.draft_id})
    assert (await conversation.on_text(ANNA, "var är jag")).views[0].key == "where_step"
    help_view = (await conversation.on_card(ANNA, {"action": "help", "draft": None, "step": None})).views[0]
    assert help_view.step is not None and help_view.draft_id == current.draft_id  # Hjälp on the welcome card


async def test_a_typed_name_no_one_has_is_said_so_and_the_form_suggests_the_reviewer(routine, messages) -> None:
    """Finding 14: a typed name that finds no one is "Jag hittar ingen som heter …", not "cannot reach"; the form
    suggests the avdelningschef the plan names, then the person it was last sent to (in Teams' people picker too)."""
    conversation, _, notifier = memory_conversation(routine, messages)
    review = (await _complete(conversation)).views[-1]
    await conversation.on_card(ANNA, {"action": "create_proposal", "draft": review.draft_id, "version": review.version})
    form = (await conversation.on_card(ANNA, {"action": "review", "draft": review.draft_id})).views[-1]
    assert isinstance(form, ReviewFormView) and form.person == ANSWERS["case"]["department_head"]
    send = {"action": "review_send", "draft": review.draft_id, "person": "Bo Bengtsson"}
    refused = (await conversation.on_card(ANNA, send)).views[-1]
    assert isinstance(refused, ReviewFormView) and refused.error == Notice("err_recipient_unknown", {"name": "Bo Bengtsson"})
    assert refused.person == "Bo Bengtsson" and notifier.sent == []
    notifier.reachable.update({"name:Bo", "aad:bo-oid"})
    await conversation.on_card(ANNA, {**send, "person": "Bo"})
    again = (await conversation.on_card(ANNA, {"action": "review", "draft": review.draft_id})).views[-1]
    assert isinstance(again, ReviewFormView) and again.person == "Bo"
    picked = replace(ANNA, people_picker=True)
    await conversation.on_card(picked, {**send, "person": "bo-oid"})
    in_teams = (await conversation.on_card(picked, {"action": "review", "draft": review.draft_id})).views[-1]
    assert isinstance(in_teams, ReviewFormView) and (in_teams.person, in_teams.shown) == ("bo-oid", "bo-oid")
