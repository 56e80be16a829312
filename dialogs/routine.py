"""The routine as typed objects, read once from its data file and checked on the way in.

Nothing here knows about Teams or botbuilder: a routine is sections of text, roles with their
responsibilities, option lists, wizard steps with fields, and the shape of the proposal. Every
user-visible text is a `Text` holding Swedish and English. The models mirror the file, so a problem
is a RoutineError naming its place (`steps[0].fields[0].label.en: Field required`), or for a name
that points nowhere, the step, field, section or topic that has it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import yaml
from jinja2 import TemplateSyntaxError, nodes
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PositiveInt,
    PrivateAttr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from dialogs.actions import CONTROL_KEYS
from dialogs.documents.prose import environment, proper_words
from dialogs.fields import KINDS, FieldKind, kind_of, line_key
from dialogs.language import LANGS, Lang, normalise
from dialogs.share import Reviewed

DEFAULT_ROUTINE = Path(__file__).parent / "routines" / "hasselby-vallingby.yaml"
# What an example question may expect besides a topic or a role: one's own role unnamed, the routine's silence, small talk.
EXAMPLE_ANSWERS = ("ask_role", "none", "greeting", "thanks")
# The method catalogue an option list can be made of (`{from_catalog: true}`): SKR Dialogguiden-style methods.
METHOD_CATALOG = Path(__file__).parent / "catalog" / "methods.yaml"
# The option list of the children's ages: the catalogue's methods' `ages` are its values (dialogs/methods.AGES_FIELD).
CHILD_AGES = "child_ages"


class RoutineError(ValueError):
    """The routine file is not usable; the message names the place in the file."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True)


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Text(_Model):
    """One text in both languages."""

    sv: NonEmpty
    en: NonEmpty

    def __call__(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.sv


def _both_languages(words: Any) -> Any:
    """`{sv: [...], en: [...]}` word lists (synonyms, keywords): the words of both in one tuple."""
    if words is None:
        return ()
    if not isinstance(words, dict) or not set(words) <= set(LANGS) or not all(isinstance(w, list) for w in words.values()):
        raise ValueError("needs lists of words under 'sv' and 'en'")
    return [w for lang in LANGS for w in words.get(lang, [])]


Words = Annotated[tuple[str, ...], BeforeValidator(_both_languages)]


def _synonym_classes(classes: Any) -> Any:
    """`{sv: {word: [synonyms]}, en: {...}}`: each synonym (a word or a phrase) read as the word, both languages in
    one mapping."""
    if not isinstance(classes, dict) or not set(classes) <= set(LANGS):
        raise ValueError("needs synonym classes under 'sv' and 'en'")
    read: dict[str, str] = {}
    for lang in LANGS:
        for word, synonyms in (classes.get(lang) or {}).items():
            if not isinstance(synonyms, list):
                raise ValueError(f"{lang}: {word}: needs a list of words read as it")
            for synonym in synonyms:
                if read.setdefault(synonym, word) != word:
                    raise ValueError(f"{lang}: {synonym!r} is read as both {read[synonym]!r} and {word!r}")
    return read


SynonymClasses = Annotated[dict[str, str], BeforeValidator(_synonym_classes)]


class Requirement(_Model):
    """What an option needs of another answer to be chosen, and why (shown beside the field otherwise)."""

    field: str
    equals: str
    reason: Text


class Option(_Model):
    value: str
    label: Text
    help: Text | None = None
    requires: tuple[Requirement, ...] = ()  # answers the option is consistent with only

    @cached_property
    def typed(self) -> frozenset[str]:
        """The option as someone may type it, normalised: its value, or its label in either language."""
        return frozenset(normalise(text) for text in (self.value, self.label.sv, self.label.en))


class Level(Option):
    """A step of the participation ladder (SKR's delaktighetstrappa), beside the IAP2 spectrum's wording, with
    the promise to participants that goes with it. As an option its label names both and its help is the
    promise."""

    name: Text  # in a sentence: "konsultation"
    iap2: Text  # the IAP2 spectrum's word(s): "consult"
    promise: Text

    @model_validator(mode="before")
    @classmethod
    def _as_option(cls, raw: Any) -> Any:
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), dict) for k in ("name", "iap2", "promise")):
            return raw  # pydantic says what is missing
        name, iap2 = raw["name"], raw["iap2"]
        label = {lang: f"{str(name.get(lang, '')).capitalize()} – IAP2: {iap2.get(lang, '')}" for lang in LANGS}
        return {"label": label, "help": raw["promise"], **raw}


class Ladder(_Model):
    """The levels of influence a dialogue can offer, lowest first, and where the ladder comes from."""

    source: Text
    levels: tuple[Level, ...]


class Method(Option):
    """A method of the catalogue (dialogs/catalog/methods.yaml): what it is, the levels it serves, whom it
    reaches well (the routine's target groups, and audiences such as children), group size, time and cost as
    coarse indications, digital or physical, and a source."""

    description: Text
    levels: tuple[str, ...]
    groups: tuple[str, ...] = ()  # the routine's target groups (option values)
    children: bool = False  # reaches children and young people well
    children_only: bool = False  # made for children alone (a school class): not suggested when no children are affected
    # The children's ages it is made for (the routine's CHILD_AGES values; none: every age): not suggested, and not
    # counted as reaching the children, for a draft whose children are of other ages only.
    ages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()  # other groups it reaches well: the routine's `audiences` option values
    breadth: tuple[str, ...] = ()  # the routine's breadth values it suits
    channel: Literal["digital", "physical", "both"]
    group_size: Text
    time: Literal["low", "medium", "high"]
    cost: Literal["low", "medium", "high"]
    source: Text


_METHODS = TypeAdapter(tuple[Method, ...])


class _FromRoles(_Model):
    """An option list of the routine's roles, then `extra` options."""

    from_roles: Literal[True]
    extra: tuple[Option, ...] = ()


class _FromRoutine(_Model):
    """An option list made of the routine's participation ladder, or of the method catalogue."""

    from_ladder: bool = False
    from_catalog: bool = False


def _roles_first(options: Any, info: ValidationInfo) -> Any:
    if not isinstance(options, dict):
        return options
    if "from_roles" not in options:
        made = _FromRoutine.model_validate(options)
        if made.from_catalog:
            return _METHODS.validate_python(yaml.safe_load(METHOD_CATALOG.read_text(encoding="utf-8")))
        ladder: Ladder | None = info.data.get("participation_ladder")
        if made.from_ladder and ladder is not None:
            return ladder.levels
        raise ValueError("an option list made of the routine needs 'from_ladder' (and a participation_ladder) or 'from_catalog'")
    roles: tuple[Role, ...] = info.data.get("roles", ())
    return (*(Option(value=r.id, label=r.name) for r in roles), *_FromRoles.model_validate(options).extra)


def _distinct(options: tuple[Option, ...]) -> tuple[Option, ...]:
    if not options:
        raise ValueError("an option list needs at least one option")
    if duplicates := _duplicates(o.value for o in options):
        raise ValueError(f"option values must be unique: {duplicates}")
    return options


# A list of options, or `{from_roles: true, extra: [...]}`.
OptionList = Annotated[tuple[Option, ...], BeforeValidator(_roles_first), AfterValidator(_distinct)]
# Option lists a field may name though the file does not give them.
_DEFAULT_OPTION_LISTS: dict[str, tuple[Option, ...]] = {
    "yesno": (Option(value="yes", label=Text(sv="Ja", en="Yes")), Option(value="no", label=Text(sv="Nej", en="No"))),
}


def _field_id(value: str) -> str:

    if not value.isidentifier() or "__" in value or value in CONTROL_KEYS:
        raise ValueError(
            f"invalid field id {value!r}: use letters, digits and single underscores, not a digit first,"
            f" and none of {', '.join(sorted(CONTROL_KEYS))}"
        )
    return value


class Condition(_Model):
    """Another field has a given value: a step or a field is shown, a field is required, a lifecycle ends. `equals: ""`
    holds while that field has no answer (a description needed only when no method of the catalogue is ticked)."""

    field: str
    equals: str

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return (answers.get(self.field) or "") == self.equals


class Field(_Model):
    id: Annotated[str, AfterValidator(_field_id)]
    kind: FieldKind
    label: Text
    required: bool = True
    help: Text | None = None
    help_section: str | None = None
    placeholder: Text | None = None
    max_length: PositiveInt | None = None
    min: int | float | None = None
    max: int | float | None = None
    after: str | None = None  # a date: another date field it must be after
    not_before: str | None = None  # a date: another date field it must not be before
    not_past: bool = False  # a date: a newly given one is not before today (Europe/Stockholm)
    not_future: bool = False  # a date: not after today (something that has already happened)
    estimate: bool = False  # a number that is an estimate (a cost): "ca", "cirka", "about", "approx." before it are read
    whole: bool = False  # a number that is a count (participants, years): whole, and advice for a count when refused
    options: tuple[Option, ...] = ()  # in the file: the name of an option list
    remind: bool = False  # a date the owner is reminded of (dialogs/deadlines.py)
    # An earlier answer the card shows filled in until this field has one: what was planned, for what is recorded
    # (the nämnd's meeting from the planned decision date, the evaluation from how it was to be evaluated).
    suggested_from: str | None = None
    when: Condition | None = None  # on the card only when another (earlier) answer has a value
    # A multichoice offering only the options chosen in an earlier multichoice of the same list (the groups not
    # reached, of the groups the plan chose).
    options_from: str | None = None
    required_when: Condition | None = None  # required when another answer (on the card or earlier) has a value
    help_when: Condition | None = None  # its help shown only when another answer has a value (the help fits)
    # For a field repeated per chosen option (Step.repeat_for): the family id ("reach"); not in the file.
    family: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _kind_defaults(cls, raw: Any) -> Any:
        """What the file may leave out, by kind (dialogs/fields.py): a text's max_length, a yes/no field's options."""
        if not isinstance(raw, dict) or raw.get("kind") not in [*FieldKind]:
            return raw  # pydantic says what is wrong
        kind = KINDS[FieldKind(raw["kind"])]
        defaults = {"max_length": kind.max_length, "options": kind.default_option_list}
        return {**{key: value for key, value in defaults.items() if value is not None}, **raw}

    @field_validator("options", mode="before")
    @classmethod
    def _named_list(cls, options: Any, info: ValidationInfo) -> Any:
        """A name is one of the routine's option lists, which Routine passes as the validation context."""
        if not isinstance(options, str):
            return options
        lists: Mapping[str, tuple[Option, ...]] = info.context or _DEFAULT_OPTION_LISTS
        if options not in lists:
            raise ValueError(f"unknown option list {options!r}")
        return lists[options]

    @model_validator(mode="after")
    def _fits_kind(self) -> Self:
        if kind_of(self).has_options != bool(self.options):
            raise ValueError(f"a {self.kind} field {'needs' if kind_of(self).has_options else 'has no'} options")
        if self.remind and self.kind is not FieldKind.DATE:
            raise ValueError("only a date field has reminders ('remind')")
        if (self.not_past or self.not_future) and self.kind is not FieldKind.DATE:
            raise ValueError("only a date field is checked against today ('not_past', 'not_future')")
        if (self.estimate or self.whole) and self.kind is not FieldKind.NUMBER:
            raise ValueError("only a number field is an estimate or a count ('estimate', 'whole')")
        return self

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


def _for_answers(f: Field, answers: Mapping[str, Any]) -> Field:
    """The field as the draft's answers make it: no help where it does not fit (`help_when`), and only the options
    chosen earlier (`options_from`)."""
    changes: dict[str, Any] = {}
    if f.help_when is not None and not f.help_when.holds(answers):
        changes["help"] = None
    if f.options_from is not None:
        chosen = set(answers.get(f.options_from) or [])
        changes["options"] = tuple(o for o in f.options if o.value in chosen)
    return f.model_copy(update=changes) if changes else f


class Note(_Model):
    """A step's text for some drafts only: the routine's sentence on external initiatives on an external one."""

    text: Text
    when: Condition


def holding(notes: tuple[Note, ...], answers: Mapping[str, Any]) -> tuple[Text, ...]:
    """The texts of the notes whose condition the answers meet (a step's, a gate's)."""
    return tuple(note.text for note in notes if note.when.holds(answers))


class Gate(_Model):
    """Answers a step must have for the draft to go on (a value, or one of several); otherwise the routine
    explains why not."""

    pass_when: dict[str, str | tuple[str, ...]]
    section: str
    verdict: Text
    notes: tuple[Note, ...] = ()  # under the verdict, each when its condition holds (what is still owed, and to whom)

    def passes(self, answers: Mapping[str, Any]) -> bool:
        return all(self._allows(k, answers.get(k)) for k in self.pass_when)

    def fails(self, answers: Mapping[str, Any]) -> bool:
        """Whether an answer given already fails it, whatever the answers still missing will be (a question that
        cannot be influenced: no level of influence changes the verdict)."""
        return any(k in answers and not self._allows(k, answers[k]) for k in self.pass_when)

    def _allows(self, field_id: str, value: Any) -> bool:
        wanted = self.pass_when[field_id]
        return value in wanted if isinstance(wanted, tuple) else value == wanted


class RepeatNone(_Model):
    """What a repeated step's card says when an earlier answer excepts every option it would be repeated for
    (`repeat_except`: every target group marked not reached): the routine's words, and the earlier answers shown under
    them as recorded (`shows`)."""

    text: Text
    shows: tuple[str, ...] = ()


class Step(_Model):
    id: str
    title: Text
    fields: tuple[Field, ...]
    intro: Text | None = None
    intro_section: str | None = None
    help_section: str | None = None
    when: Condition | None = None
    gate: Gate | None = None
    notes: tuple[Note, ...] = ()  # under the intro, each when its condition holds
    # A multichoice field (the step's fields once per chosen option) or a lines field (once per line).
    repeat_for: str | None = None
    # A multichoice whose chosen options the step is not repeated for (participants: not for a group not reached).
    repeat_except: str | None = None
    repeat_none: RepeatNone | None = None  # required with repeat_except: its card when every option is excepted

    def applies(self, answers: Mapping[str, Any]) -> bool:
        return self.when is None or self.when.holds(answers)

    def fields_for(self, answers: Mapping[str, Any], chosen: tuple[Option, ...] = ()) -> tuple[Field, ...]:
        """The step's input fields for a draft: those whose condition holds; a repeated step has its fields
        once per chosen option (Routine.repeat_options)."""
        if self.repeat_for is None:
            return tuple(_for_answers(f, answers) for f in self.fields if f.when is None or f.when.holds(answers))
        return tuple(
            template.model_copy(
                update={
                    "id": _repeated_id(template, opt),
                    "label": Text(
                        sv=template.label.sv.format(option=opt.label.sv),
                        en=template.label.en.format(option=opt.label.en),
                    ),
                    "help": opt.help,
                    "family": template.id,
                }
            )
            for opt in chosen
            for template in self.fields
        )

    def required_ids(self, answers: Mapping[str, Any], chosen: tuple[Option, ...] = ()) -> tuple[str, ...]:
        """The ids of the required fields among those `fields_for` gives, without making them (whether a step is
        complete is asked of every step on every turn)."""
        if self.repeat_for is None:
            return tuple(f.id for f in self.fields if f.required and (f.when is None or f.when.holds(answers)))
        return tuple(_repeated_id(template, opt) for opt in chosen for template in self.fields if template.required)


def _repeated_id(template: Field, option: Option) -> str:
    """A repeated step's field for one option."""
    return f"{template.id}__{option.value}"


_STEPS = TypeAdapter(tuple[Step, ...])


class Section(_Model):
    id: str  # in the file: its key under `sections`
    title: Text
    text: Text
    items: tuple[Text, ...] = ()
    # The sections its text points to ("se nedan definition av medborgare"): shown with it wherever it is quoted.
    see: tuple[str, ...] = ()


class Duty(Text):
    """A line of a role's responsibilities, with the words people ask about it with ("vem skriver …?"); an id
    when a topic quotes it."""

    keywords: Words = ()
    id: str | None = None
    # A statement ("information … is given"), not a thing to do: the Swedish reads after "ansvarar för att" either
    # way; a list in English puts it after "ensure that" (messages: qa_duty_clause).
    clause: bool = False
    # Support to what another role's line holds ("ge stöd … för information och återkoppling"): a who-question about it
    # is the holder's, unless it asks for support (`questions.support_words`).
    supports: bool = False


class Role(_Model):
    id: str
    name: Text
    responsibilities: tuple[Duty, ...] = ()
    synonyms: Words = ()


class TopicSpec(_Model):
    """A subject people ask about: the routine's sections (and option list) that answer it, and their words."""

    id: str
    sections: tuple[str, ...] = ()
    keywords: Words = ()
    related: tuple[str, ...] = ()
    options: str | None = None
    steps: tuple[str, ...] = ()  # wizard steps whose intro and help texts are searched with the topic
    # Lines of roles' responsibilities the topic quotes, by role id and duty id; a topic of duty lines alone
    # has no section to take its title from, so it has a title of its own.
    duties: dict[str, tuple[str, ...]] = {}
    title: Text | None = None
    # Where the answer comes from when it is not the routine: the participation ladder, the method catalogue.
    source: Text | None = None
    # A request (an action's name) whose card holds the answer, offered as a button: the calls calendar.
    request: str | None = None


def _parses(source: str) -> str:
    """A document template must compile in the documents' environment: valid Jinja2, known filters (the
    fields it names are checked with the rest of the routine, in _templates_name_fields)."""
    try:
        environment("sv").compile(source)
    except TemplateSyntaxError as exc:  # TemplateAssertionError, an unknown filter, is one too
        raise ValueError(f"template: {exc.message} (line {exc.lineno})") from None
    return source


TemplateSource = Annotated[str, AfterValidator(_parses)]


class TemplateText(_Model):
    """One document template in both languages."""

    sv: TemplateSource
    en: TemplateSource

    def __call__(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.sv


def _in_both(templates: dict[Lang, tuple[str, ...]]) -> dict[Lang, tuple[str, ...]]:
    if set(templates) != set(LANGS):
        raise ValueError("needs a list of templates in 'sv' and 'en'")
    return templates


Templates = Annotated[dict[Lang, tuple[TemplateSource, ...]], AfterValidator(_in_both)]
NO_TEMPLATES: dict[Lang, tuple[str, ...]] = {"sv": (), "en": ()}


class DocumentSection(_Model):
    """A heading, its paragraphs (one template each), paragraphs written once per line of a lines field (as a
    text's `per_line`: `line.label` and `line.<field>`), and its subsections."""

    heading: Text
    text: Templates = NO_TEMPLATES
    each_line: str | None = None
    per_line: Templates = NO_TEMPLATES
    sections: tuple[DocumentSection, ...] = ()


class Ending(_Model):
    """A phase's answer that closes the dialogue there (a rejected proposal), with the field giving why."""

    when: Condition
    reason: str  # the field whose answer says why
    verdict: Text


class Phase(Step):
    """One phase of a dialogue's life after the proposal: a card like a step, with the routine's roles it
    belongs to (the first is whose it is: they are reminded of it), what is to be done in it, and possibly
    an ending."""

    roles: tuple[str, ...]
    next: Text  # what is to be done in this phase, as "the next thing to do"
    ends: Ending | None = None
    deadline: str | None = None  # the planning step's date it is due by: reminded before it, until it is recorded
    assign: str | None = None  # a role the owner can give a person for this phase: then its reminders go to them


_PHASES = TypeAdapter(tuple[Phase, ...])


class TextSpec(_Model):
    """A text the bot writes from the draft for the official to send (the information to the target groups, a
    letter to the initiator, the feedback to participants): opening paragraphs, paragraphs once per line of a
    lines field (`line` in their templates: its words as `label`, and its answers by field), closing ones.
    Offered on the card of `phase` and on the phases' overview once `needs` is recorded and `when` holds, while the
    dialogue goes through `phase`; `after_ending`: also once a phase has ended the dialogue before it (the answer to
    the initiator, which then says that the nämnd rejected the proposal)."""

    id: str
    phase: str
    title: Text
    when: Condition | None = None
    needs: str | None = None
    after_ending: bool = False
    opening: Templates = NO_TEMPLATES
    each_line: str | None = None
    per_line: Templates = NO_TEMPLATES
    closing: Templates = NO_TEMPLATES

    def offered(self, answers: Mapping[str, Any], done: Iterable[str]) -> bool:
        return (self.when is None or self.when.holds(answers)) and (self.needs is None or self.needs in done)


class DutyRef(_Model):
    """A line of a role's responsibilities (Role.responsibilities, by its id), quoted where the bot acts on it."""

    role: str
    duty: str


class ReviewSpec(_Model):
    """A document the owner sends to a person of the routine's `reviewer` role to approve or send back with a comment
    (features/review.py, one mechanism for each): on the card of `phase`; the line of responsibility it rests on (`duty`,
    quoted, and the owner whose role has it reviews it themselves; none: the reviewer's role is the owner's own review);
    the planning answer naming the reviewer, the form's first suggestion (`reviewer_field`)."""

    document: Reviewed
    phase: str
    reviewer: str
    duty: str | None = None
    reviewer_field: str | None = None

    @property
    def duty_ref(self) -> DutyRef | None:
        return DutyRef(role=self.reviewer, duty=self.duty) if self.duty else None

    @property
    def noted(self) -> str:
        """The phase its entries in a dialogue's history name: none for the proposal's (as before the redovisning was
        reviewed too), its phase for any other."""
        return "" if self.document is Reviewed.PROPOSAL else self.phase

    def key(self, base: str) -> str:
        return review_key(self.document, base)


def review_key(document: Reviewed | None, base: str) -> str:
    """The key of the bot's words `base` for the review of `document`: the proposal's are `base`, another's
    `base_<document>` (dialogs/locales/messages.yaml); a share that is no review (None) has `base`."""
    return base if document in (None, Reviewed.PROPOSAL) else f"{base}_{document}"


class Lifecycle(_Model):
    """The phases after the proposal, in order; after the last one the dialogue is closed. `decision` is
    the phase that records the nämnd's decision (typed "nämnden har beslutat")."""

    phases: tuple[Phase, ...]
    decision: str
    closed: Text  # what a closed dialogue's card says
    texts: tuple[TextSpec, ...] = ()
    report: ReportSpec | None = None
    reviews: tuple[ReviewSpec, ...] = ()  # the documents sent for review, each on its phase's card
    # The responsibility quoted when a decided plan is not changed (the decided dialogue is carried out).
    decided_plan: DutyRef | None = None

    def review(self, document: Reviewed) -> ReviewSpec | None:
        return next((r for r in self.reviews if r.document is document), None)

    @model_validator(mode="before")
    @classmethod
    def _no_single_review(cls, raw: Any) -> Any:
        """A routine file written for one review (`review`, `review_duty`, `reviewer_field`) is told what replaced them."""
        old = [key for key in ("review", "review_duty", "reviewer_field") if isinstance(raw, dict) and key in raw]
        if old:
            raise ValueError(
                f"{', '.join(old)}: replaced by lifecycle.reviews, a list of {{document, phase, reviewer, duty, reviewer_field}}"
            )
        return raw

    def review_on(self, phase_id: str) -> ReviewSpec | None:
        return next((r for r in self.reviews if r.phase == phase_id), None)

    @property
    def before_decision(self) -> tuple[Phase, ...]:
        """The phases recorded before the nämnd decides (Till nämnden): what a proposal may name of them (the meeting)."""
        ids = [p.id for p in self.phases]
        return self.phases[: ids.index(self.decision)] if self.decision in ids else ()

    @field_validator("phases", mode="before")
    @classmethod
    def _with_option_lists(cls, phases: Any, info: ValidationInfo) -> Any:
        return _PHASES.validate_python(phases, context=info.context)


class Signature(_Model):
    """Who signs: a role of the routine, and a template for the name (the district's, or an answer)."""

    role: str
    name: TemplateSource = ""


class HeaderSpec(_Model):
    """Templates for the header's values that come from the draft."""

    phone: TemplateSource = ""
    meeting: TemplateSource = ""
    dnr: TemplateSource = ""


PROPOSAL_LABELS = ("officer", "phone", "to", "meeting", "date", "dnr", "decision", "attachments")


class DocumentSpec(_Model):
    """A document for the nämnd in the tjänsteutlåtande's genre: the header's words, who signs, and templates
    for the title, the decision points, the sections and the attachments. `labels` are the header's words
    where they differ from the proposal's."""

    labels: dict[str, Text] = {}
    header: HeaderSpec = HeaderSpec()
    signatures: tuple[Signature, ...]
    title: TemplateText
    decision: Templates
    sections: tuple[DocumentSection, ...]
    attachments: Templates = NO_TEMPLATES


class ProposalSpec(DocumentSpec):
    """The tjänsteutlåtande, with the district's nämnd and förvaltning (every document's) and every label."""

    board: Text
    administration: Text
    # Words a draft's title may begin with that the documents' own words already say before it ("Förslag om
    # medborgardialog om …"): a title that begins with one goes on from it (the `topic` filter), never doubled.
    title_begins: Words = ()

    @field_validator("labels")
    @classmethod
    def _every_label(cls, labels: dict[str, Text]) -> dict[str, Text]:
        if missing := [name for name in PROPOSAL_LABELS if name not in labels]:
            raise ValueError(f"missing labels: {', '.join(missing)}")
        return labels


class MotivationSpec(_Model):
    """The motivation an application attaches (at most one A4 page): a title, the lines under it (who applies,
    when, whom to contact) and paragraphs, as templates."""

    title: TemplateText
    header: Templates = NO_TEMPLATES
    paragraphs: Templates


class ApplicationSpec(_Model):
    """Applying to an external call (an SKR network): the card's fields (`step`), the motivation, and the
    nämnd's tjänsteutlåtande in the genre of the proposal. Templates see the answers (`a`), the call (`call`),
    the cost in total (`total`), `board`, `administration`, `today` and the official applying (`officer`)."""

    step: Step
    motivation: MotivationSpec
    motivation_fields: tuple[str, ...]  # the fields the motivation is written from: a page check errs beside them
    proposal: DocumentSpec  # the nämnd, förvaltning and labels not given here are the proposal's

    @model_validator(mode="after")
    def _motivation_fields_exist(self) -> ApplicationSpec:
        ids = {f.id for f in self.step.fields}
        if missing := [fid for fid in self.motivation_fields if fid not in ids]:
            raise ValueError(f"motivation_fields: no such field: {', '.join(missing)}")
        return self


class ReportSpec(DocumentSpec):
    """The redovisning of a dialogue to the nämnd ("redovisning av dialog, underlag för beslut"), written once
    the phase `needs` is recorded; offered on the card of `phase` and on the closed file."""

    phase: str
    needs: str


class AnswerSpec(DocumentSpec):
    """The tjänsteutlåtande that answers an external initiative which a gate stops (outside the routine's scope, or
    no medborgardialog): the routine owes such an initiative an answer all the same. For drafts `when` holds;
    `reasons` says, for each gate step, why no dialogue is held (a clause for the decision). Templates see what the
    proposal's see, of the steps up to the gate, and `gate`: `title`, `verdict`, `section` (the routine section the
    gate quotes, by title), `quote` (that section's text) and `reason` (from `reasons`). `steps` are steps after the
    gates that the answer reads too and that stay open to a draft owed it: the tjänsteutlåtande's header and preparation
    (telephone, dnr, who signs), the same answers as the proposal's."""

    when: Condition
    reasons: dict[str, Text]
    steps: tuple[str, ...] = ()


class Questions(_Model):
    topics: tuple[TopicSpec, ...] = ()
    duty_words: Words = ()  # words that ask who holds a duty ("vem", "who"): answered with a role's duty line
    # Words that begin a clause saying when or why ("när", "innan", "when", "if"): in a who-question the duty asked about
    # is the clause of the words that ask who ("Vem tar emot det när en förening föreslår en dialog?" asks who receives).
    clause_words: Words = ()
    # Words that ask who supports a duty ("hjälper", "stöd", "helps"): only then does a line of support answer it.
    support_words: Words = ()
    # Words that say nothing of which part of the routine a question is about: the way it is put ("funkar",
    # "förklara", "explain") and the district's own name. Left out of matching, so that they count neither as
    # the routine's words nor as another subject's.
    neutral_words: Words = ()
    # Words that, right before a role's name, ask for a person ("vem är stadsdelsdirektör?"): the routine names
    # none, so the answer is the honest fallback, not the role's duties.
    person_words: Words = ()
    # Words for a post ("chef", "ordförande", "chair"): one asked for right after person_words is a person too ("vem är
    # förvaltningens HR-chef?", "who is the chair of the council?"), whom the routine does not name either.
    post_words: Words = ()
    # Words that ask for a figure ("hur många", "how many", "vad kostade"): the routine states no counts or costs, so
    # such a question is answered with the honest fallback, not with the section that names its subject.
    figure_words: Words = ()
    # What the routine does count ("hur många målgrupper finns det?": four): a figure asked of one of these is answered.
    counted_words: Words = ()
    # Words that ask what a role is responsible for ("ansvarig", "responsible"): with a role named, the question is about
    # its duties whatever words the routine lacks around them ("Jag är assistent åt stadsdelsdirektören. Vad är hon
    # ansvarig för?"). Neutral for topics, they are no sign of something else beside a role.
    responsibility_words: Words = ()
    # What the routine never speaks of ("säger nej", "rejects": it states the duties after a yes only): answered with the
    # honest fallback, like a figure.
    unstated_words: Words = ()
    # Words and phrases read as a word the routine uses for the same thing, in classes per language: a question
    # asking why ("varför", "why") asks for a purpose ("syfte", "purpose"). Read: phrase as typed -> its word.
    read_as: SynonymClasses = {}
    # The people a dialogue is with, said in the asker's words ("de anhöriga", "föräldrarna", "the young people"): in a
    # who-question read as the routine's target group, so that "vem ska informera de anhöriga?" is the line that
    # informs the target groups, not a definition. Only there: elsewhere "räknas anhöriga som medborgare?" is the
    # citizen's definition.
    group_words: SynonymClasses = {}
    # Example questions with the answer each should get (a topic, role_<id>, ask_role, none, greeting or thanks), in
    # both languages: read from the routine's examples file (`load_routine`), not from the routine file itself.
    examples: dict[str, Words] = {}


class Quote(_Model):
    """A passage of the routine: a section's text, or one of its items."""

    section: str
    item: int | None = None


class Coverage(_Model):
    """The coverage checks' data (dialogs/coverage.py): the passage of the routine each check quotes for why, and
    the most days after the dialogue ends that feedback may come, if the routine states it (this one does not)."""

    quotes: dict[str, Quote] = {}
    feedback_within_days: PositiveInt | None = None


class Routine(_Model):
    id: str
    name: Text
    organisation: Text
    version: str = ""
    next_revision: str = ""
    dialogguiden_url: str = ""
    sections: dict[str, Section] = {}
    roles: tuple[Role, ...] = ()
    participation_ladder: Ladder | None = None
    option_lists: dict[str, OptionList] = {}  # after roles and the ladder: a list may be made of them
    steps: tuple[Step, ...]  # after option_lists: fields name them
    proposal: ProposalSpec
    lifecycle: Lifecycle
    questions: Questions = Questions()
    application: ApplicationSpec | None = None  # applying to an external call (dialogs/documents/application.py)
    initiative_answer: AnswerSpec | None = None  # an external initiative a gate stops (documents/initiative_answer.py)
    coverage: Coverage = Coverage()
    _fields: dict[str, Field] = PrivateAttr(default_factory=dict)
    _names: frozenset[str] = PrivateAttr(default=frozenset())

    @field_validator("sections", mode="before")
    @classmethod
    def _ids_from_keys(cls, sections: Any) -> Any:
        if not isinstance(sections, dict):
            return sections
        return {sid: {**s, "id": sid} if isinstance(s, dict) else s for sid, s in sections.items()}

    @field_validator("steps", mode="before")
    @classmethod
    def _with_option_lists(cls, steps: Any, info: ValidationInfo) -> Any:
        """Fields name option lists: steps are read with the routine's lists as the validation context."""
        if "option_lists" not in info.data:
            raise ValueError("not checked, as the option lists have problems")
        return _STEPS.validate_python(steps, context={**_DEFAULT_OPTION_LISTS, **info.data["option_lists"]})

    @field_validator("lifecycle", mode="before")
    @classmethod
    def _phases_with_option_lists(cls, lifecycle: Any, info: ValidationInfo) -> Any:
        """The phases' fields name option lists too."""
        if "option_lists" not in info.data:
            raise ValueError("not checked, as the option lists have problems")
        context = {**_DEFAULT_OPTION_LISTS, **info.data["option_lists"]}
        return Lifecycle.model_validate(lifecycle, context=context)

    def model_post_init(self, context: Any, /) -> None:
        self._fields = {f.id: f for s in (*self.steps, *self.lifecycle.phases) for f in s.fields}
        self._names = proper_words(text.sv for s in self.sections.values() for text in (s.text, *s.items))

    @property
    def names(self) -> frozenset[str]:
        """The names the routine's Swedish text writes (a capital where no sentence begins): the district's places
        ('Råcksta', 'Vällingby'), bodies and sources. A document keeps their capitals wherever they stand."""
        return self._names

    @model_validator(mode="after")
    def _names_point_somewhere(self) -> Self:
        if problems := [problem for check in _REFERENCE_CHECKS for problem in check(self)]:
            raise ValueError("; ".join(problems))
        return self

    @property
    def topics(self) -> tuple[TopicSpec, ...]:
        return self.questions.topics

    def referred(self, section: Section) -> tuple[Section, ...]:
        """The sections `section`'s text points to (its `see`), to show where it is quoted."""
        return tuple(self.sections[s] for s in section.see)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def phases(self) -> tuple[Phase, ...]:
        return self.lifecycle.phases

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.lifecycle.phases if p.id == phase_id), None)

    def field(self, field_id: str) -> Field | None:
        return self._fields.get(field_id)

    def level_of(self, answers: Mapping[str, Any]) -> Level | None:
        """The level of influence a draft has chosen: its answer to a field whose options are the ladder's."""
        for f in (f for s in self.steps for f in s.fields):
            if isinstance(chosen := f.option(str(answers.get(f.id, ""))), Level):
                return chosen
        return None

    def quote(self, quote: Quote) -> Text:
        section = self.sections[quote.section]
        return section.text if quote.item is None else section.items[quote.item]

    def step_of(self, field_id: str) -> Step | None:
        """The planning step that asks for a field (a repeated field by its family)."""
        return next((s for s in self.steps if any(f.id == field_id for f in s.fields)), None)

    def asked_on(self, field_id: str) -> Step | None:
        """The planning step or the phase that asks for a field."""
        return self.step_of(field_id) or next((p for p in self.phases if any(f.id == field_id for f in p.fields)), None)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def duty(self, ref: DutyRef) -> tuple[Role, Duty] | None:
        """The role and its line of responsibility that `ref` names; None when it names none."""
        role = self.role(ref.role)
        duty = next((d for d in role.responsibilities if d.id == ref.duty), None) if role else None
        return (role, duty) if role and duty else None

    def fields_of(self, step: Step, answers: Mapping[str, Any]) -> tuple[Field, ...]:
        return step.fields_for(answers, self.repeat_options(step, answers))

    def required_of(self, step: Step, answers: Mapping[str, Any]) -> tuple[str, ...]:
        """The ids of the required fields among `fields_of`'s."""
        return step.required_ids(answers, self.repeat_options(step, answers))

    def repeat_options(self, step: Step, answers: Mapping[str, Any]) -> tuple[Option, ...]:
        """What a repeated step repeats over: the options chosen in its multichoice field, or the lines of its
        lines field (each line an option named by a digest of its words, so that answers follow the line)."""
        source = self.field(step.repeat_for) if step.repeat_for else None
        if source is None:
            return ()
        if source.kind is FieldKind.LINES:
            return tuple(Option(value=line_key(line), label=Text(sv=line, en=line)) for line in answers.get(source.id) or [])
        chosen = set(answers.get(source.id) or []) - set(answers.get(step.repeat_except or "") or [])
        return tuple(o for o in source.options if o.value in chosen)


# --- names that point elsewhere in the file must point at something that exists ----------------


def _duplicates(ids: Iterable[str]) -> str:
    return ", ".join(repr(i) for i, n in Counter(ids).items() if n > 1)


def _all_steps(r: Routine) -> tuple[Step, ...]:
    """The planning steps and the lifecycle's phases: one mechanism, checked alike."""
    return (*r.steps, *r.lifecycle.phases)


def _all_fields(r: Routine) -> Iterator[Field]:
    return (f for s in _all_steps(r) for f in s.fields)


def _has_kind(f: Field | None, kind: FieldKind) -> bool:
    return f is not None and f.kind is kind


def _unique_ids(r: Routine) -> Iterator[str]:
    if duplicates := _duplicates(s.id for s in _all_steps(r)):
        yield f"step and phase ids must be unique: {duplicates}"
    if duplicates := _duplicates(f.id for f in _all_fields(r)):
        yield f"field ids must be unique across steps: {duplicates}"


def _sections_exist(r: Routine) -> Iterator[str]:
    for s in _all_steps(r):
        for sec in (s.intro_section, s.help_section, s.gate.section if s.gate else None):
            if sec and sec not in r.sections:
                yield f"step {s.id}: unknown section {sec!r}"
    for f in _all_fields(r):
        if f.help_section and f.help_section not in r.sections:
            yield f"field {f.id}: unknown help_section {f.help_section!r}"
    for section in r.sections.values():
        yield from (f"section {section.id}: 'see' names unknown section {s!r}" for s in section.see if s not in r.sections)


def _conditions_name_fields(r: Routine) -> Iterator[str]:
    for s in _all_steps(r):
        if s.when and r.field(s.when.field) is None:
            yield f"step {s.id}: 'when' names unknown field {s.when.field!r}"
        notes = (*s.notes, *(s.gate.notes if s.gate else ()))
        yield from (f"step {s.id}: a note names unknown field {n.when.field!r}" for n in notes if r.field(n.when.field) is None)
        if s.gate:
            yield from (f"step {s.id}: gate names unknown field {k!r}" for k in s.gate.pass_when if r.field(k) is None)
        repeated = r.field(s.repeat_for) if s.repeat_for else None
        if s.repeat_for and not (_has_kind(repeated, FieldKind.MULTICHOICE) or _has_kind(repeated, FieldKind.LINES)):
            yield f"step {s.id}: repeat_for must name a multichoice or lines field"
        if s.repeat_except and not (_has_kind(repeated, FieldKind.MULTICHOICE) and _same_options(r, s.repeat_except, repeated)):
            yield f"step {s.id}: repeat_except must name a multichoice of the options repeat_for repeats over"
        if bool(s.repeat_except) != bool(s.repeat_none):
            yield f"step {s.id}: repeat_except and repeat_none (its card when every option is excepted) go together"
        shown = s.repeat_none.shows if s.repeat_none else ()
        yield from (f"step {s.id}: repeat_none shows unknown field {f!r}" for f in shown if r.field(f) is None)
        for f in s.fields:
            if f.options_from and not (f.kind is FieldKind.MULTICHOICE and _same_options(r, f.options_from, f)):
                yield f"field {f.id}: options_from must name a multichoice of the same options"
            for rule, cond in (("when", f.when), ("required_when", f.required_when), ("help_when", f.help_when)):
                if cond and r.field(cond.field) is None:
                    yield f"field {f.id}: {rule!r} names unknown field {cond.field!r}"


def _same_options(r: Routine, field_id: str, other: Field | None) -> bool:
    """Whether `field_id` names a multichoice with the same options as `other`."""
    named = r.field(field_id)
    return named is not None and other is not None and named.kind is FieldKind.MULTICHOICE and named.options == other.options


def _lifecycle_points_somewhere(r: Routine) -> Iterator[str]:
    if r.phase(r.lifecycle.decision) is None:
        yield f"lifecycle: decision names unknown phase {r.lifecycle.decision!r}"
    if duplicates := _duplicates(t.id for t in r.lifecycle.texts):
        yield f"text ids must be unique: {duplicates}"
    for t in r.lifecycle.texts:
        yield from (f"text {t.id}: unknown phase {p!r}" for p in (t.phase, t.needs) if p and r.phase(p) is None)
        if t.when and r.field(t.when.field) is None:
            yield f"text {t.id}: 'when' names unknown field {t.when.field!r}"
        if t.each_line and not _has_kind(r.field(t.each_line), FieldKind.LINES):
            yield f"text {t.id}: each_line must name a lines field"
    if duplicates := _duplicates(str(review.document) for review in r.lifecycle.reviews):
        yield f"lifecycle: a document is reviewed once: {duplicates}"
    for review in r.lifecycle.reviews:
        if r.phase(review.phase) is None:
            yield f"lifecycle: review names unknown phase {review.phase!r}"
        if review.reviewer_field and r.field(review.reviewer_field) is None:
            yield f"lifecycle: reviewer_field names unknown field {review.reviewer_field!r}"
        if r.role(review.reviewer) is None:
            yield f"lifecycle: review names unknown reviewer role {review.reviewer!r}"
        if (ref := review.duty_ref) and r.duty(ref) is None:
            yield f"lifecycle: review names unknown duty {ref.role}.{ref.duty}"
    if (ref := r.lifecycle.decided_plan) and r.duty(ref) is None:
        yield f"lifecycle: decided_plan names unknown duty {ref.role}.{ref.duty}"
    if report := r.lifecycle.report:
        yield from (f"report: unknown phase {p!r}" for p in (report.phase, report.needs) if r.phase(p) is None)
    for where, spec in _documents(r):
        for section in _every_section(spec.sections):
            if section.each_line and not _has_kind(r.field(section.each_line), FieldKind.LINES):
                yield f"{where} section {section.heading.sv!r}: each_line must name a lines field"
    for p in r.lifecycle.phases:
        yield from (f"phase {p.id}: unknown role {role!r}" for role in p.roles if r.role(role) is None)
        if p.assign and p.assign not in p.roles:
            yield f"phase {p.id}: 'assign' must be one of its roles, not {p.assign!r}"
        if p.deadline and p.deadline not in {f.id for s in r.steps for f in s.fields if f.remind}:
            yield f"phase {p.id}: 'deadline' must name a planning step's date to remind of, not {p.deadline!r}"
        if not p.roles:
            yield f"phase {p.id}: needs the role it belongs to"
        if p.ends and r.field(p.ends.when.field) is None:
            yield f"phase {p.id}: 'ends' names unknown field {p.ends.when.field!r}"
        if p.ends and p.ends.reason not in {f.id for f in p.fields}:
            yield f"phase {p.id}: 'ends' reason must be a field of the phase, not {p.ends.reason!r}"


def _date_rules_name_dates(r: Routine) -> Iterator[str]:
    for f in _all_fields(r):
        for other in (f.after, f.not_before):
            if other and not _has_kind(r.field(other), FieldKind.DATE):
                yield f"field {f.id}: date rule names unknown date field {other!r}"
        if f.suggested_from and not _has_kind(r.field(f.suggested_from), f.kind):
            yield f"field {f.id}: 'suggested_from' must name a field of its kind ({f.kind}), not {f.suggested_from!r}"


def _every_section(sections: tuple[DocumentSection, ...]) -> Iterator[DocumentSection]:
    for section in sections:
        yield section
        yield from _every_section(section.sections)


def _documents(r: Routine) -> Iterator[tuple[str, DocumentSpec]]:
    """The documents for the nämnd, with their place in the file: the proposal, the redovisning, and the answer to an
    external initiative stopped at a gate."""
    yield "proposal", r.proposal
    if r.lifecycle.report:
        yield "lifecycle.report", r.lifecycle.report
    if r.initiative_answer:
        yield "initiative_answer", r.initiative_answer


def _signatures_name_roles(r: Routine) -> Iterator[str]:
    for where, spec in _documents(r):
        for i, sign in enumerate(spec.signatures):
            if r.role(sign.role) is None:
                yield f"{where} signature {i}: unknown role {sign.role!r}"


_ANSWER_FUNCTIONS = frozenset({"shown", "shows", "each", "lines"})  # called with a field id (dialogs/documents/proposal.py)


def _fields_named(source: str) -> Iterator[str]:
    """The field ids a template reads: `a.x`, `a["x"]`, `shown("x")`, `shows("x")`, `each("x")`, `lines("x")`."""
    tree = environment("sv").parse(source)
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Call)):
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name == "a":
            yield node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name == "a":
            if isinstance(node.arg, nodes.Const):
                yield str(node.arg.value)
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in _ANSWER_FUNCTIONS:
            yield from (str(arg.value) for arg in node.args if isinstance(arg, nodes.Const))


def _proposal_templates(r: Routine) -> Iterator[tuple[str, str]]:
    """(place in the file, template) for every template of the documents and of the lifecycle's texts."""
    for where, spec in _documents(r):
        yield from _document_templates(spec, where)
    for t in r.lifecycle.texts:
        for part in ("opening", "per_line", "closing"):
            templates = getattr(t, part)
            yield from ((f"text {t.id}.{part}.{lang}[{i}]", s) for lang in LANGS for i, s in enumerate(templates[lang]))


def _document_templates(spec: DocumentSpec, where: str) -> Iterator[tuple[str, str]]:
    yield from ((f"{where}.title.{lang}", spec.title(lang)) for lang in LANGS)
    yield from ((f"{where}.header.{name}", getattr(spec.header, name)) for name in ("phone", "meeting", "dnr"))
    yield from ((f"{where}.signatures[{i}].name", sign.name) for i, sign in enumerate(spec.signatures))
    for name in ("decision", "attachments"):
        templates: dict[Lang, tuple[str, ...]] = getattr(spec, name)
        yield from ((f"{where}.{name}.{lang}[{i}]", t) for lang in LANGS for i, t in enumerate(templates[lang]))

    def sections(specs: tuple[DocumentSection, ...], place: str) -> Iterator[tuple[str, str]]:
        for n, section in enumerate(specs):
            at = f"{place}[{n}]"
            for part in ("text", "per_line"):
                templates = getattr(section, part)
                yield from ((f"{at}.{part}.{lang}[{i}]", t) for lang in LANGS for i, t in enumerate(templates[lang]))
            yield from sections(section.sections, f"{at}.sections")

    yield from sections(spec.sections, f"{where}.sections")


def _templates_name_fields(r: Routine) -> Iterator[str]:
    """A misspelt field in a template would silently leave a gap in every proposal: name it."""
    for place, source in _proposal_templates(r):
        for name in dict.fromkeys(_fields_named(source)):
            if r.field(name) is None:
                yield f"{place}: unknown field {name!r}"


def _topics_point_somewhere(r: Routine) -> Iterator[str]:
    topic_ids = {t.id for t in r.topics} | {f"role_{role.id}" for role in r.roles}  # a role is a topic too
    for t in r.topics:
        yield from (f"topic {t.id}: unknown section {sec!r}" for sec in t.sections if sec not in r.sections)
        yield from (f"topic {t.id}: unknown related topic {rel!r}" for rel in t.related if rel not in topic_ids)
        if t.options and t.options not in r.option_lists:
            yield f"topic {t.id}: unknown option list {t.options!r}"
        yield from (f"topic {t.id}: unknown step {step!r}" for step in t.steps if r.step(step) is None)
        for role_id, duty_ids in t.duties.items():
            role = r.role(role_id)
            known = {d.id for d in role.responsibilities} if role else set()
            yield from (f"topic {t.id}: unknown duty {role_id}.{d}" for d in duty_ids if d not in known)
        if not t.sections and t.title is None:
            yield f"topic {t.id}: needs a section or a title"
    answers = topic_ids | set(EXAMPLE_ANSWERS)
    yield from (f"examples: unknown answer {label!r}" for label in r.questions.examples if label not in answers)


def _planning_help_points_somewhere(r: Routine) -> Iterator[str]:
    """Options' requirements name fields; the catalogue's methods name levels and option values that exist;
    the coverage checks quote sections that exist."""
    lists = r.option_lists
    for name, options in lists.items():
        for o in options:
            for need in o.requires:
                if r.field(need.field) is None:
                    yield f"option_lists.{name}.{o.value}: 'requires' names unknown field {need.field!r}"
    levels = {level.value for level in r.participation_ladder.levels} if r.participation_ladder else set()
    known = {name: {o.value for o in lists.get(name, ())} for name in ("target_groups", "audiences", "breadth", CHILD_AGES)}
    for method in (o for options in lists.values() for o in options if isinstance(o, Method)):
        named = {"levels": (method.levels, levels), "groups": (method.groups, known["target_groups"])}
        named |= {"audiences": (method.audiences, known["audiences"]), "breadth": (method.breadth, known["breadth"])}
        named |= {"ages": (method.ages, known[CHILD_AGES])}
        for what, (values, allowed) in named.items():
            yield from (f"method {method.value}: unknown {what} {v!r}" for v in values if v not in allowed)
    for check, quote in r.coverage.quotes.items():
        section = r.sections.get(quote.section)
        if section is None or (quote.item is not None and not 0 <= quote.item < len(section.items)):
            yield f"coverage.quotes.{check}: unknown section or item {quote.section!r}"


def _answer_points_somewhere(r: Routine) -> Iterator[str]:
    """The initiative answer's condition names a field, it has a reason for every gate and none for a step without
    one, and the steps it also reads are steps after the gates."""
    answer = r.initiative_answer
    if answer is None:
        return
    if r.field(answer.when.field) is None:
        yield f"initiative_answer: 'when' names unknown field {answer.when.field!r}"
    gates = {s.id for s in r.steps if s.gate}
    yield from (f"initiative_answer: no reason for the gate of step {g!r}" for g in sorted(gates - set(answer.reasons)))
    yield from (f"initiative_answer: reasons name {g!r}, a step without a gate" for g in answer.reasons if g not in gates)
    ids = [s.id for s in r.steps]
    last_gate = max((ids.index(g) for g in gates), default=-1)
    for sid in answer.steps:
        if sid not in ids:
            yield f"initiative_answer: steps name unknown step {sid!r}"
        elif ids.index(sid) <= last_gate:
            yield f"initiative_answer: steps name {sid!r}, a step before a gate (read anyway)"


_REFERENCE_CHECKS: tuple[Callable[[Routine], Iterator[str]], ...] = (
    _unique_ids,
    _sections_exist,
    _conditions_name_fields,
    _date_rules_name_dates,
    _signatures_name_roles,
    _templates_name_fields,
    _topics_point_somewhere,
    _lifecycle_points_somewhere,
    _planning_help_points_somewhere,
    _answer_points_somewhere,
)


# --- loading --------------------------------------------------------------------------------------


def _where(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as a path in the file: steps[0].fields[0].label."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).removeprefix(".")


def _problem(error: ErrorDetails) -> str:
    reason = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
    return f"{_where(error['loc'])}: {reason}" if error["loc"] else reason


def parse_routine(raw: Any) -> Routine:
    """A routine from a routine file's data; every problem is in the RoutineError, each naming its place."""
    try:
        return Routine.model_validate(raw)
    except ValidationError as exc:
        raise RoutineError("; ".join(_problem(e) for e in exc.errors())) from None


def load_routine(path: Path | None = None) -> Routine:
    """Read and check a routine file, by default Hässelby-Vällingby's, with its example questions when the file beside
    it holds them (`<routine>.examples.yaml`: its `examples`, the routine's `questions.examples`, and nothing else)."""
    path = path or DEFAULT_ROUTINE
    raw = _read_yaml(path, "routine")
    examples = path.with_suffix(".examples.yaml")
    if examples.exists() and isinstance(raw, dict):
        raw["questions"] = {**(raw.get("questions") or {}), **_examples(examples)}
    try:
        return parse_routine(raw)
    except RoutineError as exc:
        raise RoutineError(f"{path}: {exc}") from None


def _read_yaml(path: Path, what: str) -> Any:
    """A YAML file's content; RoutineError naming the file (`what` it is) when it cannot be read or parsed."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RoutineError(f"{path}: cannot read {what}: {exc}") from exc


def _examples(path: Path) -> dict[str, Any]:
    """The example questions file's `examples` key, for the routine's `questions`; any other top-level key is refused
    (it would otherwise replace the routine's own questions settings unseen)."""
    raw = _read_yaml(path, "example questions") or {}
    if not isinstance(raw, dict):
        raise RoutineError(f"{path}: example questions: expected a mapping with the key 'examples'")
    if other := sorted(str(key) for key in raw if key != "examples"):
        raise RoutineError(f"{path}: example questions: only the key 'examples' is read, not {', '.join(other)}")
    return {"examples": raw["examples"]} if "examples" in raw else {}
