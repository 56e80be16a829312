"""What a user can ask of the bot, by card or by typing: action names and one typed payload each.

A card's button carries `{"action": <ActionName>, ...ids}`; the client adds the card's inputs beside
them. `parse_card` reads that once, at the edge, into the payload model of the action; a typed message
becomes a `Command` (a request understood by dialogs/intents.py, still to be tied to a draft or a call) or an
`Ask` (a question, or an answer to a one-field step) through `parse_text`. Handlers never see the raw dict.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StringConstraints, ValidationError, field_validator

from dialogs.actor import Focus
from dialogs.fields import MAX_TYPED
from dialogs.intents import Intent, Intents
from dialogs.language import Lang
from dialogs.share import Access, Reviewed

# The key under which every button of a step's (or a phase's) card but its save names that card (`card_mark`; the draft is
# the button's own): Action.Submit sends the card's inputs with whichever button is pressed, so what was typed is kept
# when a button leaves the card unsaved.
ON_CARD = "card"
# Keys every step card's buttons carry beside the inputs; a routine field id must not be one of them.
CONTROL_KEYS = frozenset({"action", "draft", "step", "version", "confirmed", ON_CARD})


class ActionName(StrEnum):
    NEW = "new"
    LIST = "list"
    RESUME = "resume"
    PARK = "park"
    DELETE = "delete"
    DELETE_CONFIRM = "delete_confirm"
    DELETE_CANCEL = "delete_cancel"
    SUBMIT = "submit"
    EDIT = "edit"
    HELP = "help"
    CANCEL = "cancel"
    STATUS = "status"
    CREATE_PROPOSAL = "create_proposal"
    SHOW_PROPOSAL = "show_proposal"
    DOWNLOAD_DOCX = "download_docx"
    DOWNLOAD_PDF = "download_pdf"
    OPEN_PAGE = "open_page"
    ASK = "ask"
    TOPIC = "topic"
    REMINDERS = "reminders"
    REMINDER_DONE = "reminder_done"
    REMINDER_SNOOZE = "reminder_snooze"
    CALLS = "calls"
    CALL = "call"
    CALL_ADD = "call_add"
    CALL_ADD_SAVE = "call_add_save"
    APPLICATION = "application"
    APPLICATION_SAVE = "application_save"
    APPLICATION_DOWNLOAD = "application_download"
    WATCH = "watch"
    WATCH_SAVE = "watch_save"
    UNWATCH = "unwatch"
    SHARE = "share"
    SHARE_SAVE = "share_save"
    SHARES = "shares"
    SHARE_REVOKE = "share_revoke"
    SHARE_COMMENT = "share_comment"
    SHARED_OPEN = "shared_open"  # the colleague's way back to a draft shared with them (Mina utkast): a new link
    MY_DATA = "my_data"
    MY_DATA_EXPORT = "my_data_export"
    MY_DATA_ERASE = "my_data_erase"
    MY_DATA_ERASE_CONFIRM = "my_data_erase_confirm"
    MY_DATA_ERASE_CANCEL = "my_data_erase_cancel"
    NEXT_STEP = "next_step"
    PHASE_SAVE = "phase_save"
    PHASE_EDIT = "phase_edit"
    PHASES = "phases"
    HISTORY = "history"
    DECISION = "decision"
    TEXT = "text"
    TEXTS = "texts"  # typed: "kan du ge mig en text att skicka ut till ungdomarna?"
    TEXT_DOCX = "text_docx"
    REPORT = "report"
    REVIEW = "review"
    REVIEW_SEND = "review_send"
    REVIEW_APPROVE = "review_approve"
    REVIEW_RETURN = "review_return"
    ASSIGN = "assign"
    ASSIGN_SAVE = "assign_save"
    DEADLINE_DAYS = "deadline_days"
    DEADLINE_DAYS_SAVE = "deadline_days_save"
    ANSWER_INITIATIVE = "answer_initiative"
    REPLY = "reply"  # typed: "svara Kim att …", to a colleague's comment
    SKIP_STEP = "skip_step"
    OPTIONAL_FIELDS = "optional_fields"
    DONE = "done"  # typed: "jag är klar", "I'm done"
    SAVE_LATER = "save_later"  # typed: "kan jag spara och fortsätta senare?"


Id = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Typed = Annotated[str, StringConstraints(max_length=MAX_TYPED)]
InputValue = str | int | float | list[str]


class Action(BaseModel):
    """A request with no further data (e.g. Nytt utkast, Mina utkast, Påminnelser)."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    name: ActionName


class OnDraft(Action):
    draft: Id


class OnStep(OnDraft):
    step: Id


class DecisionAsked(OnDraft):
    """Registrera beslut; typed, with what the nämnd decided in words ("nämnden beslutade enligt förslaget den 16 april,
    paragraf 45"): the message, read into the decision's card (dialogs/phase_words.py)."""

    text: Typed = ""


class Versioned(OnDraft):
    """A request that only holds for the draft as the card showed it."""

    version: StrictInt


class StepCard(BaseModel):
    """The step's (or the phase's) card a button was pressed on: its draft, its step, the draft's version it showed and
    a digest of what its inputs showed (`shown_digest`)."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    draft: Id
    step: Id
    version: StrictInt
    shown: str

    @classmethod
    def read(cls, value: Mapping[str, Any]) -> StepCard | None:
        """The card a button's data names (its draft, and under `ON_CARD` its `card_mark`); None when it names none."""
        mark, draft = value.get(ON_CARD), value.get("draft")
        if not isinstance(mark, str) or not isinstance(draft, str):
            return None
        version, _, rest = mark.partition(":")
        shown, _, step = rest.partition(":")
        try:
            return cls(draft=draft, step=step, version=int(version), shown=shown)
        except (ValueError, ValidationError):
            return None


def card_mark(step_id: str, version: int, shown: str) -> str:
    """A step's (or a phase's) card as its buttons name it, in few bytes: the draft's version it shows, the digest of its
    inputs (`shown_digest`) and its step (last: an id may hold a colon)."""
    return f"{version}:{shown}:{step_id}"


def shown_digest(values: Mapping[str, InputValue]) -> str:
    """A short digest of a card's inputs, each id and value (empty ones left out: a client may not send them): its
    buttons carry the one of the values it showed, so a card left as it showed needs no look at the draft."""
    filled = sorted((k, v) for k, v in values.items() if v not in ("", []))
    return hashlib.sha256(json.dumps(filled, ensure_ascii=False).encode()).hexdigest()[:16]


class SubmitStep(Versioned):
    """A step's card saved (or a phase's, after the proposal): its id and its inputs; `confirmed`: saved again after
    the card warned of what the answers do (a correction that ends the dialogue and hides the phases after it)."""

    step: Id
    inputs: dict[str, InputValue]
    confirmed: StrictBool = False


class PhaseOpened(OnStep):
    """Rätta: a phase's card again; typed, with what to record in words ("the council meeting was actually on 19
    November 2026"): the message, read into the card (dialogs/phase_words.py)."""

    text: Typed = ""


class OnText(OnDraft):
    """One of the texts the bot writes from a draft (the routine's `lifecycle.texts`); `lang`: its rendering to read
    in that language, rather than the Swedish to send."""

    text: Id
    lang: Lang | None = None


class Focused(Action):
    """About the draft the user works on, if any: typed help/avbryt/var är jag, and a card's Hjälp."""

    draft: Id | None = None
    step: Id | None = None


class SaveLater(Focused):
    """Leaving for now, typed as a question ("kan jag spara och fortsätta senare?": `asked`, answered "Ja.") or not ("let's
    stop here for now"), or the card's button."""

    asked: bool = False


class Ask(Focused):
    """Free text: a question about the routine, the answer to a one-field step, or the comment on a draft shared with the
    user when its card (`share`'s) was the one shown last."""

    text: Typed
    share: Id | None = None


class Topic(Action):
    topic: Id
    draft: Id | None = None


class Command(Focused):
    """A typed request: `name` is the action it most likely asks for and `also` others as likely; `rest` the
    words it said beyond that (see dialogs/intents.py); `text` the message as typed. Which draft or call it is
    about, and whether it is a request at all rather than a question or an answer, is decided with the user's
    drafts at hand (dialogs/features/commands.py)."""

    text: Typed
    rest: tuple[str, ...] = ()
    also: tuple[ActionName, ...] = ()
    subject: Typed = ""  # what it is about, as typed (dialogs/intents.Match.subject)
    person: Typed = ""  # whom it is for, as typed (dialogs/intents.Match.person)
    share: Id | None = None  # under the card of a draft shared to comment on (Ask.share): the text may be the comment


class NewDraft(Action):
    """Nytt utkast; typed, with what the dialogue is about ("planera en dialog med ungdomar om öppettiderna"), or its button
    offered after such words ("… och vill prata med de boende om öppettiderna"): the draft's suggested title, to change on
    its first card."""

    subject: Typed = ""


class OnCall(Action):
    call: Id


class WatchSave(OnCall):
    offsets: Typed = ""
    here: bool = False  # remind in this channel rather than the personal chat


class CallAddSave(Action):
    """The add-a-call card saved: its inputs."""

    inputs: dict[str, InputValue]


class ApplicationSave(OnCall):
    """The application card saved: the call and the card's inputs."""

    inputs: dict[str, InputValue]


class OnDeadline(OnDraft):
    """One of a draft's dates (its field id)."""

    field: Id


class DeadlineDaysSave(OnDeadline):
    offsets: Typed = ""


class OnReminder(Action):
    reminder: Id


class ShareSave(OnDraft):
    person: Typed = ""
    access: Access = Access.READ
    ask: Typed = ""
    days: int | None = None  # how long the link works; None (or a number not offered): the default

    @field_validator("access", mode="before")
    @classmethod
    def _read_unless_comment(cls, value: object) -> Access:
        return Access.COMMENT if value == Access.COMMENT else Access.READ

    @field_validator("days", mode="before")
    @classmethod
    def _whole_days(cls, value: object) -> int | None:
        text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
        return int(text) if text.isdigit() and len(text) <= 4 else None


class ShareAsked(OnDraft):
    """Dela: typed, with the name of whom to share with ("dela med vår kommunikatör Karin"), its card's person."""

    person: Typed = ""


class ReviewAsked(ShareAsked):
    """Skicka till avdelningschef: from a phase's card, the document whose review the card offered (a card kept in the
    chat may be pressed after the dialogue has moved on); None when typed, where the phase the dialogue is in says.
    Typed, the name of whom to send to ("skicka till Erik Lind för granskning"), its card's person."""

    reviewed: Reviewed | None = None


class ReviewSend(OnDraft):
    """A document sent to the owner's avdelningschef for review (the proposal, or the redovisning): who, and what is
    asked."""

    person: Typed = ""
    ask: Typed = ""
    reviewed: Reviewed = Reviewed.PROPOSAL


class AssignAsked(OnStep):
    """Välj person: the role of a phase (`step`) of a draft to give; typed, with the name of whom ("Karin ska ha
    kommunikatörsrollen"), its card's person, and the phase the user is on (else the first whose role can be given)."""

    person: Typed = ""


class AssignSave(AssignAsked):
    """The person given the role of a phase (`step`) of a draft."""


class OnShare(Action):
    share: Id


class ShareComment(OnShare):
    comment: Typed = ""
    link: Typed = ""  # the review card's link to read the proposal, to show the card again after a refused answer


PAYLOADS: dict[ActionName, type[Action]] = {
    ActionName.NEW: NewDraft,
    ActionName.LIST: Action,
    ActionName.RESUME: OnDraft,
    ActionName.PARK: OnDraft,
    ActionName.DELETE: OnDraft,
    ActionName.DELETE_CONFIRM: OnDraft,
    ActionName.DELETE_CANCEL: OnDraft,
    ActionName.SUBMIT: SubmitStep,
    ActionName.EDIT: OnStep,
    ActionName.HELP: Focused,
    ActionName.CANCEL: Focused,
    ActionName.STATUS: Focused,
    ActionName.CREATE_PROPOSAL: Versioned,
    ActionName.SHOW_PROPOSAL: OnDraft,
    ActionName.DOWNLOAD_DOCX: OnDraft,
    ActionName.DOWNLOAD_PDF: OnDraft,
    ActionName.OPEN_PAGE: OnDraft,
    ActionName.ASK: Ask,
    ActionName.TOPIC: Topic,
    ActionName.REMINDERS: Action,
    ActionName.REMINDER_DONE: OnReminder,
    ActionName.REMINDER_SNOOZE: OnReminder,
    ActionName.CALLS: Action,
    ActionName.CALL: OnCall,
    ActionName.CALL_ADD: Action,
    ActionName.CALL_ADD_SAVE: CallAddSave,
    ActionName.APPLICATION: OnCall,
    ActionName.APPLICATION_SAVE: ApplicationSave,
    ActionName.APPLICATION_DOWNLOAD: OnCall,
    ActionName.WATCH: OnCall,
    ActionName.WATCH_SAVE: WatchSave,
    ActionName.UNWATCH: OnCall,
    ActionName.DEADLINE_DAYS: OnDeadline,
    ActionName.DEADLINE_DAYS_SAVE: DeadlineDaysSave,
    ActionName.SHARE: ShareAsked,
    ActionName.SHARE_SAVE: ShareSave,
    ActionName.SHARES: OnDraft,
    ActionName.SHARE_REVOKE: OnShare,
    ActionName.SHARED_OPEN: OnShare,
    ActionName.SHARE_COMMENT: ShareComment,
    ActionName.MY_DATA: Action,
    ActionName.MY_DATA_EXPORT: Action,
    ActionName.MY_DATA_ERASE: Action,
    ActionName.MY_DATA_ERASE_CONFIRM: Action,
    ActionName.MY_DATA_ERASE_CANCEL: Action,
    ActionName.NEXT_STEP: OnDraft,
    ActionName.PHASE_SAVE: SubmitStep,
    ActionName.PHASE_EDIT: PhaseOpened,
    ActionName.PHASES: OnDraft,
    ActionName.HISTORY: OnDraft,
    ActionName.DECISION: DecisionAsked,
    ActionName.TEXT: OnText,
    ActionName.TEXTS: OnDraft,
    ActionName.TEXT_DOCX: OnText,
    ActionName.REPORT: OnDraft,
    ActionName.REVIEW: ReviewAsked,
    ActionName.REVIEW_SEND: ReviewSend,
    ActionName.REVIEW_APPROVE: ShareComment,  # the review's share, and the avdelningschef's comment
    ActionName.REVIEW_RETURN: ShareComment,
    ActionName.ASSIGN: AssignAsked,
    ActionName.ASSIGN_SAVE: AssignSave,
    ActionName.ANSWER_INITIATIVE: Versioned,
    ActionName.REPLY: Ask,
    ActionName.SKIP_STEP: Focused,
    ActionName.OPTIONAL_FIELDS: Focused,
    ActionName.DONE: Focused,
    ActionName.SAVE_LATER: SaveLater,
}
# Typed text only: no card sends this as a button's action (the first two carry what was typed; "jag är klar" sends the
# card as it shows its answers, which only typing beside that card can mean).
TYPED_ONLY = frozenset({ActionName.ASK, ActionName.REPLY, ActionName.DONE})
# What a button may send, each with its words in the locale file (dialogs/messages.py `action_labels`).
BUTTONS = frozenset(ActionName) - TYPED_ONLY
# The action each typed request asks for.
INTENT_ACTIONS: dict[Intent, ActionName] = {
    Intent.NEW_DRAFT: ActionName.NEW,
    Intent.MY_DRAFTS: ActionName.LIST,
    Intent.CONTINUE: ActionName.RESUME,
    Intent.WHERE_AM_I: ActionName.STATUS,
    Intent.SHOW_PROPOSAL: ActionName.SHOW_PROPOSAL,
    Intent.DOWNLOAD_WORD: ActionName.DOWNLOAD_DOCX,
    Intent.DOWNLOAD_PDF: ActionName.DOWNLOAD_PDF,
    Intent.OPEN_PAGE: ActionName.OPEN_PAGE,
    Intent.SHARE: ActionName.SHARE,
    Intent.SHARES: ActionName.SHARES,
    Intent.REMINDERS: ActionName.REMINDERS,
    Intent.WATCH_CALL: ActionName.CALLS,
    Intent.HELP: ActionName.HELP,
    Intent.CANCEL: ActionName.CANCEL,
    Intent.PARK: ActionName.PARK,
    Intent.DELETE: ActionName.DELETE,
    Intent.MY_DATA: ActionName.MY_DATA,
    Intent.ERASE_MY_DATA: ActionName.MY_DATA_ERASE,
    Intent.NEXT_STEP: ActionName.NEXT_STEP,
    Intent.DECISION: ActionName.DECISION,
    Intent.HISTORY: ActionName.HISTORY,
    Intent.PHASES: ActionName.PHASES,
    Intent.TEXTS: ActionName.TEXTS,
    Intent.ASSIGN: ActionName.ASSIGN,
    Intent.REPORT: ActionName.REPORT,
    Intent.REVIEW: ActionName.REVIEW,
    Intent.EDIT_STEP: ActionName.EDIT,
    Intent.ADD_CALL: ActionName.CALL_ADD,
    Intent.APPLY: ActionName.APPLICATION,
    Intent.CREATE_PROPOSAL: ActionName.CREATE_PROPOSAL,
    Intent.REPLY: ActionName.REPLY,
    Intent.SKIP_STEP: ActionName.SKIP_STEP,
    Intent.OPTIONAL_FIELDS: ActionName.OPTIONAL_FIELDS,
    Intent.DONE: ActionName.DONE,
    Intent.SAVE_LATER: ActionName.SAVE_LATER,
}


def _input(value: object) -> InputValue | None:
    """A card input's value as sent, or None for what no input sends (objects, booleans, nested lists)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value[:MAX_TYPED]
    if isinstance(value, int | float):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    return None


def _inputs(value: Mapping[str, Any]) -> dict[str, InputValue]:
    """A card's inputs as sent, apart from the ids its button carries."""
    return {k: v for k, raw in value.items() if k not in CONTROL_KEYS and (v := _input(raw)) is not None}


def left_card(value: Mapping[str, Any], action: Action) -> tuple[StepCard, dict[str, InputValue]] | None:
    """The step's (or the phase's) card that a button other than its save was pressed on (Hjälp, Mina utkast, a phase's
    Historik …), and the card's inputs as sent with it; None for any other press, and for a card left as it showed
    (the inputs sent, apart from what the button itself names, are the ones its digest was made of)."""
    card = StepCard.read(value)
    if card is None:
        return None
    inputs = _inputs(value)
    sent = {k: v for k, v in inputs.items() if k not in type(action).model_fields}
    return None if shown_digest(sent) == card.shown else (card, inputs)


def _prepared(name: ActionName, value: Mapping[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in value.items() if k != "name"}
    data["name"] = name
    if "inputs" in PAYLOADS[name].model_fields:  # a form's action: the card's inputs, apart from the ids
        data["inputs"] = _inputs(value)
    elif name is ActionName.WATCH_SAVE:
        data["here"] = value.get("target") == "here"
    for key in ("offsets", "person", "ask", "comment", "subject"):
        if key in data:  # free text: what a client sends as anything but a string reads as empty
            raw = data[key]
            data[key] = raw[:MAX_TYPED] if isinstance(raw, str) else ""
    return data


def parse_card(value: Mapping[str, Any]) -> Action | None:
    """The typed action a card submission is; None when it is not one this bot's cards send."""
    raw = value.get("action")
    if not isinstance(raw, str) or raw not in ActionName.__members__.values():
        return None
    name = ActionName(raw)
    if name in TYPED_ONLY:
        return None
    try:
        return PAYLOADS[name].model_validate(_prepared(name, value))
    except ValidationError:
        return None


def parse_text(text: str, intents: Intents, focus: Focus | None) -> Command | Ask:
    """A typed message as the request it most likely is ('mina utkast', 'visa förslaget för parkleken'), with
    the requests as likely beside it; else free text for the draft (and reopened step) the user works on."""
    draft, step = (focus.draft_id, focus.step_id) if focus else (None, None)
    text = text[:MAX_TYPED]
    matches = intents.match(text)
    if not matches:
        return Ask(name=ActionName.ASK, draft=draft, step=step, text=text)
    best = matches[0]
    name = INTENT_ACTIONS[best.intent]
    # As likely: as strong, and leaving as many of the message's words unexplained ("förslaget som pdf" is the PDF).
    tied = (INTENT_ACTIONS[m.intent] for m in matches[1:] if m.score == best.score and len(m.rest) == len(best.rest))
    also = tuple(dict.fromkeys(a for a in tied if a != name))
    return Command(
        name=name, draft=draft, step=step, text=text, rest=best.rest, also=also, subject=best.subject, person=best.person
    )
