"""Views to messages: one renderer per view type; a message is a text or an Adaptive Card."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cards.calls import application_card, call_card, call_form_card, calls_card
from cards.drafts import confirm_delete_card, drafts_card
from cards.elements import CardContext
from cards.lifecycle import assign_card, history_card, phase_card, phases_card, role_given_card
from cards.my_data import confirm_erase_card, my_data_card
from cards.next_steps import next_steps_card
from cards.proposal import initiative_answer_card, proposal_card
from cards.questions import answer_card, choose_topic_card
from cards.reminders import deadline_days_card, reminder_card, reminders_card, watch_card
from cards.review import review_decision_card, review_form_card, review_request_card
from cards.sharing import comment_notice_card, link_card, share_card, shared_with_you_card, shares_card
from cards.texts import text_card
from cards.wizard import answered_card, gate_card, help_card, review_cards, step_card, welcome_card
from dialogs import views
from dialogs.views import View

Message = str | dict[str, Any]
_Renderer = Callable[[CardContext, Any], list[Message]]


def _one(build: Callable[[CardContext, Any], Message]) -> _Renderer:
    return lambda ctx, view: [build(ctx, view)]


RENDERERS: dict[type[Any], _Renderer] = {
    views.Notice: _one(lambda ctx, view: ctx.word(view)),
    views.WelcomeView: _one(welcome_card),
    views.HelpView: _one(help_card),
    views.StepView: _one(step_card),
    views.AnsweredView: _one(answered_card),
    views.GateView: _one(gate_card),
    views.ReviewView: review_cards,
    views.DraftListView: _one(drafts_card),
    views.ConfirmDeleteView: _one(confirm_delete_card),
    views.ProposalView: _one(proposal_card),
    views.InitiativeAnswerView: _one(initiative_answer_card),
    views.PhaseView: _one(phase_card),
    views.PhasesView: _one(phases_card),
    views.HistoryView: _one(history_card),
    views.TextView: _one(text_card),
    views.LinkView: _one(link_card),
    views.AnswerView: _one(answer_card),
    views.ChooseTopicView: _one(choose_topic_card),
    views.ReminderView: _one(reminder_card),
    views.RemindersView: _one(reminders_card),
    views.CallsView: _one(calls_card),
    views.CallView: _one(call_card),
    views.CallFormView: _one(call_form_card),
    views.ApplicationView: _one(application_card),
    views.WatchView: _one(watch_card),
    views.DeadlineDaysView: _one(deadline_days_card),
    views.ShareFormView: _one(share_card),
    views.SharedWithYouView: _one(shared_with_you_card),
    views.CommentNoticeView: _one(comment_notice_card),
    views.SharesView: _one(shares_card),
    views.MyDataView: _one(my_data_card),
    views.ConfirmEraseView: _one(confirm_erase_card),
    views.NextStepsView: _one(next_steps_card),
    views.ReviewFormView: _one(review_form_card),
    views.ReviewRequestView: _one(review_request_card),
    views.ReviewDecisionView: _one(review_decision_card),
    views.AssignFormView: _one(assign_card),
    views.RoleGivenView: _one(role_given_card),
}


def render(ctx: CardContext, view: View) -> list[Message]:
    return RENDERERS[type(view)](ctx, view)
