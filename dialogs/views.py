"""What the use cases return: frozen view models, one per thing a user sees. `cards/` turns each
into an Adaptive Card (or a text); nothing here knows card JSON. Texts from the bot's catalogue are
referred to by key and wording happens in `cards/`, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from dialogs.actions import ActionName, shown_digest
from dialogs.actor import Focus
from dialogs.calls import Call, CallStatus
from dialogs.coverage import Check
from dialogs.documents.letters import Letter
from dialogs.documents.proposal import Proposal
from dialogs.fields import FieldError
from dialogs.history import HistoryKind
from dialogs.language import Lang
from dialogs.matching import Topic
from dialogs.methods import Suggestion
from dialogs.planning import CallPlan
from dialogs.proposal_versions import MeetingMoved, ProposalVersion
from dialogs.reminder import Reminder
from dialogs.routine import Field, Phase, ReviewSpec, Step, Text, TextSpec
from dialogs.share import Access, Reviewed, Share, ShareEvent, ShareEventKind


@dataclass(frozen=True)
class Url:
    """A link the bot made, in a notice: shown as the address it is (user text around it is escaped)."""

    href: str


@dataclass(frozen=True)
class Notice:
    """A plain text message from the catalogue (dialogs/locales/messages.yaml); a value may itself be a
    Notice (a worded part, e.g. "i morgon"). `lang` words it in another language than the user's."""

    key: str
    values: dict[str, MessageValue] = field(default_factory=dict)
    lang: Lang | None = None


MessageValue = str | int | date | Url | Notice | Text  # str: as typed (escaped where shown); the rest the bot's own
# (a Text: the routine's words, in the message's language)


@dataclass(frozen=True)
class WelcomeView:
    """The welcome, when a chat begins or the user greets the bot (`lang`: the greeting's language, if another);
    `described`: what the user said they want to do, a dialogue with someone about something (Intents.described), to
    start a draft about."""

    lang: Lang | None = None
    described: str = ""
    in_progress: tuple[str, str] | None = None  # the id and title of the user's draft in progress, greeted back

    @property
    def steps(self) -> tuple[NextStep, ...]:
        """Its buttons: one source, the same in every language and wherever it is shown; first, to a user greeting back
        with a draft in progress, Fortsätt with its title; after words that describe a dialogue, a new draft about it (its
        suggested title, to change on the first card)."""
        first: tuple[NextStep, ...] = ()
        if self.in_progress:
            first = (NextStep(ActionName.RESUME, self.in_progress[0], title=self.in_progress[1]),)
        if self.described:
            first += (NextStep(ActionName.NEW, title=self.described, subject=self.described),)
        return (*first, *WELCOME_STEPS)


@dataclass(frozen=True)
class HelpView:
    """General help, or help for the step the user is on (`draft_id` set: the way back to it, back_to_draft)."""

    step: Step | None = None
    fields: tuple[Field, ...] = ()
    draft_id: str | None = None
    proposed: bool = False  # the draft has its proposal


@dataclass(frozen=True)
class InputView:
    field: Field
    value: str  # as shown in the input: stored answer, or what was typed when it was refused
    error: FieldError | None = None


@dataclass(frozen=True)
class NoneLeft:
    """A repeated step with nothing to repeat over: an earlier answer excepted every option (every target group marked
    not reached). The routine's words for it, that answer (and those the routine shows with it) as recorded, and the
    step or phase it was given on, to correct it there."""

    text: Text
    answers: tuple[tuple[Field, object], ...]  # as stored: shown in the reader's language
    source: Step


@dataclass(frozen=True)
class StepView:
    draft_id: str
    draft_title: str
    version: int
    step: Step
    number: int
    total: int
    inputs: tuple[InputView, ...]
    suggestions: tuple[Suggestion, ...] = ()  # the method step: catalogue methods that fit the plan, with why
    notes: tuple[Text, ...] = ()  # the step's notes that fit this draft (Step.notes)
    may_add: int = 0  # steps the draft may yet get from an answer not given (the count is "11–12")
    none_left: NoneLeft | None = None  # a repeated step an earlier answer left nothing to repeat over
    unsaved: bool = False  # the inputs are what was typed when saving the card was refused, shown again

    @property
    def has_errors(self) -> bool:
        return any(i.error for i in self.inputs)

    @property
    def shown(self) -> str:
        """The digest of what the card's inputs show (dialogs/actions.StepCard.shown)."""
        return shown_digest({i.field.id: i.value for i in self.inputs})


@dataclass(frozen=True)
class ShownAnswer:
    field: Field
    shown: str  # "" when not answered


@dataclass(frozen=True)
class AnsweredView:
    """What a submitted step card becomes in Teams: its answers, and no buttons to press again."""

    step: Step
    answers: tuple[ShownAnswer, ...]


@dataclass(frozen=True)
class GateView:
    """Not a medborgardialog (or outside the routine's scope): the routine's reason; revise or park."""

    draft_id: str
    version: int
    step: Step
    notes: tuple[Text, ...] = ()  # the gate's notes that hold for the draft (an external initiative is still answered)
    answerable: bool = False  # an external initiative: its answer in a tjänsteutlåtande can be written from here
    beyond: tuple[Step, ...] = ()  # steps past the gate the answer reads (its header): open from here


@dataclass(frozen=True)
class ReviewSection:
    step: Step
    answers: tuple[ShownAnswer, ...]


@dataclass(frozen=True)
class ReviewView:
    draft_id: str
    title: str
    version: int
    sections: tuple[ReviewSection, ...]
    warnings: tuple[Check, ...] = ()  # who the plan would leave out (dialogs/coverage.py); none blocks
    proposed: bool = False  # a step changed after the proposal: the review offers it and a new version


class DraftState(StrEnum):
    IN_PROGRESS = "in_progress"
    STOPPED = "stopped"
    ANSWERED = "answered"  # stopped, and the answer to its external initiative written
    READY = "ready"
    PROPOSED = "proposed"  # with the phase it is in after the proposal
    PARKED = "parked"
    CLOSED = "closed"  # every phase after the proposal recorded
    REJECTED = "rejected"  # closed by the nämnd's rejection


@dataclass(frozen=True)
class DraftLine:
    draft_id: str
    title: str
    state: DraftState
    updated_at: datetime
    number: int = 0  # the current step, when in progress; the current phase, when proposed
    total: int = 0
    phase: Phase | None = None  # after the proposal: the phase it is in (its title, and what is to be done)


# --- after the proposal: the dialogue's phases and history ---------------------------------------


@dataclass(frozen=True)
class Approval:
    """The avdelningschef's approval of the proposal as it stands: who, and when."""

    who: str
    at: datetime


@dataclass(frozen=True)
class PhaseView:
    """One phase's card: the form (as a step's), and the phase with the routine's roles it belongs to."""

    form: StepView
    phase: Phase
    texts: tuple[TextSpec, ...] = ()  # the texts the bot can write for the official in this phase
    report: bool = False  # the redovisning can be downloaded here
    review: ReviewSpec | None = None  # the review that can be asked for here (the proposal's, the redovisning's)
    assignee: str | None = None  # None: no one can be given this phase; "": no one has been; else their name
    approved: Approval | None = None  # on the review's phase: the avdelningschef approved the proposal as it stands
    own_review: Notice | None = None  # on the review's phase: why the review is the owner's own (said instead of the offer)
    hides: tuple[Phase, ...] = ()  # recorded phases the answers typed would no longer show (they end the dialogue)

    @property
    def draft_id(self) -> str:
        return self.form.draft_id


@dataclass(frozen=True)
class PhasesView:
    """The dialogue after the proposal: the recorded phases (each to show and correct), the one it is in
    and what to do there; once closed, why (all recorded, or the phase that ended it and the reason)."""

    draft_id: str
    title: str
    version: int
    sections: tuple[ReviewSection, ...]
    current: Phase | None
    ended: Phase | None = None
    reason: str = ""  # as typed: why it ended
    texts: tuple[TextSpec, ...] = ()  # the texts the bot can write for the official now
    report: bool = False  # the redovisning can be downloaded (the phase it needs is recorded)
    kept: tuple[Phase, ...] = ()  # recorded phases not shown since a phase ended the dialogue before them (kept)


@dataclass(frozen=True)
class TextView:
    """A text the bot wrote for the official to send, to copy, with its Word download."""

    draft_id: str
    letter: Letter


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    kind: HistoryKind
    phase: Phase | None  # the phase it is about, if any
    note: str = ""  # as typed: a reviewer's comment, or to whom the proposal was sent
    number: int | None = None  # a proposal's version (Förslag n), when it has one


@dataclass(frozen=True)
class HistoryView:
    """'Historik': each change of phase, who and when, oldest first."""

    draft_id: str
    title: str
    lines: tuple[HistoryLine, ...]


@dataclass(frozen=True)
class SharedLine:
    """A draft a colleague shared with the user: whose, with what access, until when its link works."""

    share_id: str
    title: str
    owner_name: str
    access: Access
    reviewed: Reviewed | None  # a review's: what it is about
    expires_on: date


@dataclass(frozen=True)
class DraftListView:
    """'Mina utkast': the user's drafts, and those shared with them whose links still work."""

    drafts: tuple[DraftLine, ...]
    shared: tuple[SharedLine, ...] = ()


@dataclass(frozen=True)
class ConfirmDeleteView:
    draft_id: str
    title: str


@dataclass(frozen=True)
class Link:
    button_key: str
    url: str


@dataclass(frozen=True)
class ProposalView:
    draft_id: str
    proposal: Proposal
    documents: tuple[Link, ...]  # the owner's one-day links: Word, PDF and the page, opened in one click
    number: int = 1  # Förslag 1, 2, …: each created from the review is a version
    created: date | None = None  # the day this version was created (Stockholm)
    new_version: int | None = None  # the draft's version when it changed after this proposal: create a new one
    checks: tuple[Check, ...] = ()  # the coverage checklist beside the proposal
    version: int = 0  # the draft's, for the buttons that open a step
    steps: tuple[Step, ...] = ()  # the planning steps the draft went through: each can be opened again to change
    created_now: bool = False  # created in this turn (said once: "Förslaget är skapat")
    decided: bool = False  # the nämnd has decided on it: the plan is read-only
    moved: MeetingMoved | None = None  # the nämnd's meeting is another than this version's: a new version holds it


@dataclass(frozen=True)
class InitiativeAnswerView:
    """The tjänsteutlåtande answering an external initiative that a gate stopped: the document, its day, and the
    owner's one-day links to its Word, PDF and page; the gate's step and the draft's version, to change the answers."""

    draft_id: str
    answer: Proposal
    documents: tuple[Link, ...]
    created: date
    gate: str
    version: int
    beyond: tuple[Step, ...] = ()  # steps past the gate the answer reads (its header: telephone, dnr): open from here


@dataclass(frozen=True)
class LinkView:
    """A text and buttons that open URLs (e.g. the Word download, in Swedish and in English)."""

    text_key: str
    links: tuple[Link, ...]
    notices: tuple[Notice, ...] = ()  # what is not there, and why (a motivation over its page)
    asked: NextStep | None = None  # the request it answers: typed again under it ("ladda ner"), it is this one


@dataclass(frozen=True)
class NextStep:
    """A button: an action, with the draft (a step and its version) or call it is about. `title` names what it
    opens when the user chooses between several (a draft's or a call's title; "" untitled); `answer` is
    (field id, text): typed text to save as a one-field step's answer."""

    action: ActionName
    draft_id: str | None = None
    call_id: str | None = None
    title: str | None = None
    step_id: str | None = None
    version: int | None = None
    answer: tuple[str, str] | None = None
    subject: str | None = None  # a new draft's: what it is about, its suggested title
    share_id: str | None = None  # a draft shared with the user (its share): the comment `answer` holds is on it
    label: str | None = None  # its button's words (a message's key), when not its action's

    def data(self) -> dict[str, str | int | None]:
        """What its button sends beside the action: the ids, the answer's field and text, a new draft's subject."""
        data: dict[str, str | int | None] = {"draft": self.draft_id, "step": self.step_id}
        if self.subject is not None:
            data["subject"] = self.subject
        if self.version is not None:
            data["version"] = self.version
        if self.call_id is not None:
            data["call"] = self.call_id
        if self.share_id is not None:
            data["share"] = self.share_id
        if self.answer is not None:
            data[self.answer[0]] = self.answer[1]
        return data


def save_as_comment(share_id: str, text: str) -> NextStep:
    """Spara som kommentar: typed text, saved as the comment on a draft shared with the user, as its card's button would."""
    return NextStep(ActionName.SHARE_COMMENT, share_id=share_id, answer=("comment", text), label="btn_save_comment")


def comment_offered(share_id: str, text: str, other: NextStep) -> Reply:
    """Text under a shared draft's card that may be its comment or something else: Spara som kommentar first, then
    `other` (the request it may be, or Hjälp)."""
    return reply(choice(say("comment_offered"), (save_as_comment(share_id, text), other)))


# What the welcome offers: start, the drafts, help, and what is stored about oneself.
WELCOME_STEPS = (NextStep(ActionName.NEW), NextStep(ActionName.LIST), NextStep(ActionName.HELP), NextStep(ActionName.MY_DATA))


def back_to_draft(draft_id: str, proposed: bool) -> tuple[NextStep, ...]:
    """The way back to a draft: Fortsätt utkastet; once proposed, its proposal and the next step after it (nothing is
    left to continue)."""
    if proposed:
        return NextStep(ActionName.SHOW_PROPOSAL, draft_id), NextStep(ActionName.NEXT_STEP, draft_id)
    return (NextStep(ActionName.RESUME, draft_id),)


@dataclass(frozen=True)
class NextStepsView:
    """Words and the ways on from them: a reply that would otherwise leave the user without a next step
    (after avbryt, parkera, ta bort, a reminder answered…), or a choice between the two or three likeliest
    meanings of what was typed, instead of a guess. No notices: 'What would you like to do now?'."""

    notices: tuple[Notice, ...]
    steps: tuple[NextStep, ...]
    # A choice: its words ask which of its buttons the user means (dialogs/shown.py: a yes answers only such a card).
    # Words that say something and offer the ways on after it ("reply_not_sent", "no_drafts") ask nothing.
    asks: bool = False


def choice(notice: Notice, steps: tuple[NextStep, ...]) -> NextStepsView:
    """A card that asks which of its buttons the user means: the likeliest requests, drafts, steps or calls."""
    return NextStepsView((notice,), steps, asks=True)


# --- questions about the routine ----------------------------------------------------------------


@dataclass(frozen=True)
class AnswerView:
    """An answer quoted from the routine, naming its section, with follow-up topics."""

    lang: Lang  # the question's language, which may differ from the user's
    topic: Topic
    related: tuple[Topic, ...]
    draft_id: str | None
    role_from_draft: bool = False
    revision_passed: date | None = None  # the routine's planned revision, when it is past: said, not shown as coming
    calls_open: int | None = None  # on an answer about the calls: how many the user sees are open to apply to now
    proposed: bool = False  # the draft (`draft_id`) has its proposal: the way back to it is back_to_draft's
    review: NextStep | None = None  # with no draft: the review waiting for the user, offered rather than a new draft


@dataclass(frozen=True)
class ChooseTopicView:
    """No clear answer (or: which role?): the closest topics as buttons instead of a guess."""

    lang: Lang
    message_key: str
    topics: tuple[Topic, ...]
    draft_id: str | None
    proposed: bool = False  # the draft (`draft_id`) has its proposal: the way back to it is back_to_draft's
    review: NextStep | None = None  # with no draft: the review waiting for the user, offered rather than a new draft


# --- reminders and calls ------------------------------------------------------------------------


class DeadlineSource(StrEnum):
    DRAFT = "draft"
    CALL = "call"
    ROUTINE = "routine"


@dataclass(frozen=True)
class Deadline:
    """What a reminder is about, as a reader needs it."""

    source: DeadlineSource
    day: date
    what: str  # a date field's label (draft), a call date kind (call), or "revision"
    about: str  # the draft's title, the call's title, or the routine's name
    days_left: int
    draft_id: str | None = None
    call: Call | None = None
    field_id: str = ""  # a draft's date field


@dataclass(frozen=True)
class ReminderView:
    """A proactive reminder: what is due and when, with Klar, Påminn mig i morgon and Öppna utkast."""

    reminder: Reminder
    deadline: Deadline


@dataclass(frozen=True)
class DeadlineReminders:
    """One deadline and when its reminders come."""

    deadline: Deadline
    reminder_id: str  # one of them: turning it off turns off all of the deadline's reminders
    due: tuple[datetime, ...]  # the coming ones, soonest first
    due_now: bool = False  # one is already due (an offset passed when it was planned): it goes out at the next check


@dataclass(frozen=True)
class ReminderGroup:
    """The deadlines of one dialogue (or call, or the routine), soonest first."""

    about: str
    deadlines: tuple[DeadlineReminders, ...]


@dataclass(frozen=True)
class RemindersView:
    """'Påminnelser': the user's coming reminders by dialogue and deadline, the nearest deadlines first."""

    groups: tuple[ReminderGroup, ...]
    more: str = ""  # how many deadlines with reminders are not listed ("12", or "40+"); "" when all are


@dataclass(frozen=True)
class CallLine:
    call: Call
    status: CallStatus
    watched: bool = False


@dataclass(frozen=True)
class CallsView:
    """The calls calendar: open calls (closing soon marked) to watch, closed ones listed apart."""

    lines: tuple[CallLine, ...]

    @property
    def open(self) -> tuple[CallLine, ...]:
        return tuple(line for line in self.lines if line.status != CallStatus.CLOSED)

    @property
    def closed(self) -> tuple[CallLine, ...]:
        return tuple(line for line in self.lines if line.status == CallStatus.CLOSED)

    @property
    def watched(self) -> frozenset[str]:
        return frozenset(line.call.id for line in self.lines if line.watched)


@dataclass(frozen=True)
class CallView:
    """One call: what it asks and costs, its dates, and what must happen by when (planning back)."""

    line: CallLine
    plan: CallPlan


@dataclass(frozen=True)
class WatchView:
    """Choose the offsets (and, in a channel, where) for watching a call."""

    call: Call
    offsets: str
    in_channel: bool
    error: bool = False


@dataclass(frozen=True)
class DeadlineDaysView:
    """Choose the days before one of a draft's dates that its reminders come (as for watching a call)."""

    draft_id: str
    field_id: str
    what: str  # the date field's label
    about: str  # the draft's title ("" when it has none yet)
    offsets: str  # as chosen before, or as typed when refused
    error: bool = False


@dataclass(frozen=True)
class CallFormView:
    """Adding a call: the form's inputs, after a refused save with the errors beside them and what was typed."""

    form: Step
    inputs: tuple[InputView, ...]

    @property
    def has_errors(self) -> bool:
        return any(i.error for i in self.inputs)


@dataclass(frozen=True)
class ApplicationView:
    """The application card: its inputs (stored or as typed, errors beside them) and, once saved, how many A4
    pages the motivation takes (it may take MOTIVATION_PAGES) with the documents to download."""

    call: Call
    inputs: tuple[InputView, ...]
    pages: int | None = None  # None: not saved yet

    @property
    def has_errors(self) -> bool:
        return any(i.error for i in self.inputs)


# --- sharing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareFormView:
    draft_id: str
    title: str
    people_picker: bool
    day_choices: tuple[int, ...]  # how long the link can work, in days
    days: int  # the one chosen (or the default)
    person: str = ""
    access: Access = Access.COMMENT
    ask: str | None = None  # None: the catalogue's default ask
    error: Notice | None = None  # why the share was not made; what was typed is kept


@dataclass(frozen=True)
class SharedWithYouView:
    """What the colleague gets in Teams: the draft's title, who shares it, what is asked, and the link."""

    owner_name: str
    draft_id: str
    title: str
    ask: str
    link: str
    share_id: str
    can_comment: bool
    expires_on: date


@dataclass(frozen=True)
class ReviewFormView:
    """The owner chooses their avdelningschef (Teams' people picker, or a name or e-mail) and what to ask."""

    draft_id: str
    title: str
    people_picker: bool
    person: str = ""  # what was typed, or the person suggested: the previous reviewer, else the plan's avdelningschef
    ask: str | None = None  # None: the catalogue's default ask
    error: Notice | None = None  # why it was not sent; what was typed is kept
    shown: str = ""  # the name of the person suggested in Teams' people picker (`person` is then their object id)
    reviewed: Reviewed = Reviewed.PROPOSAL


@dataclass(frozen=True)
class AssignFormView:
    """The owner gives a person the role a phase can be given (the kommunikatör): they get its reminders, and
    those of the other phases of that role (`phases`)."""

    draft_id: str
    title: str
    phase: Phase  # the phase the owner chose it from
    phases: tuple[Phase, ...]
    people_picker: bool
    current: str = ""  # who has it now
    person: str = ""
    error: Notice | None = None


@dataclass(frozen=True)
class RoleGivenView:
    """What the person given a role gets in Teams: who gave it in which dialogue and the phases still ahead whose
    reminders are now theirs (`told`), and a link to read the dialogue, bound to them as a share's, until a day."""

    draft_id: str
    told: Notice
    link: str
    expires_on: date


@dataclass(frozen=True)
class ReviewRequestView:
    """What the avdelningschef gets in Teams: whose proposal, what is asked, the link to read it, and
    Godkänn / Skicka tillbaka med kommentar."""

    owner_name: str
    draft_id: str
    title: str
    ask: str
    link: str  # "": none to show (a card shown again whose link could not be read back)
    share_id: str
    expires_on: date
    comment: str = ""  # after a refused answer: what was typed, and the error beside it
    error: Notice | None = None
    reviewed: Reviewed = Reviewed.PROPOSAL


@dataclass(frozen=True)
class ReviewDecisionView:
    """What the owner gets in Teams when the avdelningschef has decided: approved or returned, and the comment."""

    draft_id: str
    title: str
    who: str
    approved: bool
    comment: str
    reviewed: Reviewed = Reviewed.PROPOSAL


@dataclass(frozen=True)
class CommentNoticeView:
    draft_id: str
    title: str
    who: str
    text: str


class ShareState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class ShareLine:
    share_id: str
    recipient_name: str
    access: Access
    reviewed: Reviewed | None  # a review's: what it is about
    state: ShareState
    expires_on: date


@dataclass(frozen=True)
class LogLine:
    kind: ShareEventKind
    at: datetime
    who: str
    text: str
    reviewed: Reviewed | None  # of a review's share: what the reviewer approved or sent back


@dataclass(frozen=True)
class SharesView:
    """Who has access (with Återkalla) and who opened, commented on or downloaded the draft."""

    draft_id: str
    title: str
    shares: tuple[ShareLine, ...]
    log: tuple[LogLine, ...]


@dataclass(frozen=True)
class SharedPage:
    """What the shared link's page shows: the proposal once there is one (and after it the dialogue's phases
    and history), else the answered steps."""

    share: Share
    draft_title: str
    owner_name: str
    proposal: Proposal | None
    sections: tuple[ReviewSection, ...]
    comments: tuple[ShareEvent, ...]  # oldest first
    expires_on: date
    phases: PhasesView | None = None  # after the proposal: where the dialogue stands, and its recorded phases
    history: tuple[HistoryLine, ...] = ()
    error: Notice | None = None  # a comment that was not saved: why (the typed text is kept)
    typed: str = ""
    version: int | None = None  # the proposal's version the link names (its documents are that version's)
    newer: ProposalVersion | None = None  # the newest version, when it is later than the one shown


# --- the user's own data ("mina data") --------------------------------------------------------------


@dataclass(frozen=True)
class DataSummary:
    """How much the bot stores about someone, by kind."""

    drafts: int
    shares_given: int
    shares_received: int
    comments: int  # comments they wrote on drafts shared with them
    reminders: int
    watches: int
    conversations: int


@dataclass(frozen=True)
class MyDataView:
    """What the bot stores about the user, counted, with Exportera and Radera."""

    summary: DataSummary


@dataclass(frozen=True)
class ConfirmEraseView:
    summary: DataSummary


View = (
    Notice
    | WelcomeView
    | HelpView
    | StepView
    | AnsweredView
    | GateView
    | ReviewView
    | DraftListView
    | ConfirmDeleteView
    | ProposalView
    | InitiativeAnswerView
    | PhaseView
    | PhasesView
    | HistoryView
    | TextView
    | LinkView
    | AnswerView
    | ChooseTopicView
    | ReminderView
    | RemindersView
    | CallsView
    | CallView
    | CallFormView
    | ApplicationView
    | WatchView
    | DeadlineDaysView
    | ShareFormView
    | SharedWithYouView
    | CommentNoticeView
    | SharesView
    | MyDataView
    | ConfirmEraseView
    | NextStepsView
    | ReviewFormView
    | ReviewRequestView
    | ReviewDecisionView
    | AssignFormView
    | RoleGivenView
)

# What shows only words, or what was answered, and so needs the ways on beside it; every other view is a card
# with buttons of its own (tests/test_next_steps.py renders each to check).
WITHOUT_WAYS_ON = (Notice, AnsweredView)


def draft_of(view: View) -> str | None:
    """The one draft a view is about (its `draft_id`), if any: a list of drafts or reminders is about none."""
    draft_id = getattr(view, "draft_id", None)
    return draft_id if isinstance(draft_id, str) and draft_id else None


def leads_on(view: View) -> bool:
    """Whether the view offers a next step itself (a button or a link)."""
    return not isinstance(view, WITHOUT_WAYS_ON)


@dataclass(frozen=True)
class Reply:
    """What one turn answers, in order; which draft the user now works on; and (Teams) what the
    answered card becomes."""

    views: tuple[View, ...]
    # Which draft the user now works on in this conversation, or a draft they left (avbryt, parked, deleted,
    # proposed): to be stored, unless the use case stored it already (features/base.keep_focus).
    focus: Focus | None = None
    left: str | None = None
    answered: AnsweredView | None = None
    erased: bool = False  # the user's data was erased: the delivery forgets what it keeps about this conversation
    # Its focus and the card it ends with are stored (features/base.keep_focus, in the use case's unit of work).
    kept: bool = False


def reply(
    *views: View,
    focus: Focus | None = None,
    left: str | None = None,
    answered: AnsweredView | None = None,
    erased: bool = False,
) -> Reply:
    return Reply(views=views, focus=focus, left=left, answered=answered, erased=erased)


def step_count(total: int, may_add: int) -> str:
    """How many steps the draft has, as the card and "var är jag?" both say it: "12", or "12–13" while a step may
    still be added by an answer not yet given."""
    return f"{total}–{total + may_add}" if may_add else str(total)


def say(key: str, **values: MessageValue) -> Notice:
    return Notice(key, dict(values))


def when(days: int) -> Notice:
    """'i dag', 'i morgon', 'om 3 dagar', 'för 2 dagar sedan'."""
    if days == 0:
        return say("when_today")
    if days == 1:
        return say("when_tomorrow")
    return say("when_in_days", n=days) if days > 0 else say("when_days_ago", n=-days)
