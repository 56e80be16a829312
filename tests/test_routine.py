"""The routine as data: faithful to the routine document, checked on load, swappable per district."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from dialogs.routine import DEFAULT_ROUTINE, Field, RoutineError, Text, load_routine, parse_routine
from tests.support import ANSWERS, Chat, action, card_text, cards_in, make_bot


def test_roles_and_responsibilities_are_the_routines(routine) -> None:
    counts = {r.id: len(r.responsibilities) for r in routine.roles}
    assert counts == {"stadsdelsdirektor": 1, "avdelningschef": 13, "kommunikator": 2, "enhetschef": 8}
    director = routine.role("stadsdelsdirektor")
    assert director.responsibilities[0].sv == "en rutin för medborgardialog finns framtagen och är aktuell"
    assert routine.role("kommunikator").responsibilities[1].sv == (
        "ge stöd vid behov av intern och extern kommunikation för information och återkoppling till målgrupp/målgrupper"
    )


def test_target_groups_breadth_and_influence_questions_use_the_routines_words(routine) -> None:
    groups = routine.field("groups").options
    assert [g.label.sv for g in groups] == [
        "Berörda och lågaktiva gruppen",
        "Berörda och aktiva gruppen",
        "Icke berörda och aktiva",
        "Icke berörda och icke aktiva",
    ]
    assert groups[0].help.sv.startswith("Kräver mest tid och resurser då det är en grupp som har låg tillit")
    assert len(routine.field("breadth").options) == 4
    assert routine.field("breadth").options[3].label.sv == "Alla medborgare bjuds in och de som vill kommer"
    assert routine.field("question_influenceable").label.sv == "Frågan är påverkbar?"
    assert routine.field("decision_makers_influenceable").label.sv == "Beslutsfattare är påverkbara?"
    assert routine.next_revision == "2025-02"
    assert routine.organisation.sv == "Hässelby-Vällingby stadsdelsnämnd"


def _raw() -> dict:
    return yaml.safe_load(DEFAULT_ROUTINE.read_text(encoding="utf-8"))


def test_a_text_missing_its_english_is_refused_with_its_place() -> None:
    raw = _raw()
    del raw["steps"][0]["fields"][0]["label"]["en"]
    with pytest.raises(RoutineError, match=r"steps\[0\]\.fields\[0\]\.label"):
        parse_routine(raw)


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda r: r["steps"][3]["gate"]["pass_when"].update({"nonexistent": "yes"}), "gate names unknown field 'nonexistent'"),
        (lambda r: r["steps"][0]["fields"][0].update({"id": "action"}), "invalid field id 'action'"),
        (lambda r: r["steps"][9]["fields"][2].update({"after": "title"}), "unknown date field 'title'"),
        (lambda r: r["steps"][0]["fields"][3].update({"options": "nope"}), "unknown option list 'nope'"),
    ],
)
def test_broken_references_are_refused(change, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(RoutineError, match=message):
        parse_routine(raw)


def _del(path: str) -> Callable[[dict], None]:
    """A change to the raw routine: the key at a dotted path removed."""

    def change(raw: dict) -> None:
        *parents, last = path.split(".")
        target = raw
        for key in parents:
            target = target[key]
        del target[last]

    return change


def _set(path: str, value: object) -> Callable[[dict], None]:
    """A change to the raw routine: `value` at a dotted path (list indexes as numbers)."""

    def change(raw: dict) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = raw
        for key in parents:
            target = target[key]
        target[last] = value

    return change


@pytest.mark.parametrize(
    "change,message",
    [
        (_set("steps.0.fields.0.colour", "red"), "steps[0].fields[0].colour: Extra inputs are not permitted"),
        (_set("steps.0.fields.0.kind", "colour"), "steps[0].fields[0].kind: Input should be 'text', 'longtext'"),
        (_set("steps.0.fields.0.id", "title__2"), "steps[0].fields[0].id: invalid field id 'title__2'"),
        (_set("steps.0.fields.0.remind", True), "steps[0].fields[0]: only a date field has reminders"),
        (_set("steps.0.fields.2.options", "channels"), "steps[0].fields[2]: a text field has no options"),
        (_set("steps.0.fields.0.label.sv", "  "), "steps[0].fields[0].label.sv: String should have at least 1 character"),
        (_set("option_lists.channels.2.value", "digital"), "option_lists.channels: option values must be unique: 'digital'"),
        (_set("option_lists.channels", []), "option_lists.channels: an option list needs at least one option; steps: not"),
        (_set("option_lists.roles_and_other.extra.0.label", "Annan"), "option_lists.roles_and_other.extra[0].label: Input"),
        (_set("proposal.sections.0.heading", "Bakgrund"), "proposal.sections[0].heading: Input should be a valid dictionary"),
        (_set("proposal.decision", {"sv": []}), "proposal.decision: needs a list of templates in 'sv' and 'en'"),
        (_set("proposal.title.sv", "Förslag om {{ a.title"), "proposal.title.sv: template: unexpected end of template"),
        (
            _set("proposal.decision.sv.0", "{{ a.report_date|long_dat }}"),
            "proposal.decision.sv[0]: template: No filter named 'long_dat'",
        ),
        (_set("proposal.signatures.1.role", "kung"), "proposal signature 1: unknown role 'kung'"),
        (_del("proposal.labels.dnr"), "proposal.labels: missing labels: dnr"),
        (_set("proposal.sections.3.sections.0.text.en.1", "{{ a.govrnance_use }}"), "unknown field 'govrnance_use'"),
        (_set("roles.0.synonyms", ["direktör"]), "roles[0].synonyms: needs lists of words under 'sv' and 'en'"),
        (_set("steps.1.fields.0.id", "title"), "field ids must be unique across steps: 'title'"),
        (_set("steps.6.repeat_for", "breadth"), "step reach: repeat_for must name a multichoice or lines field"),
        (_set("steps.2.gate.section", "nowhere"), "step scope: unknown section 'nowhere'"),
        (_set("sections.scope.see", ["nowhere"]), "section scope: 'see' names unknown section 'nowhere'"),
        (
            _set("proposal.attachments.sv", ['{{ shows("consultation") }}']),
            "proposal.attachments.sv[0]: unknown field 'consultation'",
        ),
        (_set("questions.topics.0.related", ["role_kommunikator", "weather"]), "topic citizen: unknown related topic 'weather'"),
        (_set("questions.topics.2.steps", ["nowhere"]), "topic scope: unknown step 'nowhere'"),
        (_set("questions.examples", {"weather": {"sv": ["regnar det i Vällingby?"]}}), "examples: unknown answer 'weather'"),
        (_set("lifecycle.phases.0.roles", ["kung"]), "phase sent: unknown role 'kung'"),
        (_set("lifecycle.decision", "beslut"), "lifecycle: decision names unknown phase 'beslut'"),
        (
            _set("lifecycle.phases.1.fields.3.required_when.field", "beslut"),
            "field decision_change: 'required_when' names unknown field 'beslut'",
        ),
        (_set("lifecycle.phases.1.ends.reason", "why"), "phase decided: 'ends' reason must be a field of the phase, not 'why'"),
        (_set("lifecycle.phases.0.id", "start"), "step and phase ids must be unique: 'start'"),
        (_set("lifecycle.phases.0.fields.0.id", "title"), "field ids must be unique across steps: 'title'"),
        (_set("lifecycle.phases.0.fields.0.kind", "colour"), "lifecycle.phases[0].fields[0].kind: Input should be 'text'"),
        (_set("lifecycle.phases.0.next", "Gör"), "lifecycle.phases[0].next: Input should be a valid dictionary"),
        (_set("lifecycle.phases.5.repeat_for", "held_to"), "step inputs: repeat_for must name a multichoice or lines field"),
        (
            _set("lifecycle.phases.4.repeat_except", "consulted"),
            "step participation: repeat_except must name a multichoice of the options repeat_for repeats over",
        ),
        (
            _set("lifecycle.phases.4.repeat_none", None),
            "step participation: repeat_except and repeat_none (its card when every option is excepted) go together",
        ),
        (_set("lifecycle.phases.4.repeat_none.shows", ["antal"]), "step participation: repeat_none shows unknown field 'antal'"),
        (
            _set("lifecycle.phases.3.fields.3.options_from", "consulted"),
            "field not_reached: options_from must name a multichoice of the same options",
        ),
        (_set("lifecycle.report.needs", "done"), "report: unknown phase 'done'"),
        (_set("lifecycle.report.signatures.0.role", "kung"), "lifecycle.report signature 0: unknown role 'kung'"),
        (
            _set("lifecycle.report.sections.3.sections.1.each_line", "held_to"),
            "lifecycle.report section 'Det som kom in': each_line must name a lines field",
        ),
        (
            _set("lifecycle.report.sections.3.sections.1.per_line.sv.0", "{{ line.said }} {{ a.sad }}"),
            "lifecycle.report.sections[3].sections[1].per_line.sv[0]: unknown field 'sad'",
        ),
        (_set("lifecycle.reviews.1.phase", "granskning"), "lifecycle: review names unknown phase 'granskning'"),
        (_set("lifecycle.reviews.1.document", "proposal"), "lifecycle: a document is reviewed once: 'proposal'"),
        (_set("lifecycle.reviews.1.duty", "sing"), "lifecycle: review names unknown duty avdelningschef.sing"),
        (_set("lifecycle.reviews.0.reviewer", "kung"), "lifecycle: review names unknown reviewer role 'kung'"),
        (_set("lifecycle.phases.2.assign", "enhetschef"), "phase informed: 'assign' must be one of its roles"),
        (_set("lifecycle.phases.2.deadline", "held_to"), "phase informed: 'deadline' must name a planning step's date"),
        (
            _set("questions.topics.11.duties.enhetschef", ["evaluate", "sing"]),
            "topic after_decision: unknown duty enhetschef.sing",
        ),
        (_set("questions.topics.11.title", None), "topic after_decision: needs a section or a title"),
        (
            _set("roles.0.responsibilities.0.keywords", ["uppdatera"]),
            "roles[0].responsibilities[0].keywords: needs lists of words under 'sv' and 'en'",
        ),
    ],
)
def test_a_problem_names_its_place_in_the_file(change: Callable[[dict], None], message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(RoutineError, match=re.escape(message)):
        parse_routine(raw)


def test_a_routine_file_with_the_single_review_of_before_is_told_what_replaced_it() -> None:
    raw = _raw()
    lifecycle = raw["lifecycle"]
    del lifecycle["reviews"]
    lifecycle.update(review="sent", review_duty={"role": "avdelningschef", "duty": "propose"}, reviewer_field="department_head")
    with pytest.raises(RoutineError) as refused:
        parse_routine(raw)
    assert "lifecycle: review, review_duty, reviewer_field: replaced by lifecycle.reviews" in str(refused.value)


def test_every_problem_is_reported_at_once() -> None:
    raw = _raw()
    raw["steps"][6]["repeat_for"] = "breadth"
    raw["proposal"]["sections"][1]["text"]["sv"] = ["Ärendet har beretts inom {{ a.unitt }}."]
    with pytest.raises(RoutineError) as refused:
        parse_routine(raw)
    assert str(refused.value) == (
        "step reach: repeat_for must name a multichoice or lines field; proposal.sections[1].text.sv[0]: unknown field 'unitt'"
    )


def test_a_field_takes_its_kinds_defaults() -> None:
    label = Text(sv="Fråga", en="Question")
    assert Field(id="a", kind="text", label=label).max_length == 200
    assert Field(id="a", kind="longtext", label=label).max_length == 2000
    assert Field(id="a", kind="text", label=label, max_length=50).max_length == 50
    assert [(o.value, o.label.sv) for o in Field(id="a", kind="yesno", label=label).options] == [("yes", "Ja"), ("no", "Nej")]


def test_yes_no_fields_use_the_routines_own_yes_and_no() -> None:
    raw = _raw()
    raw["option_lists"]["yesno"][0]["label"]["sv"] = "Japp"
    assert parse_routine(raw).field("scope_authority").option("yes").label.sv == "Japp"
    del raw["option_lists"]["yesno"]
    assert parse_routine(raw).field("scope_authority").option("yes").label.sv == "Ja"


def test_the_routine_file_is_the_one_given_and_its_problems_name_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTINE_FILE", str(tmp_path / "elsewhere.yaml"))
    assert load_routine().id == "hasselby-vallingby-medborgardialog"

    raw = _raw()
    del raw["name"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RoutineError, match=re.escape(f"{broken}: name: Field required")):
        load_routine(broken)
    with pytest.raises(RoutineError, match="cannot read routine"):
        load_routine(tmp_path / "missing.yaml")


async def test_another_district_plugs_in_its_own_routine_without_code(tmp_path: Path, sqlite_engine, messages) -> None:
    raw = _raw()
    raw["id"] = "alvsjo-medborgardialog"
    raw["organisation"] = {"sv": "Älvsjö stadsdelsnämnd", "en": "Älvsjö district council"}
    raw["steps"][0]["title"] = {"sv": "Dialogens fråga", "en": "The dialogue's question"}
    raw["option_lists"]["channels"].append({"value": "walk", "label": {"sv": "Promenadsamtal", "en": "Walk and talk"}})
    path = tmp_path / "alvsjo.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    other = load_routine(path)
    chat = Chat(make_bot(sqlite_engine, other, messages)[1])
    assert "Älvsjö stadsdelsnämnd" in card_text(cards_in(await chat.join())[0])
    first = cards_in(await chat.press(action(chat.last_card, "new")))[0]
    assert "Dialogens fråga" in card_text(first)
    assert other.field("channels").option("walk").label.sv == "Promenadsamtal"


def test_a_routine_reads_the_example_questions_beside_it(tmp_path: Path) -> None:
    """Another district's routine file brings its own example questions, in the file named for it; without one it has none."""
    path = tmp_path / "alvsjo.yaml"
    path.write_text(yaml.safe_dump(_raw(), allow_unicode=True), encoding="utf-8")
    assert load_routine(path).questions.examples == {}
    examples = {"examples": {"citizen": {"sv": ["räknas pendlare som medborgare?"], "en": ["do commuters count?"]}}}
    path.with_suffix(".examples.yaml").write_text(yaml.safe_dump(examples, allow_unicode=True), encoding="utf-8")
    assert load_routine(path).questions.examples == {"citizen": ("räknas pendlare som medborgare?", "do commuters count?")}
    assert len(load_routine().questions.examples["none"]) >= 40


def test_a_broken_example_questions_file_is_named_and_only_its_examples_are_read(tmp_path: Path) -> None:
    """A slip in the examples file names that file, not the routine; a key beside `examples` (one that would replace
    the routine's own questions settings) is refused by name."""
    path = tmp_path / "alvsjo.yaml"
    path.write_text(yaml.safe_dump(_raw(), allow_unicode=True), encoding="utf-8")
    examples = path.with_suffix(".examples.yaml")
    examples.write_text('examples:\n  citizen: {sv: ["räknas pendlare?"\n', encoding="utf-8")
    with pytest.raises(RoutineError, match=re.escape(f"{examples}: cannot read example questions")):
        load_routine(path)
    stop_words = {"examples": {"citizen": {"sv": ["räknas pendlare?"], "en": ["commuters?"]}}, "stop_words": ["och"]}
    examples.write_text(yaml.safe_dump(stop_words, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        RoutineError, match=re.escape(f"{examples}: example questions: only the key 'examples' is read, not stop_words")
    ):
        load_routine(path)


def test_the_required_fields_of_a_step_are_those_of_its_fields_for_a_draft(routine) -> None:
    """Whether a step is complete asks for its required fields' ids only (Routine.required_of): the same as the fields
    the step shows the draft, for drafts empty, half-way and complete, repeated steps' fields once per chosen option."""
    answered: dict[str, object] = {}
    drafts: list[dict[str, object]] = [{}]
    for step_answers in ANSWERS.values():
        answered = {**answered, **step_answers}
        drafts.append(answered)
    drafts.append({**answered, "groups": str(answered["groups"]).split(",")})  # stored as a list, as a save keeps it
    for answers in drafts:
        for step in routine.steps:
            shown = tuple(f.id for f in routine.fields_of(step, answers) if f.required)
            assert routine.required_of(step, answers) == shown, step.id
    assert any(step.repeat_for and routine.fields_of(step, drafts[-1]) for step in routine.steps)  # repeated ones too
