"""What a user who only types can do (try-out 4): act on the card just shown, start a draft by describing it, ask
about "den" draft, ask how much is left, answer a colleague's comment and skip a step; turn by turn, as Maria, who
has one draft."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from dialogs.actor import Actor
from dialogs.views import NextStepsView, ProposalView, Reply, ReviewView, StepView
from tests.support import ANSWERS, INTERNAL_STEPS, memory_conversation

MARIA = Actor("aad:maria", "Maria Lind", "sv", "conv-maria")


class Maria:
    """Maria's conversation with the bot, with no bot and no HTTP: what she presses and types, and the last reply."""

    def __init__(self, routine: Any, messages: Any) -> None:
        self.conversation, self.database, self.notifier = memory_conversation(routine, messages)
        self.last: Reply | None = None
        self.lang = "sv"

    @property
    def actor(self) -> Actor:
        return replace(MARIA, lang=self.lang)  # type: ignore[arg-type]

    async def press(self, **data: Any) -> Reply:
        self.last = await self.conversation.on_card(self.actor, data)
        return self.last

    async def type(self, text: str) -> Reply:
        self.last = await self.conversation.on_text(self.actor, text)
        return self.last

    async def fill(self, steps: list[str]) -> Reply:
        """A new draft, its steps filled in card by card."""
        answer = await self.press(action="new")
        for step_id in steps:
            step = answer.views[-1]
            assert isinstance(step, StepView) and step.step.id == step_id
            ids = {"draft": step.draft_id, "step": step_id, "version": step.version}
            answer = await self.press(action="submit", **ids, **ANSWERS[step_id])
        return answer

    def view(self, kind: type) -> Any:
        assert self.last is not None
        found = [v for v in self.last.views if isinstance(v, kind)]
        assert found, f"no {kind.__name__} in {[type(v).__name__ for v in self.last.views]}"
        return found[-1]


@pytest.fixture
def maria(routine, messages) -> Maria:  # type: ignore[no-untyped-def]
    return Maria(routine, messages)


@pytest.mark.parametrize(
    ("lang", "typed"),
    [
        ("sv", "ok skapa förslaget"),
        ("sv", "skapa förslaget"),
        ("sv", "skapa förslag"),
        ("sv", "jag är klar, gör tjänsteutlåtandet"),
        ("en", "create the proposal"),
    ],
)
async def test_typing_create_the_proposal_on_the_review_creates_it(maria: Maria, lang: str, typed: str) -> None:
    maria.lang = lang
    review = (await maria.fill(INTERNAL_STEPS)).views[-1]
    assert isinstance(review, ReviewView)
    await maria.type(typed)
    proposal = maria.view(ProposalView)
    assert proposal.draft_id == review.draft_id and proposal.number == 1 and proposal.created_now


async def test_typing_a_new_version_after_a_change_creates_version_two_not_a_new_draft(maria: Maria) -> None:
    review = (await maria.fill(INTERNAL_STEPS)).views[-1]
    await maria.type("skapa förslaget")
    await maria.press(action="edit", draft=review.draft_id, step="evaluation", version=review.version + 1)
    step = maria.view(StepView)
    await maria.press(
        action="submit", draft=step.draft_id, step="evaluation", version=step.version, evaluation_method="En enkät efteråt."
    )
    await maria.type("skapa ny version av förslaget")
    proposal = maria.view(ProposalView)
    assert proposal.number == 2 and proposal.draft_id == review.draft_id
    async with maria.database.unit_of_work() as tx:
        assert len(await tx.drafts.list_for_owner(MARIA.id)) == 1  # no new dialogue was started


async def test_typing_create_the_proposal_before_every_step_is_answered_says_not_yet(maria: Maria) -> None:
    await maria.fill(INTERNAL_STEPS[:3])
    await maria.type("skapa förslaget")
    ways = maria.view(NextStepsView)
    assert [n.key for n in ways.notices] == ["proposal_not_yet"]
    assert [s.action.value for s in ways.steps] == ["open_page", "resume"]
