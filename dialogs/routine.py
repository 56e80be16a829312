"""The routine as typed objects, loaded once from its data file.

Nothing here knows about Teams or botbuilder: a routine is sections of text, roles with their
responsibilities, option lists, wizard steps with fields, and the shape of the proposal. Every
user-visible text is a `Text` holding Swedish and English.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")
FIELD_KINDS = ("text", "longtext", "date", "number", "choice", "multichoice", "yesno")
# Keys every card submission carries; a field id must not collide with them.
RESERVED_KEYS = frozenset({"action", "draft", "step", "version"})
DEFAULT_ROUTINE = Path(__file__).parent / "routines" / "hasselby-vallingby.yaml"


class RoutineError(ValueError):
    """The routine file is not usable; the message names the place in the file."""


@dataclass(frozen=True)
class Text:
    """One text in both languages."""

    sv: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    help: Text | None = None


@dataclass(frozen=True)
class Field:
    id: str
    kind: str
    label: Text
    required: bool = True
    help: Text | None = None
    help_section: str | None = None
    placeholder: Text | None = None
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    after: str | None = None
    not_before: str | None = None
    options: tuple[Option, ...] = ()
    remind: bool = False  # a date the owner is reminded of (dialogs/reminders.py)
    # For a field repeated per chosen option: the family id ("reach") and that option.
    family: str | None = None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Condition:
    """Show a step only when another field has a given value."""

    field: str
    equals: str

    def holds(self, answers: dict[str, Any]) -> bool:
        return answers.get(self.field) == self.equals


@dataclass(frozen=True)
class Gate:
    """Answers a step must have for the draft to go on; otherwise the routine explains why not."""

    pass_when: dict[str, str]
    section: str
    verdict: Text

    def passes(self, answers: dict[str, Any]) -> bool:
        return all(answers.get(k) == v for k, v in self.pass_when.items())


@dataclass(frozen=True)
class Step:
    id: str
    title: Text
    styrkarta: str
    fields: tuple[Field, ...]
    intro: Text | None = None
    intro_section: str | None = None
    help_section: str | None = None
    when: Condition | None = None
    gate: Gate | None = None
    repeat_for: str | None = None

    def applies(self, answers: dict[str, Any]) -> bool:
        return self.when is None or self.when.holds(answers)

    def fields_for(self, answers: dict[str, Any], repeat_options: tuple[Option, ...] = ()) -> tuple[Field, ...]:
        """The step's input fields for a draft: a repeated step has one field per chosen option."""
        if self.repeat_for is None:
            return self.fields
        chosen = set(answers.get(self.repeat_for) or [])
        return tuple(
            replace(
                template,
                id=f"{template.id}__{opt.value}",
                label=Text(
                    sv=template.label.sv.format(option=opt.label.sv),
                    en=template.label.en.format(option=opt.label.en),
                ),
                help=opt.help,
                family=template.id,
            )
            for opt in repeat_options
            if opt.value in chosen
            for template in self.fields
        )


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    text: Text
    items: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Role:
    id: str
    name: Text
    responsibilities: tuple[Text, ...]
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicSpec:
    """A subject people ask about: the routine's sections (and option list) that answer it, and their words."""

    id: str
    sections: tuple[str, ...]
    keywords: tuple[str, ...]
    related: tuple[str, ...] = ()
    options: str | None = None


@dataclass(frozen=True)
class ProposalSection:
    id: str
    heading: Text
    styrkarta: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ProposalSpec:
    decision: dict[Lang, tuple[str, ...]]
    decision_external: Text
    summary: Text
    preparation: Text
    preparation_communicator: Text
    headings: dict[str, Text]
    sections: tuple[ProposalSection, ...]


@dataclass(frozen=True)
class Routine:
    id: str
    name: Text
    organisation: Text
    version: str
    next_revision: str
    dialogguiden_url: str
    sections: dict[str, Section]
    roles: tuple[Role, ...]
    option_lists: dict[str, tuple[Option, ...]]
    steps: tuple[Step, ...]
    styrkarta_title: Text
    styrkarta_parts: dict[str, Text]
    proposal: ProposalSpec
    topics: tuple[TopicSpec, ...] = ()
    _fields: dict[str, Field] = field(default_factory=dict, repr=False)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def field(self, field_id: str) -> Field | None:
        return self._fields.get(field_id)

    def step_of_field(self, field_id: str) -> Step | None:
        family = field_id.split("__", 1)[0]
        return next((s for s in self.steps if any(f.id == family for f in s.fields)), None)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def fields_of(self, step: Step, answers: dict[str, Any]) -> tuple[Field, ...]:
        repeat_options: tuple[Option, ...] = ()
        if step.repeat_for:
            source = self.field(step.repeat_for)
            repeat_options = source.options if source else ()
        return step.fields_for(answers, repeat_options)


# --- loading --------------------------------------------------------------------------------


def _text(raw: Any, where: str) -> Text:
    if not isinstance(raw, dict) or not all(isinstance(raw.get(lang), str) and raw[lang].strip() for lang in LANGS):
        raise RoutineError(f"{where}: needs non-empty 'sv' and 'en' texts")
    return Text(sv=raw["sv"].strip(), en=raw["en"].strip())


def _opt_text(raw: Any, where: str) -> Text | None:
    return None if raw is None else _text(raw, where)


def _word_lists(raw: Any, where: str) -> tuple[str, ...]:
    """{sv: [...], en: [...]} word lists (synonyms, keywords), both languages in one tuple."""
    raw = raw or {}
    if not isinstance(raw, dict) or not all(isinstance(raw.get(lang, []), list) for lang in LANGS):
        raise RoutineError(f"{where}: needs lists of words under 'sv' and 'en'")
    return tuple(str(w) for lang in LANGS for w in raw.get(lang, []))


def _options(raw: Any, where: str, roles: tuple[Role, ...]) -> tuple[Option, ...]:
    if isinstance(raw, dict) and raw.get("from_roles"):
        base = tuple(Option(value=r.id, label=r.name) for r in roles)
        return base + _options(raw.get("extra", []), f"{where}.extra", roles)
    if not isinstance(raw, list) or not raw:
        raise RoutineError(f"{where}: an option list must be a non-empty list")
    opts = tuple(
        Option(
            value=str(o["value"]),
            label=_text(o.get("label"), f"{where}[{i}].label"),
            help=_opt_text(o.get("help"), f"{where}[{i}].help"),
        )
        for i, o in enumerate(raw)
    )
    if len({o.value for o in opts}) != len(opts):
        raise RoutineError(f"{where}: option values must be unique")
    return opts


def _field(raw: dict[str, Any], where: str, option_lists: dict[str, tuple[Option, ...]]) -> Field:
    kind = raw.get("kind")
    if kind not in FIELD_KINDS:
        raise RoutineError(f"{where}: kind must be one of {', '.join(FIELD_KINDS)}")
    field_id = str(raw.get("id", ""))
    if not field_id.isidentifier() or field_id in RESERVED_KEYS or "__" in field_id:
        raise RoutineError(f"{where}: invalid field id {field_id!r}")
    options: tuple[Option, ...] = ()
    if kind in ("choice", "multichoice"):
        list_name = raw.get("options")
        if list_name not in option_lists:
            raise RoutineError(f"{where}: unknown option list {list_name!r}")
        options = option_lists[list_name]
    elif kind == "yesno":
        options = option_lists.get("yesno") or (
            Option("yes", Text("Ja", "Yes")),
            Option("no", Text("Nej", "No")),
        )
    return Field(
        id=field_id,
        kind=kind,
        label=_text(raw.get("label"), f"{where}.label"),
        required=bool(raw.get("required", True)),
        help=_opt_text(raw.get("help"), f"{where}.help"),
        help_section=raw.get("help_section"),
        placeholder=_opt_text(raw.get("placeholder"), f"{where}.placeholder"),
        max_length=raw.get("max_length", 4000 if kind == "longtext" else 200 if kind == "text" else None),
        min=raw.get("min"),
        max=raw.get("max"),
        after=raw.get("after"),
        not_before=raw.get("not_before"),
        options=options,
        remind=bool(raw.get("remind", False)) and kind == "date",
    )


def load_routine(path: str | os.PathLike[str] | None = None) -> Routine:
    """Read and check a routine file; every problem is a RoutineError naming where it is."""
    path = Path(path or os.environ.get("ROUTINE_FILE") or DEFAULT_ROUTINE)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RoutineError(f"{path}: cannot read routine: {exc}") from exc
    if not isinstance(raw, dict):
        raise RoutineError(f"{path}: not a routine")
    return parse_routine(raw)


def parse_routine(raw: dict[str, Any]) -> Routine:
    sections = {
        sid: Section(
            id=sid,
            title=_text(s.get("title"), f"sections.{sid}.title"),
            text=_text(s.get("text"), f"sections.{sid}.text"),
            items=tuple(_text(t, f"sections.{sid}.items[{i}]") for i, t in enumerate(s.get("items") or [])),
        )
        for sid, s in (raw.get("sections") or {}).items()
    }
    roles = tuple(
        Role(
            id=r["id"],
            name=_text(r.get("name"), f"roles[{i}].name"),
            responsibilities=tuple(
                _text(t, f"roles[{i}].responsibilities[{j}]") for j, t in enumerate(r.get("responsibilities") or [])
            ),
            synonyms=_word_lists(r.get("synonyms"), f"roles[{i}].synonyms"),
        )
        for i, r in enumerate(raw.get("roles") or [])
    )
    option_lists = {
        name: _options(opts, f"option_lists.{name}", roles) for name, opts in (raw.get("option_lists") or {}).items()
    }
    styrkarta = raw.get("styrkarta") or {}
    parts = {pid: _text(t, f"styrkarta.parts.{pid}") for pid, t in (styrkarta.get("parts") or {}).items()}

    steps = []
    for i, s in enumerate(raw.get("steps") or []):
        where = f"steps[{i}]"
        gate = s.get("gate")
        when = s.get("when")
        steps.append(
            Step(
                id=str(s.get("id")),
                title=_text(s.get("title"), f"{where}.title"),
                styrkarta=s.get("styrkarta", ""),
                fields=tuple(_field(f, f"{where}.fields[{j}]", option_lists) for j, f in enumerate(s.get("fields") or [])),
                intro=_opt_text(s.get("intro"), f"{where}.intro"),
                intro_section=s.get("intro_section"),
                help_section=s.get("help_section"),
                when=Condition(field=when["field"], equals=str(when["equals"])) if when else None,
                gate=Gate(
                    pass_when={k: str(v) for k, v in gate["pass_when"].items()},
                    section=gate["section"],
                    verdict=_text(gate.get("verdict"), f"{where}.gate.verdict"),
                )
                if gate
                else None,
                repeat_for=s.get("repeat_for"),
            )
        )
    steps_t = tuple(steps)

    p = raw.get("proposal") or {}
    decision = p.get("decision") or {}
    if not all(isinstance(decision.get(lang), list) and decision[lang] for lang in LANGS):
        raise RoutineError("proposal.decision: needs a list of decision points in 'sv' and 'en'")
    headings = {key: _text(t, f"proposal.headings.{key}") for key, t in (p.get("headings") or {}).items()}
    proposal = ProposalSpec(
        decision={lang: tuple(decision[lang]) for lang in LANGS},
        decision_external=_text(p.get("decision_external"), "proposal.decision_external"),
        summary=_text(p.get("summary"), "proposal.summary"),
        preparation=_text(p.get("preparation"), "proposal.preparation"),
        preparation_communicator=_text(p.get("preparation_communicator"), "proposal.preparation_communicator"),
        headings=headings,
        sections=tuple(
            ProposalSection(
                id=ps["id"],
                heading=headings[ps["heading"]] if isinstance(ps["heading"], str) else _text(ps["heading"], f"proposal.sections[{i}].heading"),
                styrkarta=ps.get("styrkarta", ""),
                fields=tuple(ps.get("fields") or []),
            )
            for i, ps in enumerate(p.get("sections") or [])
        ),
    )
    fields = {f.id: f for s in steps_t for f in s.fields}
    topics = tuple(
        TopicSpec(
            id=str(t["id"]),
            sections=tuple(t.get("sections") or []),
            keywords=_word_lists(t.get("keywords"), f"questions.topics[{i}].keywords"),
            related=tuple(t.get("related") or []),
            options=t.get("options"),
        )
        for i, t in enumerate((raw.get("questions") or {}).get("topics") or [])
    )
    routine = Routine(
        id=str(raw.get("id")),
        name=_text(raw.get("name"), "name"),
        organisation=_text(raw.get("organisation"), "organisation"),
        version=str(raw.get("version", "")),
        next_revision=str(raw.get("next_revision", "")),
        dialogguiden_url=str(raw.get("dialogguiden_url", "")),
        sections=sections,
        roles=roles,
        option_lists=option_lists,
        steps=steps_t,
        styrkarta_title=_text(styrkarta.get("title"), "styrkarta.title"),
        styrkarta_parts=parts,
        proposal=proposal,
        topics=topics,
        _fields=fields,
    )
    _check_references(routine, sum(len(s.fields) for s in steps_t))
    return routine


def _check_references(r: Routine, field_count: int) -> None:
    """Ids that point elsewhere in the file must point at something that exists."""
    problems: list[str] = []
    if len({s.id for s in r.steps}) != len(r.steps):
        problems.append("step ids must be unique")
    if len(r._fields) != field_count:
        problems.append("field ids must be unique across steps")
    for s in r.steps:
        for sec in (s.intro_section, s.help_section, s.gate.section if s.gate else None):
            if sec and sec not in r.sections:
                problems.append(f"step {s.id}: unknown section {sec!r}")
        if s.styrkarta not in r.styrkarta_parts:
            problems.append(f"step {s.id}: unknown styrkarta part {s.styrkarta!r}")
        if s.when and s.when.field not in r._fields:
            problems.append(f"step {s.id}: 'when' names unknown field {s.when.field!r}")
        if s.gate:
            problems += [f"step {s.id}: gate names unknown field {k!r}" for k in s.gate.pass_when if k not in r._fields]
        if s.repeat_for and (r._fields.get(s.repeat_for) is None or r._fields[s.repeat_for].kind != "multichoice"):
            problems.append(f"step {s.id}: repeat_for must name a multichoice field")
        for f in s.fields:
            if f.help_section and f.help_section not in r.sections:
                problems.append(f"field {f.id}: unknown help_section {f.help_section!r}")
            for ref in (f.after, f.not_before):
                if ref and (ref not in r._fields or r._fields[ref].kind != "date"):
                    problems.append(f"field {f.id}: date rule names unknown date field {ref!r}")
    for ps in r.proposal.sections:
        problems += [f"proposal section {ps.id}: unknown field {fid!r}" for fid in ps.fields if fid not in r._fields]
    topic_ids = {t.id for t in r.topics} | {f"role_{role.id}" for role in r.roles}
    for t in r.topics:
        problems += [f"topic {t.id}: unknown section {sec!r}" for sec in t.sections if sec not in r.sections]
        problems += [f"topic {t.id}: unknown related topic {rel!r}" for rel in t.related if rel not in topic_ids]
        if t.options and t.options not in r.option_lists:
            problems.append(f"topic {t.id}: unknown option list {t.options!r}")
    if problems:
        raise RoutineError("; ".join(problems))
