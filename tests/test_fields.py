"""Field kinds: what a user may type for each, how a stored answer reads back, and each kind's card input."""

from __future__ import annotations

from typing import Any

import pytest

from cards.elements import CardContext
from cards.inputs import input_elements
from dialogs.fields import KINDS, MAX_TYPED, FieldError, FieldKind, Invalid, Widget, display, kind_of
from dialogs.language import Lang
from dialogs.messages import Messages
from dialogs.routine import Field, Routine
from dialogs.validation import validate
from tests.support import TODAY


def _field(routine: Routine, field_id: str) -> Field:
    f = routine.field(field_id)
    assert f is not None
    return f


def _parse(routine: Routine, field_id: str, raw: Any) -> Any:
    f = _field(routine, field_id)
    return kind_of(f).parse(f, raw)


@pytest.mark.parametrize(
    "field_id,typed,stored",
    [
        ("title", "  Aktiviteter på aktivitetscentret ", "Aktiviteter på aktivitetscentret"),
        ("question", "Vad vill ni göra?\nOch när?", "Vad vill ni göra?\nOch när?"),
        ("decision_date", "2025-03-01", "2025-03-01"),
        ("decision_date", "2025-03-01T00:00:00Z", "2025-03-01"),
        ("cost_sek", "25 000 kr", 25000),
        ("cost_sek", "25\u00a0000", 25000),
        ("cost_sek", "3000:-", 3000),
        ("cost_sek", "1500,50", 1500.5),
        # A separator followed by exactly three digits groups thousands; a decimal part has one or two digits.
        ("cost_sek", "15,000", 15000),
        ("cost_sek", "15.000", 15000),
        ("cost_sek", "1.234.567", 1234567),
        ("cost_sek", "15 000,50", 15000.5),
        ("cost_sek", "15.000,50", 15000.5),
        ("cost_sek", "15,000.50", 15000.5),
        ("cost_sek", "15,5", 15.5),
        ("cost_sek", "15,000 SEK", 15000),
        ("cost_sek", "SEK 15,000", 15000),
        ("cost_sek", "15 000 kronor", 15000),
        ("cost_sek", 1200, 1200),
        # A paragraph of the minutes by its number is written as protocols do; anything else as typed.
        ("paragraph", "12", "§ 12"),
        ("paragraph", "§12", "§ 12"),
        ("paragraph", " § 12 ", "§ 12"),
        ("paragraph", "12 §", "§ 12"),
        ("paragraph", "§§ 12–13", "§§ 12–13"),
        ("phone", "08-508 00 000", "08-508 00 000"),
        ("phone", "+46 8 508  000 00", "+46 8 508 000 00"),
        ("phone", "(08) 508 000 00", "(08) 508 000 00"),
        ("channels", "physical", "physical"),
        ("channels", "Fysiska möten", "physical"),
        ("channels", "physical meetings.", "physical"),
        ("scope_authority", "Nej", "no"),
        ("scope_authority", "yes", "yes"),
        ("groups", "Icke berörda och aktiva, affected_active", ["affected_active", "unaffected_active"]),
        ("groups", ["unaffected_inactive", "affected_low_activity"], ["affected_low_activity", "unaffected_inactive"]),
    ],
)
def test_each_kind_reads_what_a_user_would_type(routine: Routine, field_id: str, typed: Any, stored: Any) -> None:
    assert _parse(routine, field_id, typed) == stored


@pytest.mark.parametrize(
    "field_id,typed,key",
    [
        ("title", "x" * 121, "err_too_long"),
        ("title", ["a list"], "err_required"),
        ("decision_date", "31/12", "err_not_a_date"),
        ("decision_date", "2025-02-30", "err_not_a_date"),
        ("cost_sek", "tjugo tusen", "err_not_a_number"),
        ("cost_sek", "nan", "err_not_a_number"),
        ("cost_sek", "15,0000", "err_number_unclear"),
        ("cost_sek", "0,500", "err_number_unclear"),
        ("cost_sek", "1234,567", "err_number_unclear"),
        ("cost_sek", "15.000.50", "err_number_unclear"),
        ("cost_sek", "15 000.000,5", "err_number_unclear"),
        ("cost_sek", "-5", "err_too_small"),
        ("cost_sek", "200 000 000", "err_too_large"),
        ("phone", "ring mig 😀", "err_not_a_phone"),
        ("phone", "123", "err_not_a_phone"),
        ("phone", "08-508 00 000 eller mejla", "err_not_a_phone"),
        ("phone", "1" * 16, "err_not_a_phone"),
        ("channels", "Brevduva", "err_not_an_option"),
        ("channels", ["digital"], "err_not_an_option"),
        ("scope_authority", "kanske", "err_not_an_option"),
        ("groups", "affected_active,okänd grupp", "err_not_an_option"),
        ("groups", [1], "err_not_an_option"),
    ],
)
def test_each_kind_refuses_what_it_cannot_read(routine: Routine, field_id: str, typed: Any, key: str) -> None:
    with pytest.raises(Invalid) as refused:
        _parse(routine, field_id, typed)
    assert refused.value.error.key == key


def test_a_refusal_carries_the_values_for_its_message(routine: Routine) -> None:
    with pytest.raises(Invalid) as refused:
        _parse(routine, "title", "x" * 121)
    assert refused.value.error.params == {"max": 120, "length": 121}


@pytest.mark.parametrize(
    "field_id,value,sv,en",
    [
        ("title", "Aktiviteter", "Aktiviteter", "Aktiviteter"),
        ("paragraph", "12", "§ 12", "§ 12"),  # one saved before it was written so
        ("decision_date", "2025-03-01", "2025-03-01", "2025-03-01"),
        ("cost_sek", 25000, "25\u00a0000", "25,000"),
        ("cost_sek", 1234567.5, "1\u00a0234\u00a0567,50", "1,234,567.50"),
        ("channels", "physical", "Fysiska möten", "Physical meetings"),
        ("channels", "withdrawn", "withdrawn", "withdrawn"),
        ("scope_authority", "no", "Nej", "No"),
        (
            "groups",
            ["affected_active", "unaffected_active"],
            "Berörda och aktiva gruppen, Icke berörda och aktiva",
            "Affected and active group, Not affected and active",
        ),
        ("cost_sek", None, "", ""),
        ("groups", [], "", ""),
        ("title", "", "", ""),
    ],
)
def test_an_answer_reads_back_in_the_readers_language(routine: Routine, field_id: str, value: Any, sv: str, en: str) -> None:
    f = _field(routine, field_id)
    assert (display(f, value, "sv"), display(f, value, "en")) == (sv, en)


def test_every_kind_has_its_parse_display_and_widget() -> None:
    assert set(KINDS) == set(FieldKind)
    assert {kind: k.widget for kind, k in KINDS.items()} == {
        FieldKind.TEXT: Widget.TEXT,
        FieldKind.LONGTEXT: Widget.MULTILINE,
        FieldKind.DATE: Widget.DATE,
        FieldKind.NUMBER: Widget.NUMBER,
        FieldKind.CHOICE: Widget.CHOICE,
        FieldKind.YESNO: Widget.CHOICE,
        FieldKind.MULTICHOICE: Widget.MULTICHOICE,
        FieldKind.LINES: Widget.LINES,
        FieldKind.PARAGRAPH: Widget.TEXT,
        FieldKind.PHONE: Widget.TEXT,
    }


def test_dates_are_checked_against_the_drafts_other_dates(routine: Routine) -> None:
    fields = tuple(_field(routine, fid) for fid in ("dialogue_end", "feedback_date"))
    stored = {"dialogue_start": "2025-05-01"}
    _, errors = validate(fields, {"dialogue_end": "2025-05-10", "feedback_date": "2025-05-10"}, stored, str.upper, TODAY)
    assert errors == {"feedback_date": FieldError("err_date_after", {"other": "DIALOGUE_END", "date": "2025-05-10"})}

    # Every error at once: a date is judged against another as typed, though that one is refused too; not against
    # one that cannot be read (nor against the stored answer it would replace).
    _, errors = validate(fields, {"dialogue_end": "2025-04-30", "feedback_date": "2025-04-01"}, stored, str.upper, TODAY)
    assert errors == {
        "dialogue_end": FieldError("err_date_not_before", {"other": "DIALOGUE_START", "date": "2025-05-01"}),
        "feedback_date": FieldError("err_date_after", {"other": "DIALOGUE_END", "date": "2025-04-30"}),
    }
    _, errors = validate(
        fields,
        {"dialogue_end": "30/4", "feedback_date": "2025-04-01"},
        {**stored, "dialogue_end": "2025-05-10"},
        str.upper,
        TODAY,
    )
    assert errors == {"dialogue_end": FieldError("err_not_a_date")}

    clean, errors = validate(fields, {"dialogue_end": "2025-05-01", "feedback_date": "2025-05-02"}, stored, str.upper, TODAY)
    assert (clean, errors) == ({"dialogue_end": "2025-05-01", "feedback_date": "2025-05-02"}, {})


def test_an_empty_required_field_is_refused_and_an_empty_optional_one_cleared(routine: Routine) -> None:
    fields = tuple(_field(routine, fid) for fid in ("history", "why"))
    clean, errors = validate(fields, {"history": " ", "why": ""}, {}, str, TODAY)
    assert clean == {}
    assert {fid: e.key for fid, e in errors.items()} == {"why": "err_required"}


# --- card inputs -----------------------------------------------------------------------------------


def _inputs(
    routine: Routine, messages: Messages, field_id: str, value: str = "", error: str | None = None, lang: Lang = "sv"
) -> list[dict[str, Any]]:
    return input_elements(CardContext(routine, messages, lang), _field(routine, field_id), value, error)


@pytest.mark.parametrize(
    "field_id,value,expected",
    [
        (
            "title",
            "Min dialog",
            {
                "type": "Input.Text",
                "value": "Min dialog",
                "maxLength": 120,
                "placeholder": "t.ex. Aktiviteter på aktivitetscentret",
            },
        ),
        ("question", "", {"type": "Input.Text", "isMultiline": True, "maxLength": 2000}),
        ("decision_date", "2025-03-01", {"type": "Input.Date", "value": "2025-03-01"}),
        # A text box: "45 000" can be typed, and a negative number reaches the server and its message.
        ("cost_sek", "45 000", {"type": "Input.Text", "value": "45 000", "min": None, "max": None}),
        (
            "channels",
            "both",
            {"type": "Input.ChoiceSet", "style": "expanded", "isMultiSelect": False, "value": "both", "wrap": True},
        ),
        (
            "scope_authority",
            "no",
            {
                "type": "Input.ChoiceSet",
                "isMultiSelect": False,
                "choices": [{"title": "Ja", "value": "yes"}, {"title": "Nej", "value": "no"}],
            },
        ),
        (
            "groups",
            "affected_active",
            {"type": "Input.ChoiceSet", "style": "expanded", "isMultiSelect": True, "value": "affected_active"},
        ),
    ],
)
def test_each_widget_is_its_adaptive_card_input(
    routine: Routine, messages: Messages, field_id: str, value: str, expected: dict[str, Any]
) -> None:
    element = _inputs(routine, messages, field_id, value)[0]
    assert element["id"] == field_id
    assert {k: element.get(k) for k in expected} == expected


def test_a_text_box_takes_exactly_what_validation_keeps_and_says_its_limit(routine: Routine, messages: Messages) -> None:
    """The box's maxLength is the limit: a longer text cannot be typed or pasted, so no cut count is ever reported."""
    every = [f for step in (*routine.steps, *routine.lifecycle.phases) for f in step.fields]
    texts = [f for f in every if kind_of(f).widget in (Widget.TEXT, Widget.MULTILINE, Widget.LINES)]
    assert {f.id for f in texts} >= {"title", "question", "why", "phone"}
    for f in texts:
        most = _inputs(routine, messages, f.id)[0]["maxLength"]
        if kind_of(f).widget is Widget.LINES:
            assert most == (f.max_length + 1) * (f.max or 10)  # room for every line at its longest
            continue
        assert most == f.max_length
        if f.kind is FieldKind.PHONE:  # its limit is the same, but letters are no telephone number
            continue
        assert kind_of(f).parse(f, "x" * most) == "x" * most
        with pytest.raises(Invalid) as refused:
            kind_of(f).parse(f, "x" * (most + 1))
        assert refused.value.error == FieldError("err_too_long", {"max": most, "length": most + 1})
    assert _inputs(routine, messages, "question")[1]["text"] == "Högst 2\u00a0000 tecken."
    assert _inputs(routine, messages, "question", lang="en")[1]["text"] == "At most 2,000 characters."
    assert all("tecken" not in e.get("text", "") for e in _inputs(routine, messages, "title"))


def test_a_text_as_long_as_is_read_may_have_been_cut_and_its_length_is_said_as_at_least(routine: Routine) -> None:
    """Typed in the chat as a one-field step's answer, a text is read up to MAX_TYPED characters."""
    with pytest.raises(Invalid) as refused:
        _parse(routine, "evaluation_method", "x" * MAX_TYPED)
    assert refused.value.error == FieldError("err_too_long_cut", {"max": 2000, "length": MAX_TYPED})
    with pytest.raises(Invalid) as refused:
        _parse(routine, "evaluation_method", "x" * (MAX_TYPED - 1))
    assert refused.value.error == FieldError("err_too_long", {"max": 2000, "length": MAX_TYPED - 1})


def test_a_single_line_text_is_not_multiline_and_a_refused_number_is_shown_as_typed(routine: Routine, messages: Messages) -> None:
    assert "isMultiline" not in _inputs(routine, messages, "title")[0]
    assert _inputs(routine, messages, "cost_sek", "-5")[0]["value"] == "-5"


def test_an_input_is_labelled_in_the_users_language_and_marked_when_optional(routine: Routine, messages: Messages) -> None:
    assert _inputs(routine, messages, "channels", lang="en")[0]["choices"][0]["title"] == "Digital channels for participation"
    assert _inputs(routine, messages, "history")[0]["label"].endswith("(frivilligt)")
    assert _inputs(routine, messages, "title", lang="en")[0]["label"] == "Title of the dialogue"


def test_the_error_follows_the_input_then_the_help_and_each_options_explanation(routine: Routine, messages: Messages) -> None:
    elements = _inputs(routine, messages, "groups", error="Välj minst en")
    assert elements[1] == {"type": "TextBlock", "text": "Välj minst en", "wrap": True, "color": "Attention", "spacing": "None"}
    explanations = [e["text"] for e in elements[2:]]
    assert len(explanations) == 4
    assert explanations[0].startswith("**Berörda och lågaktiva gruppen**: Kräver mest tid")

    question = _inputs(routine, messages, "question")
    assert [e["type"] for e in question] == ["Input.Text", "TextBlock", "TextBlock"]  # its limit, then its help
    assert question[2]["text"].startswith("Vad ska medborgarna tycka till om?")


def test_a_missing_choice_asks_for_one_and_missing_checkboxes_for_at_least_one(routine: Routine, messages: Messages) -> None:
    """Try-out 4, finding 6: "Vilka målgrupper ska dialogen nå?" (checkboxes) left empty said "Välj ett alternativ."."""
    fields = tuple(_field(routine, fid) for fid in ("groups", "channels"))
    _, errors = validate(fields, {"groups": "", "channels": ""}, {}, str, TODAY)
    said = {fid: (messages(e.key, "sv"), messages(e.key, "en")) for fid, e in errors.items()}
    assert said == {
        "groups": ("Välj minst ett alternativ.", "Choose at least one option."),
        "channels": ("Välj ett alternativ.", "Choose an option."),
    }
