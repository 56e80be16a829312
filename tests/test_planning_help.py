"""Planning help (issue 16): the level of influence and its promise, the methods that fit a plan, and the
coverage warnings, checked on the domain: what the official and the participants would read."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from dialogs.coverage import CheckId, Coverage
from dialogs.documents.letters import build_letter
from dialogs.documents.proposal import build_proposal
from dialogs.draft import Draft
from dialogs.features.base import proposal_of
from dialogs.methods import Fit, Reason, suggest
from dialogs.routine import DEFAULT_ROUTINE, METHOD_CATALOG, Method, Routine, RoutineError, parse_routine
from dialogs.wizard import Wizard
from tests.card_catalog import complete_draft, complete_life
from tests.support import (
    ANSWERS,
    PHASE_ANSWERS,
    TODAY,
    Chat,
    action,
    card_text,
    cards_in,
    error_beside,
    inputs_of,
    make_bot,
    uncovered,
)
from tests.test_proposal import reopened

DAY = date(2026, 11, 23)


def _with(**changes: dict[str, str]) -> dict[str, dict[str, str]]:
    answers = {step: dict(values) for step, values in ANSWERS.items()}
    for step, values in changes.items():
        answers[step] |= values
    return answers


def _texts(sections: Any) -> str:
    return "\n".join(p for s in sections for p in (*s.paragraphs, _texts(s.sections)))


# --- the level of influence and its promise ---------------------------------------------------------


def test_the_ladder_is_shown_beside_the_iap2_wording_with_each_levels_promise(routine: Routine) -> None:
    field = routine.field("influence_level")
    assert field is not None
    assert [o.label("sv") for o in field.options] == [
        "Information – IAP2: inform",
        "Konsultation – IAP2: consult",
        "Delaktighet (dialog) – IAP2: involve",
        "Inflytande (medbestämmande) – IAP2: collaborate, empower",
    ]
    promises = [o.help("en") for o in field.options if o.help]
    assert len(set(promises)) == 4
    assert "tell you how they influenced the decision" in promises[1]


def _influence(routine: Routine, **typed: str) -> dict[str, str]:
    """The influence step submitted on a fresh draft: the errors beside its fields (empty: saved)."""
    wizard = Wizard(routine)
    draft = Draft(id="d" * 32, owner_id="u", owner_name="Anna", routine_id=routine.id)
    step = routine.step("influence")
    assert step is not None
    errors = wizard.apply(step, draft, {**ANSWERS["influence"], **typed}, "sv", TODAY)
    return {fid: e.params.get("reason", e.key) for fid, e in errors.items()}


def test_medbestammande_needs_a_decision_maker_who_delegates(routine: Routine) -> None:
    assert _influence(routine, influence_level="empowerment") == {"decision_delegated": "err_choose"}
    refused = _influence(routine, influence_level="empowerment", decision_delegated="no")
    assert list(refused) == ["influence_level"]
    assert refused["influence_level"].startswith("Medbestämmande kräver en beslutsfattare som delegerar beslutet")
    assert _influence(routine, influence_level="empowerment", decision_delegated="yes") == {}
    assert _influence(routine, influence_level="consultation", decision_delegated="no") == {}


@pytest.mark.parametrize(
    "answers",
    [
        {"influence_level": "information"},  # both influenceable, but only informing
        {"question_influenceable": "no", "influence_level": "information"},  # nothing to influence
        {"decision_makers_influenceable": "no"},
    ],
)
def test_nothing_to_influence_or_only_information_is_not_a_dialogue(routine: Routine, answers: dict[str, str]) -> None:
    step = routine.step("influence")
    assert step is not None and step.gate is not None
    assert not step.gate.passes({**ANSWERS["influence"], **answers})
    assert "kan dialogen inte erbjuda mer än information" in step.gate.verdict("sv")


@pytest.mark.parametrize("level", ["consultation", "involvement", "empowerment"])
def test_the_level_and_its_promise_in_the_proposal_and_the_texts_to_send(routine: Routine, level: str) -> None:
    answers = _with(influence={"influence_level": level, "decision_delegated": "yes"})
    draft = complete_draft(routine, external=False, answers=answers)
    promise = routine.level_of(draft.answers)
    assert promise is not None and promise.value == level
    wizard = Wizard(routine)
    for lang in ("sv", "en"):
        proposal = build_proposal(routine, draft, wizard.progress(draft).steps, lang, DAY)
        [matter] = [s for s in proposal.sections if s.heading == ("Ärendet" if lang == "sv" else "The matter")]
        [influence] = [s for s in matter.sections if s.heading.startswith(("Vad deltagarna", "What participants"))]
        assert promise.name(lang) in influence.paragraphs[0] and promise.promise(lang) in influence.paragraphs[0]
    life = complete_life(routine, draft, PHASE_ANSWERS)
    steps = (*wizard.progress(draft).steps, *routine.phases)
    texts = {t.id: t for t in routine.lifecycle.texts}
    information = build_letter(routine, life, steps, texts["information"], "sv", DAY)
    # To citizens the promise in plain words, without the ladder's name for the level (the proposal names it).
    assert f"Vårt löfte till er: {promise.promise('sv')}" in information.paragraphs
    assert not any(promise.name("sv") in p for p in information.paragraphs)
    feedback = build_letter(routine, life, steps, texts["feedback"], "sv", DAY)
    assert f"När dialogen började lovade vi er: {promise.promise('sv')}" in feedback.paragraphs


# --- methods that fit ----------------------------------------------------------------------------------


def test_the_catalogue_has_at_least_twenty_methods_each_with_what_a_planner_needs(routine: Routine) -> None:
    field = routine.field("methods")
    assert field is not None
    methods = [o for o in field.options if isinstance(o, Method)]
    assert len(methods) >= 20
    for m in methods:
        assert m.description("sv") and m.description("en") and m.source("sv") and m.group_size("en")
        assert m.levels and (m.groups or m.children or m.audiences)
    names = {m.label("sv") for m in methods}
    assert {"Fokusgrupp", "Medborgarpanel", "Trygghetsvandring", "Webbenkät", "Skolbesök", "Gåtur med unga"} <= names
    assert sum(m.children for m in methods) >= 5 and {m.channel for m in methods} == {"digital", "physical", "both"}


def _suggested(routine: Routine, answers: dict[str, Any]) -> list[str]:
    field = routine.field("methods")
    assert field is not None
    return [s.method.value for s in suggest(field, routine, answers)]


def test_youth_in_a_suburb_get_methods_that_reach_young_people(routine: Routine) -> None:
    plan = {"groups": ["affected_low_activity"], "breadth": "geographic", "children_affected": "yes"}
    suggested = _suggested(routine, {**plan, "influence_level": "consultation"})
    field = routine.field("methods")
    assert field is not None
    first = suggest(field, routine, {**plan, "influence_level": "consultation"})[:3]
    assert all(s.method.children for s in first), suggested
    assert {"youth_walk", "school_visit"} <= set(suggested) and "web_survey" not in suggested
    assert {r.fit for r in first[0].reasons} >= {Fit.GROUP, Fit.CHILDREN, Fit.BREADTH, Fit.LEVEL}


@pytest.mark.parametrize("level", ["consultation", "involvement"])
def test_children_drawing_and_telling_fit_a_dialogue_about_an_area(routine: Routine, level: str) -> None:
    """Like the walk with young people and the school visit (the same source, Staden i ögonhöjd, about children in
    the city's planning), drawing and telling reaches children for a geographic area and serves involvement."""
    field = routine.field("methods")
    assert field is not None
    plan = {"groups": ["affected_low_activity", "affected_active"], "breadth": "geographic", "children_affected": "yes"}
    suggested = {s.method.value: s for s in suggest(field, routine, {**plan, "influence_level": level})}
    assert {"draw_and_tell", "youth_walk", "school_visit"} <= set(suggested)
    assert {r.fit for r in suggested["draw_and_tell"].reasons} >= {Fit.CHILDREN, Fit.BREADTH, Fit.LEVEL}


def test_elderly_get_methods_where_they_already_are_not_only_the_web(routine: Routine) -> None:
    plan = {"groups": ["affected_active", "affected_low_activity"], "audiences": ["elderly"], "breadth": "limited_group"}
    field = routine.field("methods")
    assert field is not None
    suggested = suggest(field, routine, {**plan, "children_affected": "no", "influence_level": "consultation"})
    assert "meeting_place_talk" in [s.method.value for s in suggested[:3]]
    assert all(Reason(Fit.AUDIENCE, routine.option_lists["audiences"][0]) in s.reasons for s in suggested[:3])
    assert all(s.method.channel != "digital" for s in suggested)


def test_a_whole_district_gets_methods_for_a_representative_sample(routine: Routine) -> None:
    plan = {"groups": ["unaffected_active", "unaffected_inactive"], "breadth": "representative", "children_affected": "no"}
    assert {"citizen_panel", "paper_survey"} <= set(_suggested(routine, {**plan, "influence_level": "consultation"}))
    assert _suggested(routine, {**plan, "influence_level": "involvement"})[0] == "citizens_assembly"


def test_a_method_that_does_not_serve_the_level_is_not_suggested(routine: Routine) -> None:
    field = routine.field("methods")
    assert field is not None
    plan = {"groups": ["affected_active"], "breadth": "open", "children_affected": "yes", "influence_level": "empowerment"}
    suggested = suggest(field, routine, plan)
    assert suggested and all("empowerment" in s.method.levels for s in suggested)
    assert "citizen_budget" in [s.method.value for s in suggested]


# --- coverage warnings ---------------------------------------------------------------------------------


def _flat(answers: dict[str, dict[str, str]]) -> dict[str, Any]:
    multi = {"groups", "audiences", "methods", "accessibility"}
    return {k: ([v for v in value.split(",") if v] if k in multi else value) for a in answers.values() for k, value in a.items()}


def _warned(routine: Routine, answers: dict[str, Any]) -> dict[CheckId, list[str]]:
    warned: dict[CheckId, list[str]] = {}
    for check in Coverage(routine).warnings(answers):
        warned.setdefault(check.id, []).extend(o.value for o in check.subjects)
    return warned


def test_the_example_plan_warns_of_nothing_and_every_check_names_its_step(routine: Routine) -> None:
    checks = Coverage(routine).checks(_flat(ANSWERS))
    assert [c for c in checks if not c.ok] == []
    assert {c.id for c in checks} == {CheckId.GROUP_UNREACHED, CheckId.DIGITAL_ONLY, CheckId.ACCESSIBILITY, CheckId.FEEDBACK_DATE}
    assert {c.id: c.step.id for c in checks} == {
        CheckId.GROUP_UNREACHED: "method",
        CheckId.DIGITAL_ONLY: "method",
        CheckId.ACCESSIBILITY: "method",
        CheckId.FEEDBACK_DATE: "timeline",
    }


def test_a_plan_that_leaves_people_out_is_warned_with_why_from_the_routine(routine: Routine) -> None:
    answers = _flat(uncovered())
    assert _warned(routine, answers) == {
        CheckId.GROUP_UNREACHED: ["affected_low_activity"],  # a web survey reaches the active group only
        CheckId.DIGITAL_ONLY: [],
        CheckId.CHILDREN: [],
        CheckId.ACCESSIBILITY: ["language", "digital"],  # premises only matter for physical meetings
        CheckId.DECISION_BEFORE_END: [],
    }
    quotes = {c.id: c.quote("sv") for c in Coverage(routine).warnings(answers) if c.quote}
    assert quotes[CheckId.GROUP_UNREACHED].startswith("Kräver mest tid och resurser")
    assert "digitala kanaler för deltagande eller fysiska möten" in quotes[CheckId.DIGITAL_ONLY]
    assert "hur tillgänglighet ska skapas" in quotes[CheckId.ACCESSIBILITY]
    assert "dialog med barn och unga" in quotes[CheckId.CHILDREN]
    assert "underlag till beslutsfattandet" in quotes[CheckId.DECISION_BEFORE_END]


@pytest.mark.parametrize(
    "check,fix",
    [
        (CheckId.GROUP_UNREACHED, {"methods": ["web_survey", "meeting_place_talk"]}),
        (CheckId.DIGITAL_ONLY, {"methods": ["web_survey", "popup_square"], "channels": "both"}),
        (CheckId.CHILDREN, {"methods": ["web_survey", "school_visit"]}),
        (CheckId.CHILDREN, {"children_affected": "no"}),
        (CheckId.ACCESSIBILITY, {"accessibility": ["language", "digital"]}),
        (CheckId.DECISION_BEFORE_END, {"informs_decision_date": "2027-04-01"}),
    ],
)
def test_each_warning_is_cleared_by_fixing_its_step(routine: Routine, check: CheckId, fix: dict[str, Any]) -> None:
    answers = _flat(uncovered())
    assert check in _warned(routine, answers)
    assert check not in _warned(routine, {**answers, **fix})


def test_lagaktiva_reached_only_by_a_web_survey_is_warned_also_for_an_underrepresented_group(routine: Routine) -> None:
    survey = {"methods": ["web_survey"], "channels": "digital"}
    assert CheckId.DIGITAL_ONLY in _warned(routine, {"groups": ["affected_active"], "breadth": "limited_group", **survey})
    assert CheckId.DIGITAL_ONLY not in _warned(routine, {"groups": ["affected_active"], "breadth": "open", **survey})
    own_method = {"groups": ["affected_low_activity"], "methods": [], "channels": "digital"}
    assert CheckId.DIGITAL_ONLY in _warned(routine, own_method)


def test_accessibility_asks_for_premises_only_when_people_meet(routine: Routine) -> None:
    physical = {"groups": ["affected_active"], "methods": ["dialogue_meeting"], "channels": "physical", "accessibility": []}
    assert _warned(routine, physical)[CheckId.ACCESSIBILITY] == ["premises"]
    assert CheckId.ACCESSIBILITY not in _warned(routine, {**physical, "accessibility": ["premises"]})


def test_an_interpreter_is_asked_for_only_when_the_plan_names_people_who_need_one(routine: Routine) -> None:
    """The try-out's äldreboende: no group needing an interpreter was ticked, and the review still warned "tolk eller
    översatt information". The routine asks that the groups' needs for information be considered, not that every
    dialogue has an interpreter."""
    elderly = {"groups": ["affected_active"], "methods": ["dialogue_meeting"], "channels": "physical"}
    plan = {**elderly, "audiences": ["elderly"], "accessibility": ["premises"]}
    assert CheckId.ACCESSIBILITY not in _warned(routine, plan)
    assert _warned(routine, {**plan, "audiences": ["elderly", "language"]})[CheckId.ACCESSIBILITY] == ["language"]
    assert CheckId.ACCESSIBILITY not in _warned(
        routine, {**plan, "audiences": ["elderly", "language"], "accessibility": ["premises", "language"]}
    )


def test_no_school_visit_is_suggested_when_no_children_are_affected(routine: Routine) -> None:
    """The try-out's garden at an äldreboende, "Berörs barn och unga: Nej", was offered a school visit."""
    garden = {"groups": ["affected_low_activity", "affected_active"], "audiences": ["elderly"], "breadth": "limited_group"}
    plan = {**garden, "influence_level": "consultation", "children_affected": "no"}
    for_children = {"school_visit", "youth_walk", "youth_council", "draw_and_tell"}
    assert not for_children & set(_suggested(routine, plan))
    assert "school_visit" in _suggested(routine, {**plan, "children_affected": "yes"})


def test_accessibility_asks_for_an_alternative_to_the_digital_only_when_the_dialogue_is_digital_alone(routine: Routine) -> None:
    both = {
        "groups": ["affected_active"],
        "methods": ["web_survey"],
        "channels": "both",
        "accessibility": ["premises", "language"],
    }
    assert CheckId.ACCESSIBILITY not in _warned(routine, both)  # the physical meetings are the alternative
    assert _warned(routine, {**both, "channels": "digital"})[CheckId.ACCESSIBILITY] == ["digital"]
    assert CheckId.ACCESSIBILITY not in _warned(
        routine, {**both, "channels": "digital", "methods": ["web_survey", "dialogue_meeting"]}
    )


async def test_a_plan_with_physical_meetings_is_not_warned_of_alternatives_to_the_digital(chat: Chat) -> None:
    # the method step: both channels, premises and language addressed
    review = cards_in(await chat.complete_wizard({"method": {"accessibility": "premises,language"}}))[-1]
    assert "Granska utkastet" in card_text(review) and "att se över" not in card_text(review)
    checklist = card_text(cards_in(await chat.press(action(review, "create_proposal")))[0])
    assert "Checklista: vem når dialogen?" in checklist and "inte är digital" not in checklist


def test_feedback_date_missing_or_later_than_a_routine_that_promises_one_allows(routine: Routine) -> None:
    answers = _flat(ANSWERS)  # the dialogue ends 2027-03-15, feedback 2027-04-15
    assert CheckId.FEEDBACK_DATE in _warned(routine, {**answers, "feedback_date": ""})
    assert CheckId.FEEDBACK_DATE not in _warned(routine, answers)  # this routine promises no number of days
    promising = routine.model_copy(update={"coverage": routine.coverage.model_copy(update={"feedback_within_days": 21})})
    [late] = [c for c in Coverage(promising).warnings(answers) if c.id is CheckId.FEEDBACK_DATE]
    assert late.dates == ("2027-04-15", "2027-04-05")
    assert CheckId.FEEDBACK_DATE not in _warned(promising, {**answers, "feedback_date": "2027-04-05"})


# --- tried as a new user would: a park for children and families, turn by turn -----------------------

PARK = {
    "start": {
        "title": "Ny lekpark i Vällingby",
        "question": "Vad vill ni kunna göra i den nya lekparken?",
        "unit": "Parkprogrammet, avdelningen för stadsmiljö",
    },
    "influence": {"influence_level": "involvement"},
    "purpose": {
        "why": "Lekparken byggs om och ska passa barn och familjer i området.",
        "citizen_influence": "Vilken lekutrustning som väljs och hur ytorna delas upp.",
    },
    "target_groups": {"breadth": "geographic", "children_affected": "yes", "audiences": ""},
}


async def test_a_park_for_children_and_families_as_a_new_user_tries_it(sqlite_engine, routine, messages) -> None:
    built, adapter = make_bot(sqlite_engine, routine, messages)
    chat = Chat(adapter)
    await chat.press({"data": {"action": "new"}}, card={})
    for step_id in ("start", "scope"):
        await chat.submit_step(step_id, **PARK.get(step_id, {}))
    influence = chat.last_card
    assert influence is not None
    choices = [c["title"] for c in inputs_of(influence)["influence_level"]["choices"]]
    assert choices[1:3] == ["Konsultation – IAP2: consult", "Delaktighet (dialog) – IAP2: involve"]
    assert "Vi lyssnar på er, tar till oss era synpunkter" in card_text(influence)  # the promise beside each level
    for step_id in ("influence", "purpose", "target_groups", "reach"):
        replies = await chat.submit_step(step_id, **PARK.get(step_id, {}))

    # The method step suggests methods that reach children and families, each with why.
    method = cards_in(replies)[-1]
    text = card_text(method)
    suggestions = text[text.index("Metoder som passar din plan") : text.index("Digitala kanaler, fysiska möten eller båda?")]
    assert "Gåtur med unga" in suggestions and "Skolbesök" in suggestions and "Rita och berätta med barn" in suggestions
    assert suggestions.count("når barn och unga") >= 3 and "Webbenkät" not in suggestions
    assert "Varför: når ”Berörda och lågaktiva gruppen”" in suggestions and "ger delaktighet (dialog)" in suggestions

    # Only a web survey for a low-activity group and children: the review warns, none blocks.
    await chat.submit_step("method", channels="digital", methods="web_survey", accessibility="", accessibility_how="")
    for step_id in ("resources", "timeline", "feedback", "evaluation"):
        await chat.submit_step(step_id)
    replies = await chat.submit_step("case")
    review, warnings = cards_in(replies)[-2:]
    assert "Granska utkastet" in card_text(review) and "Att se över innan förslaget: 4." in card_text(review)
    said = card_text(warnings)
    assert "Grupper som sällan deltar nås bara digitalt, till exempel med en webbenkät." in said
    assert "Ingen vald metod når målgruppen ”Berörda och lågaktiva gruppen”." in said
    assert "Barn och unga berörs, men ingen vald metod når dem. Rutinen hänvisar till goda exempel på dialog med barn" in said
    assert "Rutinen (Metodval): För att förvaltningen ska ha möjlighet att nå de medborgare som kan vara svåra att nå" in said
    assert "Tillgänglighet är inte omhändertagen: alternativ för den som inte är digital." in said  # no one needs a tolk
    assert action(review, "create_proposal")  # nothing blocks the proposal

    # The warning's button opens the method step; better methods clear the warnings.
    fix = action(warnings, "edit", step="method")
    assert fix["title"] == "Öppna steget ”Metod”"
    card = cards_in(await chat.press(fix))[-1]
    assert "Metoder som passar din plan" in card_text(card)
    chosen = {"channels": "both", "methods": "youth_walk,school_visit,web_survey", "accessibility": "premises,language,digital"}
    replies = await chat.submit_step("method", **chosen)
    [review] = cards_in(replies)[-1:]
    assert "Granska utkastet" in card_text(review) and "att se över" not in card_text(review)

    # The proposal states the level and the promise; the checklist beside it shows what is covered.
    proposal = cards_in(await chat.press(action(review, "create_proposal")))[0]
    checklist = card_text(proposal)
    assert "Checklista: vem når dialogen?" in checklist
    assert "✓ Barn och unga nås genom skolbesök och gåtur med unga." in checklist
    assert "✓ Deltagarna får återkoppling den 15 april 2027." in checklist
    assert "✓ Grupper som sällan deltar nås inte bara digitalt." in checklist
    draft_id = action(proposal, "share")["data"]["draft"]
    async with built.services.uow() as tx:
        draft = await tx.drafts.get(draft_id)
    assert draft is not None
    document = reopened(proposal_of(built.services, draft, "sv"))
    words = [p.text for p in document.paragraphs]
    promise = "Vi arbetar med er under dialogen så att era synpunkter och önskemål syns i de förslag som tas fram"
    [level] = [p for p in words if p.startswith("Dialogen erbjuder deltagarna delaktighet (dialog) på delaktighetstrappan")]
    assert "(involve i IAP2:s spektrum). Löftet till deltagarna är: ”" + promise in level
    assert words[words.index(level) - 1] == "Vad deltagarna kan påverka"
    assert "Förvaltningen använder metoderna webbenkät, skolbesök och gåtur med unga." in words


async def test_the_level_is_checked_against_the_answers_in_the_chat(sqlite_engine, routine, messages) -> None:
    _, adapter = make_bot(sqlite_engine, routine, messages)
    chat = Chat(adapter, locale="en-GB")
    await chat.to_step("influence")
    card = cards_in(await chat.submit_step("influence", influence_level="empowerment", decision_delegated="no"))[-1]
    assert error_beside(card, "influence_level") == (
        "Co-determination needs a decision maker who delegates the decision to the participants. Choose a lower level,"
        " or answer yes if the decision is delegated."
    )
    assert inputs_of(card)["decision_delegated"]["value"] == "no"  # what was typed is kept
    gate = cards_in(await chat.submit_step("influence", influence_level="information"))[-1]
    assert "the dialogue needs to offer participants more than information" in card_text(gate)
    assert [a["data"]["action"] for a in gate["actions"]] == ["edit", "park"]
    card = cards_in(await chat.press(action(gate, "edit")))[-1]
    card = cards_in(await chat.submit_step("influence", influence_level="empowerment", decision_delegated="yes"))[-1]
    assert "Purpose and goals" in card_text(card)


def test_the_loader_refuses_a_catalogue_or_ladder_that_points_nowhere(tmp_path, monkeypatch) -> None:
    raw = yaml.safe_load(DEFAULT_ROUTINE.read_text(encoding="utf-8"))
    catalogue = yaml.safe_load(METHOD_CATALOG.read_text(encoding="utf-8"))
    catalogue[0] |= {"levels": ["consultation", "top_of_the_ladder"], "groups": ["teenagers"]}
    bad = tmp_path / "methods.yaml"
    bad.write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr("dialogs.routine.METHOD_CATALOG", bad)
    raw["coverage"]["quotes"]["children"] = {"section": "dialogue_examples", "item": 9}
    raw["participation_ladder"]["levels"][3]["requires"][0]["field"] = "delegated"
    with pytest.raises(RoutineError) as refused:
        parse_routine(raw)
    problem = str(refused.value)
    assert "method focus_group: unknown levels 'top_of_the_ladder'" in problem
    assert "method focus_group: unknown groups 'teenagers'" in problem
    assert "coverage.quotes.children: unknown section or item 'dialogue_examples'" in problem
    assert "option_lists.influence_levels.empowerment: 'requires' names unknown field 'delegated'" in problem


def test_a_draft_from_before_the_level_is_asked_for_it_not_stopped(routine: Routine) -> None:
    draft = complete_draft(routine, external=False)
    del draft.answers["influence_level"], draft.answers["children_affected"]
    progress = Wizard(routine).progress(draft)
    assert progress.gate is None
    assert progress.current is not None and progress.current.id == "influence"


# The children's ages: a method made for younger children is not suggested for a dialogue with young people, nor one
# made for young people for younger children (the methods' `ages` and the target groups' step's `children_ages`).
TEENAGERS = {
    **PARK,
    "start": {
        "title": "Tonåringarnas fritidsgård i Vällingby",
        "question": "Vad vill ni göra på fritidsgården på kvällarna?",
        "unit": "Fritidsgården, avdelningen för kultur och fritid",
    },
}


async def _method_suggestions(sqlite_engine, routine, messages, plan: dict[str, dict[str, str]]) -> str:  # type: ignore[no-untyped-def]
    _, adapter = make_bot(sqlite_engine, routine, messages)
    chat = Chat(adapter)
    await chat.press({"data": {"action": "new"}}, card={})
    for step_id in ("start", "scope", "influence", "purpose", "target_groups", "reach"):
        replies = await chat.submit_step(step_id, **plan.get(step_id, {}))
    text = card_text(cards_in(replies)[-1])
    return text[text.index("Metoder som passar din plan") : text.index("Digitala kanaler, fysiska möten eller båda?")]


@pytest.mark.parametrize(
    "ages,left_out,kept",
    [
        ("youth", "Rita och berätta med barn", "Gåtur med unga"),
        ("younger", "Gåtur med unga", "Rita och berätta med barn"),
    ],
)
async def test_a_method_for_younger_children_is_not_suggested_for_teenagers(
    sqlite_engine, routine, messages, ages: str, left_out: str, kept: str
) -> None:
    target_groups = {**TEENAGERS["target_groups"], "children_ages": ages}
    target = await _method_suggestions(sqlite_engine, routine, messages, {**TEENAGERS, "target_groups": target_groups})
    assert left_out not in target and kept in target, target
    assert "Skolbesök" in target  # for children of every age


async def test_the_target_groups_step_asks_the_childrens_ages_and_without_them_every_age_fits(
    sqlite_engine, routine, messages
) -> None:
    target = await _method_suggestions(sqlite_engine, routine, messages, TEENAGERS)  # the ages left empty (optional)
    assert "Rita och berätta med barn" in target and "Gåtur med unga" in target


def test_a_method_for_younger_children_does_not_count_as_reaching_teenagers(routine: Routine) -> None:
    """The coverage check of children affected: drawing and telling alone reaches no young people of 13–17."""
    plan = {"groups": ["affected_active"], "children_affected": "yes", "methods": ["draw_and_tell"], "channels": "physical"}
    assert CheckId.CHILDREN in _warned(routine, {**plan, "children_ages": ["youth"]})
    assert CheckId.CHILDREN not in _warned(routine, {**plan, "children_ages": ["younger"]})
