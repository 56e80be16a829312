"""The one composition root: everything the bot runs on, built from the settings, an engine and the host's
delivery of proactive messages. The application and the tests build it the same way."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.identity import TeamsDirectory
from bot.proactive import Delivery, ForgettingDelivery, ProactiveNotifier
from bot.reminder_sender import RateLimiter, ReminderSender
from bot.replies import Replies
from bot.settings import Settings
from bot.turn import DialogstodBot
from cards.application import letter_pages
from dialogs.actions import BUTTONS
from dialogs.calls import Call, load_calls
from dialogs.conversation import Conversation
from dialogs.deadlines import Deadlines
from dialogs.draft import utcnow
from dialogs.features.base import Services
from dialogs.intents import Intent
from dialogs.matching import RoutineQuestions
from dialogs.messages import Messages, load_messages
from dialogs.planning import MeetingPlan, load_meeting_plan
from dialogs.ports import Clock
from dialogs.routine import Routine, load_routine
from dialogs.shown import MAIN_ACTIONS, TAKES_TEXT, TYPED_CHOICES
from dialogs.wizard import Wizard
from storage.bot_state import SqlStorage, Welcomes
from storage.conversations import SqlConversationRefs
from storage.reminders import ReminderQueue
from storage.unit_of_work import unit_of_work_factory


@dataclass(frozen=True)
class Domain:
    """What is read from files at start-up: a broken routine file stops the start with its reason."""

    routine: Routine
    messages: Messages
    calls: tuple[Call, ...]
    meetings: MeetingPlan

    def __post_init__(self) -> None:
        """The messages file against the code, here only: every action a button may send has its words and no words are
        for an action there is not; every intent is phrased and no other; what is typed under a card stands only for a
        card's main action (dialogs/shown.py)."""
        labelled = self.messages.action_labels.keys()
        if unlabelled := sorted(BUTTONS - labelled):
            raise ValueError(f"messages.yaml: action_labels has no words for {', '.join(unlabelled)}")
        if unknown := sorted(labelled - BUTTONS):
            raise ValueError(f"messages.yaml: action_labels names no action a button sends: {', '.join(unknown)}")
        if (named := set(self.messages.intents)) != set(Intent):
            raise ValueError(
                f"messages.yaml: intents missing {sorted(map(str, set(Intent) - named))}, unknown {sorted(named - set(Intent))}"
            )
        if unknown := sorted(set(self.messages.card_actions) - MAIN_ACTIONS - TYPED_CHOICES - set(TAKES_TEXT.values())):
            raise ValueError(f"messages.yaml: card_actions names no card's main action nor typed choice: {', '.join(unknown)}")

    @classmethod
    def load(cls, settings: Settings) -> Domain:
        calls = tuple(load_calls(settings.calls_file))
        return cls(load_routine(settings.routine_file), load_messages(), calls, load_meeting_plan(settings.meetings_file))


@dataclass(frozen=True)
class BotServices:
    services: Services
    conversation: Conversation
    replies: Replies
    bot: DialogstodBot
    reminder_sender: ReminderSender


def build_services(
    settings: Settings, domain: Domain, engine: AsyncEngine, delivery: Delivery, clock: Clock = utcnow
) -> BotServices:
    routine = domain.routine
    conversations = SqlConversationRefs(engine)
    replies = Replies(routine, domain.messages)
    uow = unit_of_work_factory(engine)
    delivery = ForgettingDelivery(delivery, uow)  # what is sent unasked is the last thing a conversation shows
    services = Services(
        routine=routine,
        messages=domain.messages,
        wizard=Wizard(routine),
        questions=RoutineQuestions(routine, domain.messages),
        deadlines=Deadlines(routine, domain.calls, clock, domain.meetings),
        uow=uow,
        notifier=ProactiveNotifier(delivery, conversations, replies),
        directory=TeamsDirectory(conversations, settings.local_mode),
        clock=clock,
        public_base_url=settings.base_url,
        share_days=settings.share_days,
        letter_pages=letter_pages,
    )
    conversation = Conversation(services)
    bot = DialogstodBot(conversation, replies, Welcomes(SqlStorage(engine)), conversations, settings.turn_seconds)
    sender = ReminderSender(
        delivery,
        services.deadlines,
        uow,
        ReminderQueue(engine),
        conversations,
        replies,
        clock,
        RateLimiter(rate=settings.reminder_rate_per_second),
    )
    return BotServices(services, conversation, replies, bot, sender)
