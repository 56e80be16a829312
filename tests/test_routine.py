"""The routine as data: faithful to the routine document, checked on load, swappable per district."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dialogs.routine import DEFAULT_ROUTINE, RoutineError, load_routine, parse_routine
from tests.support import Chat, action, card_text, cards_in, make_bot


def test_roles_and_responsibilities_are_the_routines(routine) -> None:
    counts = {r.id: len(r.responsibilities) for r in routine.roles}
    assert counts == {"stadsdelsdirektor": 1, "avdelningschef": 13, "kommunikator": 2, "enhetschef": 8}
    assert routine.role("stadsdelsdirektor").responsibilities[0].sv == "en rutin för medborgardialog finns framtagen och är aktuell"
    assert routine.role("kommunikator").responsibilities[1].sv == (
        "ge stöd vid behov av intern och extern kommunikation för information och återkoppling till målgrupp/målgrupper"
    )


def test_target_groups_breadth_and_influence_questions_use_the_routines_words(routine) -> None:
    groups = routine.field("groups").options
    assert [g.label.sv for g in groups] == [
        "Berörda och lågaktiva gruppen", "Berörda och aktiva gruppen", "Icke berörda och aktiva", "Icke berörda och icke aktiva",
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
