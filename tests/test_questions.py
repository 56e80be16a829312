"""Questions about the routine: the evaluation set, and answers as a user sees them in the chat."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dialogs.matching import RoutineQuestions
from dialogs.routine import Routine
from tests.qa_eval import (
    EVALUATION_SET,
    HELD_BACK_SET_11,
    HELD_BACK_SETS,
    cases_of,
    evaluate,
    label,
    matcher_without,
    parts,
    table,
    with_examples,
)
from tests.support import ANSWERS, INTERNAL_STEPS, Chat, action, actions_of, card_text, cards_in, make_bot, texts_in


@pytest.fixture(scope="module")
def questions(routine) -> RoutineQuestions:
    return RoutineQuestions(routine)


def test_evaluation_set_top1_accuracy(routine: Routine) -> None:
    """The tuning part: what matching is tuned on, each of its parts measured with its own questions left out of the
    routine's example questions. Its questions written by the tuners (and the try-out's) reach 95 %; the development
    part, written blind by another engineer and tuned on since (`part: development`), keeps what the tuning reached (78
    of 83), and so do the tuner's batches of the fifth round (`part: fifth-round`: 169 of 246 first, 207 after that
    round, 215 after the sixth, 216 after the ninth, 221 after the eleventh, 223 now) and of the sixth (`part:
    sixth-round`: 151 of 184 first, 156 after that round, 160 after the tenth, 163 after the eleventh, 166 now), each
    measured before the changes made for it; no role question of the tuners' or the development part is missed, none
    of any part answered with a wrong role."""
    split = parts()
    results = {part: evaluate(routine, split[part]) for part in ("tuners", "development", "fifth-round", "sixth-round")}
    everything = [r for rs in results.values() for r in rs]
    assert {r.lang for r in everything} == {"sv", "en"}
    role_misses = [
        r
        for part in ("tuners", "development")
        for r in results[part]
        if (r.expected.startswith("role_") or r.got.startswith("role_")) and not r.ok
    ]
    assert role_misses == [], table(everything)
    assert [r for r in everything if r.wrong_role] == [], table(everything)
    tuners, development = results["tuners"], results["development"]
    assert [len(results[part]) for part in ("development", "fifth-round", "sixth-round")] == [83, 246, 184]
    assert sum(r.ok for r in tuners) / len(tuners) >= 0.95, table(tuners)
    assert sum(r.ok for r in development) >= 78, table(development)
    assert sum(r.ok for r in results["fifth-round"]) >= 223, table(results["fifth-round"])
    assert sum(r.ok for r in results["sixth-round"]) >= 166, table(results["sixth-round"])


@pytest.mark.parametrize("path", HELD_BACK_SETS, ids=lambda p: p.stem)
def test_held_back_sets_never_answer_with_the_wrong_role(routine: Routine, path: Path) -> None:
    """The held-back parts, written from the routine before a round of tuning (parts 1 to 10 tuned on since)."""
    results = evaluate(routine, cases_of(path))
    assert len(results) >= 40
    assert [r for r in results if r.wrong_role] == [], table(results)


def test_the_sets_hold_at_least_150_questions_of_which_40_held_back() -> None:
    assert len(cases_of(HELD_BACK_SET_11)) >= 40
    assert sum(len(cases_of(path)) for path in (EVALUATION_SET, *HELD_BACK_SETS)) >= 150


@pytest.mark.parametrize("path", HELD_BACK_SETS, ids=lambda p: p.stem)
def test_held_back_set_top1_accuracy(routine: Routine, path: Path) -> None:
    """Parts 1 to 3 are development parts now (tuned on): they hold the bar. Part 4 was the honest measure of the
    fifth round; the sixth and later rounds tuned on it, and since the ninth it holds the bar. Part 5 was the sixth
    round's honest measure (78.6 % before it, 81.4 % after it); the seventh tuned on it, and it holds the bar. Part 6
    was the seventh round's honest measure (74.3 % before and after it); the eighth and later rounds tuned on it, and
    since the eleventh it holds the bar. Part 7 was the eighth round's honest measure (84.3 % before and after it); the
    ninth tuned on it, and it holds the bar. Part 8 was the ninth round's honest measure (78.6 % before it, 81.4 % after
    it); the tenth tuned on it, and it holds the bar. Part 9 was the tenth round's honest measure (82.9 % before it,
    84.3 % after it); the eleventh tuned on it, and it holds the bar. Part 10 was the eleventh round's honest measure
    (85.7 % before it, 90.0 % after it); the twelfth tunes on it. Each is measured with its own questions left out of
    the example questions."""
    results = evaluate(routine, cases_of(path))
    accuracy = sum(r.ok for r in results) / len(results)
    assert accuracy >= 0.85, table(results)


@pytest.mark.parametrize("part", ["development", "qa_heldback_4"])
def test_example_questions_answer_a_part_left_out_of_them_better(routine: Routine, part: str) -> None:
    """Questions nobody had written when the examples were: a part left out of the example questions is answered
    right more often with the others' than with none, no off-topic question of it answered and no wrong role."""
    cases = parts()[part]
    learned = evaluate(routine, cases)
    without = evaluate(with_examples(routine, {}), cases)
    assert sum(r.ok for r in learned) > sum(r.ok for r in without), table(learned)
    off_topic = [r for r in learned if r.expected == "none" and not r.ok]
    assert len(off_topic) <= sum(r.expected == "none" and not r.ok for r in without), table(learned)
    assert [r for r in learned if r.wrong_role] == [], table(learned)


def _bullets(card: dict) -> list[str]:
    return [line[2:] for line in card_text(card).splitlines() if line.startswith("- ")]


async def test_role_question_returns_exactly_that_roles_responsibilities(chat: Chat, routine) -> None:
    card = cards_in(await chat.say("vad är mitt ansvar som enhetschef?"))[0]
    assert "Ur Rutin Medborgardialog, avsnittet ”Roller och ansvar”" in card_text(card)
    assert "Enhetschef ansvarar för att:" in card_text(card)
    assert _bullets(card) == [r.sv for r in routine.role("enhetschef").responsibilities]
    assert {a["title"] for a in card["actions"]} >= {"Starta ett utkast", "Avdelningschef"}


async def test_english_question_gets_the_english_rendering(chat: Chat, routine) -> None:
    card = cards_in(await chat.say("what is my responsibility as enhetschef"))[0]
    assert "From the Citizen dialogue routine (Rutin Medborgardialog), section “Roles and responsibilities”" in card_text(card)
    assert _bullets(card) == [("ensure that " if r.clause else "") + r.en for r in routine.role("enhetschef").responsibilities]
    assert "Start a draft" in [a["title"] for a in card["actions"]]


async def test_typos_and_inflections_find_the_role(chat: Chat, routine) -> None:
    for question in ("komunikatörens ansvar", "Vad gör kommunikatören?"):
        card = cards_in(await chat.say(question))[0]
        assert _bullets(card) == [r.sv for r in routine.role("kommunikator").responsibilities]


async def test_my_responsibility_without_a_role_asks_which_role(chat: Chat, routine) -> None:
    card = cards_in(await chat.say("vad är mitt ansvar?"))[0]
    assert "Vilken roll har du?" in card_text(card)
    buttons = [a for a in card["actions"] if a["data"]["action"] == "topic"]
    assert [b["title"] for b in buttons] == ["Stadsdelsdirektör", "Avdelningschef", "Kommunikatör", "Enhetschef"]
    answer = cards_in(await chat.press(buttons[1]))[0]
    assert _bullets(answer) == [r.sv for r in routine.role("avdelningschef").responsibilities]


async def test_my_responsibility_uses_the_role_of_the_latest_draft(chat: Chat, routine) -> None:
    await chat.to_step("scope", {"start": {"role": "kommunikator"}})
    await chat.say("avbryt")
    card = cards_in(await chat.say("vad är mitt ansvar?"))[0]
    assert "Din roll enligt ditt senaste utkast: Kommunikatör." in card_text(card)
    assert _bullets(card) == [r.sv for r in routine.role("kommunikator").responsibilities]


async def test_other_questions_answer_with_their_section(chat: Chat) -> None:
    card = cards_in(await chat.say("vem räknas som medborgare?"))[0]
    assert "avsnittet ”Definitioner – Medborgare”" in card_text(card)
    assert "En individ som bor, verkar, lever i eller har en relation till stadsdelsområdet." in card_text(card)
    card = cards_in(await chat.say("vilka målgrupper finns det?"))[0]
    for group in (
        "Berörda och lågaktiva gruppen",
        "Berörda och aktiva gruppen",
        "Icke berörda och aktiva",
        "Icke berörda och icke aktiva",
    ):
        assert f"**{group}**" in card_text(card)
    card = cards_in(await chat.say("vad är skillnaden mellan medborgardialog och systematiskt kvalitetsarbete?"))[0]
    assert "systematiska kvalitets- och utvecklingsarbetet" in card_text(card)


async def test_a_question_among_small_talk_and_context_gets_the_answer_it_gets_alone(chat: Chat, routine) -> None:
    """A greeting, a question announced ("Jag har en fråga") and thanks in advance around a question are no part of it,
    and a sentence of context that leaves the whole message unanswered does not hide the question: each message gets
    the section or role the question alone gets (before: the principles, "förhand" read as "förändra" and "fråga" as
    the influence test's; no answer among words the routine lacks)."""
    alone = card_text(cards_in(await chat.say("Vad menas med medborgare?"))[0])
    assert "avsnittet ”Definitioner – Medborgare”" in alone
    for message in (
        "Hej! Jag har en fråga. Vad menas med medborgare? Tack på förhand!",
        "Jag har läst rutinen men blir inte klok på en sak. Vad menas med medborgare?",
    ):
        assert card_text(cards_in(await chat.say(message))[0]) == alone, message
    card = cards_in(await chat.say("Hi! I have a question. What does a unit manager have to do? Thanks in advance!"))[0]
    assert "section “Roles and responsibilities”" in card_text(card)
    assert _bullets(card) == [("ensure that " if r.clause else "") + r.en for r in routine.role("enhetschef").responsibilities]


async def test_an_unanswerable_question_gets_the_honest_fallback(chat: Chat) -> None:
    card = cards_in(await chat.say("hur bokar jag en lokal?"))[0]
    assert "Det hittar jag inget tydligt svar på i rutinen." in card_text(card)
    topics = [a for a in actions_of(card) if a["data"]["action"] == "topic"]
    assert 2 <= len(topics) <= 3


async def test_greetings_and_thanks(chat: Chat) -> None:
    replies = await chat.say("Hej!")
    assert texts_in(replies)[0].startswith("Hej! Jag är Dialogstöd.")
    assert [a["title"] for a in cards_in(replies)[0]["actions"]] == ["Nytt utkast", "Mina utkast", "Hjälp", "Mina data"]
    assert texts_in(await chat.say("tack så mycket")) == ["Varsågod! Säg till om du vill något mer."]
    assert texts_in(await chat.say("thanks")) == ["You are welcome! Let me know if there is anything else."]


async def test_a_question_in_the_middle_of_the_wizard_keeps_its_place(chat: Chat) -> None:
    await chat.to_step("target_groups")
    step_card = chat.last_card
    answer = cards_in(await chat.say("vilka målgrupper finns det?"))[0]
    assert "Målgrupper för medborgardialog" in card_text(answer)
    resume = action(answer, "resume")
    assert resume["title"] == "Fortsätt utkastet"
    assert texts_in(await chat.say("var är jag?")) == [
        "Du arbetar med ”Aktiviteter på Råcksta aktivitetscenter”: steg 5 av 12, Målgrupper och bredd."
    ]
    card = cards_in(await chat.press(resume, card=answer))[0]
    assert "Målgrupper och bredd" in card_text(card)
    nxt = cards_in(await chat.press(action(step_card, "submit"), card=step_card, **ANSWERS["target_groups"]))[-1]
    assert "Hur målgrupperna nås" in card_text(nxt)


async def test_on_a_one_field_step_a_question_is_answered_and_other_text_is_the_answer(chat: Chat) -> None:
    await chat.to_step("evaluation")  # a step of one field
    answer = cards_in(await chat.say("Vad ska kommunikatören göra?"))[0]
    assert "Kommunikatör ansvarar för att:" in card_text(answer)
    step = cards_in(await chat.say("Enkät till deltagarna."))[-1]
    assert "Ärendet till nämnden" in card_text(step)


async def test_in_the_wizard_a_question_is_answered_whatever_the_card_and_the_wizard_keeps_its_place(chat: Chat) -> None:
    """Try-out finding 5: a question the routine answers with several roles (no one clear topic) is answered on a card
    of several fields and, clearly asked, on a one-field card, with the way back to the step; other text is given back to
    paste on the card of several fields and is the answer on the one-field card."""
    asked = "vem ansvarar för återkopplingen?"
    await chat.to_step("reach")  # Hur målgrupperna nås, a field per target group
    step = chat.last_card
    card = cards_in(await chat.say(asked))[0]
    assert card_text(card).startswith("Det hittar jag inget tydligt svar på i rutinen.")
    assert {"role_avdelningschef", "role_kommunikator"} <= {a["data"].get("topic") for a in actions_of(card)}
    back = cards_in(await chat.press(action(card, "resume"), card=card))[-1]
    assert action(back, "submit")["data"]["step"] == "reach"
    [given_back] = texts_in(await chat.say("Hembesök"))
    assert "Du skrev: ”Hembesök”" in given_back
    await chat.press(action(step, "submit"), card=step, **ANSWERS["reach"])
    for step_id in INTERNAL_STEPS[6:-2]:  # up to Utvärdering, a step of one field
        await chat.submit_step(step_id)
    card = cards_in(await chat.say(asked))[0]
    assert card_text(card).startswith("Det hittar jag inget tydligt svar på i rutinen.")
    assert action(chat.last_card, "resume")["data"]["draft"] == action(step, "submit")["data"]["draft"]
    assert "Ärendet till nämnden" in card_text(cards_in(await chat.say("Enkät till deltagarna."))[-1])


async def test_on_a_card_with_nothing_to_fill_text_is_a_request_a_question_or_gets_the_cards_ways_on(chat: Chat) -> None:
    """Try-out finding 5: the gate's stop card has no fields, so no text is told to fill it in."""
    gate = await chat.to_the_gate("influence", question_influenceable="no", decision_makers_influenceable="no")
    assert [a["data"]["action"] for a in actions_of(gate)] == ["edit", "park"]
    for text in ("👍", "<b>hej</b> **fet**", "a" * 5_000):
        said = await chat.say(text)
        assert texts_in(said)[0].startswith("Det finns inget att fylla i på det här kortet"), text
        again = cards_in(said)[-1]
        assert [(a["title"], a["data"]["action"]) for a in actions_of(again)] == [
            ("Ändra svaren", "edit"),
            ("Parkera utkastet", "park"),
        ]
        assert card_text(again) == card_text(gate)
    answer = cards_in(await chat.say("vem tar emot externa initiativ?"))[0]
    assert "**ta emot och hantera externa initiativ till medborgardialog**" in card_text(answer)
    assert "Mina utkast" in card_text(cards_in(await chat.say("mina utkast"))[0])


async def test_related_topic_buttons_answer_that_topic(chat: Chat) -> None:
    card = cards_in(await chat.say("vad omfattar rutinen?"))[0]
    related = action(card, "topic", topic="citizen")
    answer = cards_in(await chat.press(related))[0]
    assert "Definitioner – Medborgare" in card_text(answer)
    assert texts_in(await chat.press({"data": {"action": "topic", "topic": "nonexistent"}}, card={})) == [
        "Jag kunde inte läsa svaret från kortet. Ingenting har ändrats – försök igen."
    ]


async def test_a_who_question_answers_with_the_role_and_the_line_that_holds_the_duty(chat: Chat, routine) -> None:
    card = cards_in(await chat.say("vem skriver tjänsteutlåtandet?"))[0]
    assert "Avdelningschef ansvarar för att:" in card_text(card)
    assert "**tjänsteutlåtande skrivs utifrån internt eller externt initiativ till medborgardialog**" in _bullets(card)
    assert len(_bullets(card)) == len(routine.role("avdelningschef").responsibilities)
    card = cards_in(await chat.say("vem tar emot externa initiativ?"))[0]
    assert "**ta emot och hantera externa initiativ till medborgardialog**" in _bullets(card)
    card = cards_in(await chat.say("who evaluates the results?"))[0]
    assert "Unit manager (enhetschef) has the responsibility to:" in card_text(card)
    assert "**evaluate the results of the citizen dialogue**" in _bullets(card)


async def test_a_misspelt_role_is_that_role_not_a_nearby_word(chat: Chat, routine) -> None:
    card = cards_in(await chat.say("vad gör kommunikatorn?"))[0]
    assert _bullets(card) == [r.sv for r in routine.role("kommunikator").responsibilities]


async def test_the_whole_routine_answers(chat: Chat) -> None:
    """Passages the routine file once left out, target-group descriptions and the wizard's help texts."""
    card = cards_in(await chat.say("skapar dialog förtroende och tillit?"))[0]
    assert "förtroende, tillit och en ökad beslutsförmåga" in card_text(card)
    assert "trygghetsvandring som genomfördes i april 2023 i Råcksta" in card_text(card)
    card = cards_in(await chat.say("kan medborgarna själva ta initiativ till en dialog?"))[0]
    assert "bör förvaltningen bjuda in till en dialog för att kunna styra plats och metod" in card_text(card)
    card = cards_in(await chat.say("hur når vi grupper med låg tillit?"))[0]
    assert "har låg tillit och inte känner att de blir lyssnade på" in card_text(card)
    card = cards_in(await chat.say("ska nämnden avsätta medel?"))[0]  # only in the resources step's help
    assert "Planera för dialog" in card_text(card)
    assert "Interna initiativ till dialoger sker inom ramen för den verksamhet som dialogen berör." in card_text(card)


async def test_a_question_the_routine_does_not_cover_gets_the_fallback_not_a_guess(chat: Chat) -> None:
    for question in ("Vem är ordförande i stadsdelsnämnden?", "när går nästa buss till Vällingby?"):
        card = cards_in(await chat.say(question))[0]
        assert "Det hittar jag inget tydligt svar på i rutinen." in card_text(card)


async def test_what_happens_after_the_decision_quotes_the_roles_lines_for_it(chat: Chat, routine) -> None:
    """The lifecycle after the nämnd decides: the routine's own lines in "Roller och ansvar", role by role."""
    unit_manager = "Unit manager (enhetschef) has the responsibility to:"
    for question, intro, line in (
        ("vad händer efter att nämnden har beslutat?", "Avdelningschef ansvarar för att:", "utvärdering av resultat genomförs"),
        ("what happens after the district council has decided?", unit_manager, "evaluate the results of the citizen dialogue"),
    ):
        card = cards_in(await chat.say(question))[0]
        text = card_text(card)
        assert intro in text and line in _bullets(card)
        assert ("avsnittet ”Roller och ansvar”" in text) or ("section “Roles and responsibilities”" in text)
    card = cards_in(await chat.say("nämnden har sagt ja till dialogen, vad gör vi nu?"))[0]
    assert "Efter beslutet" in card_text(card)
    assert "beslut implementeras i process" in _bullets(card)
    assert "ha kunskap om rutinen och det ansvar som följer av den" not in _bullets(card)  # only the lines after it


async def test_colloquial_questions_are_read_for_what_they_ask(chat: Chat) -> None:
    """Words of the way a question is put ("funkar", "förklara", "explain") count neither for nor against a topic."""
    card = cards_in(await chat.say("hur funkar en medborgardialog?"))[0]
    assert "Genom medborgardialoger kan verksamheter bli mer effektiva" in card_text(card)
    card = cards_in(await chat.say("kan du förklara vad styrkartan är?"))[0]
    assert "SKR:s styrkarta 2019." in card_text(card)
    card = cards_in(await chat.say("can you explain the styrkarta?"))[0]
    assert "SKR's styrkarta 2019." in card_text(card)
    card = cards_in(await chat.say("hur ofta uppdateras rutinen?"))[0]
    assert "Rutinen revideras årligen eller vid behov." in card_text(card)


async def test_a_duty_two_roles_hold_alike_offers_both_roles(chat: Chat) -> None:
    """ "beslut implementeras i process" (avdelningschef) and "beslutet implementeras i berörd process" (enhetschef)
    say the same: a who-question about it names neither alone."""
    card = cards_in(await chat.say("vem implementerar besluten?"))[0]
    topics = [a["title"] for a in actions_of(card) if a["data"]["action"] == "topic"]
    assert topics == ["Avdelningschef", "Enhetschef"]


async def test_who_questions_are_read_without_the_words_that_ask_who(chat: Chat, routine) -> None:
    """ "Vem ansvarar för …" asks who as "vem" does; a verb for a duty line's noun is in its keywords."""
    card = cards_in(await chat.say("vem ansvarar för att rutinen hålls aktuell?"))[0]
    assert "Stadsdelsdirektör ansvarar för att:" in card_text(card)
    assert "**en rutin för medborgardialog finns framtagen och är aktuell**" in _bullets(card)
    card = cards_in(await chat.say("vem föreslår en medborgardialog?"))[0]
    assert f"**{routine.role('enhetschef').responsibilities[1].sv}**" in _bullets(card)  # ge förslag om medborgardialog …


async def test_a_role_named_in_a_question_about_something_else_is_not_answered_with_its_duties(chat: Chat) -> None:
    for question in ("hur mycket tjänar en kommunikatör?", "what is the salary of a unit manager?"):
        card = cards_in(await chat.say(question))[0]
        assert "ansvarar för att:" not in card_text(card) and "is responsible for:" not in card_text(card)
        assert ("Det hittar jag inget tydligt svar på i rutinen." in card_text(card)) or (
            "I cannot find a clear answer to that in the routine." in card_text(card)
        )
    card = cards_in(await chat.say("kommunikatörens roll i medborgardialog"))[0]
    assert "Kommunikatör ansvarar för att:" in card_text(card)


async def test_typed_without_å_ä_ö_the_small_words_are_still_small_words(chat: Chat) -> None:
    """Also the phrases that ask for a person, a figure, what the routine never states or one's own role."""
    card = cards_in(await chat.say("vad ar syftet med rutinen"))[0]
    assert "Syftet med rutinen är att ge en struktur" in card_text(card)
    fallbacks = ("vem ar stadsdelsdirektor just nu?", "hur manga kom pa trygghetsvandringen?", "vad hander om namnden sager nej")
    for question in fallbacks:
        text = card_text(cards_in(await chat.say(question))[0])
        assert "Det hittar jag inget tydligt svar på i rutinen." in text, question
        assert "Stadsdelsdirektör har ansvar för att:" not in text, question
    assert "Vilken roll har du?" in card_text(cards_in(await chat.say("vad forvantas av mig enligt rutinen?"))[0])


def test_a_compound_counts_by_its_head_only(questions: RoutineQuestions) -> None:
    """ "enkätverktyg" is a tool, not a survey: it is unknown to the routine, not the topic of surveys."""
    assert questions.answer("enkätverktyg", "sv").kind == "suggest"
    assert questions.answer("medborgardialogerna", "sv").topic.id == "dialogue"  # type: ignore[union-attr]


async def test_asking_who_holds_a_post_gets_the_fallback_not_the_posts_duties(chat: Chat) -> None:
    """The routine names no person: "who is our unit manager?" is not "what does a unit manager do?"."""
    for question in ("who is our unit manager?", "vad heter kommunikatören?"):
        text = card_text(cards_in(await chat.say(question))[0])
        assert "is responsible for:" not in text and "ansvarar för att:" not in text, question
    card = cards_in(await chat.say("vilken roll har kommunikatören?"))[0]
    assert "Kommunikatör ansvarar för att:" in card_text(card)


async def test_a_who_question_a_topic_explains_better_than_any_duty_line_gets_the_topic(chat: Chat) -> None:
    card = cards_in(await chat.say("vem ska bjuda in när medborgarna själva tar initiativ till dialog?"))[0]
    assert "bör förvaltningen bjuda in till en dialog för att kunna styra plats och metod" in card_text(card)
    assert "ansvarar för att:" not in card_text(card)


async def test_the_routines_revision_when_past_is_said_to_be_past_to_the_stadsdelsdirektor(
    sqlite_engine, routine, messages
) -> None:
    """The routine plans its next revision for 2025-02; on 2026-11-23 that is past, not something to come."""
    chat = Chat(make_bot(sqlite_engine, routine, messages)[1])
    for question in ("vad ansvarar stadsdelsdirektören för?", "när revideras rutinen?"):
        text = card_text(cards_in(await chat.say(question))[0])
        assert "Rutinens nästa planerade revidering, senast 2025-02-01, har redan passerat." in text, question
    english = card_text(cards_in(await chat.say("what is the district director responsible for?"))[0])
    assert "The routine's next planned revision, by 2025-02-01, has already passed." in english
    assert "has the responsibility to:" in english and "ensure that a routine for citizen dialogue" in english
    assert "revidering" not in card_text(cards_in(await chat.say("vad ansvarar enhetschefen för?"))[0])

    before = Chat(make_bot(sqlite_engine, routine, messages, clock=lambda: datetime(2024, 11, 1, 9, 0, tzinfo=UTC))[1])
    assert "har redan passerat" not in card_text(cards_in(await before.say("när revideras rutinen?"))[0])


def test_english_role_lines_read_after_their_intro_and_carrying_out_is_not_implementation(routine) -> None:
    """ "… has the responsibility to:" then a verb; "genomförande" is carrying out, "implementering" implementation."""
    verbs = {"know", "review", "receive", "propose", "ensure", "decide", "give", "draw", "carry", "evaluate", "take"}
    for role in routine.roles:
        read = [("ensure that " if line.clause else "") + line.en for line in role.responsibilities]
        assert {line.split()[0].strip(",") for line in read} <= verbs, role.id
    texts = [t for s in routine.steps for t in (s.title, *(f.label for f in s.fields))]
    texts += [line for role in routine.roles for line in role.responsibilities] + list(routine.sections.values())
    for t in texts:
        sv, en = (getattr(t, "text", t).sv.lower(), getattr(t, "text", t).en.lower())
        if "genomför" in sv and "implementer" not in sv:
            assert "implement" not in en, en


async def test_the_products_own_planning_content_answers_with_its_source_named(chat: Chat, routine) -> None:
    """The participation ladder and the method catalogue are not the routine: the answer says where it is from."""
    card = cards_in(await chat.say("vad är delaktighetstrappan?"))[0]
    text = card_text(card)
    assert "Ur delaktighetstrappan (SKR, tidigare SKL)" in text and "avsnittet" not in text
    for level in routine.participation_ladder.levels:
        assert level.promise.sv in text
    card = cards_in(await chat.say("what is a citizens' assembly?"))[0]
    assert "From Dialogstöd's method catalogue" in card_text(card)
    assert "**Citizens' assembly**: A random, representative selection of residents" in card_text(card)


async def test_a_question_about_the_calls_is_answered_not_taken_for_recording_a_decision(chat: Chat) -> None:
    """ "när måste nämnden besluta?" holds the decision request's words only inflected: it asks about the calls,
    whose calendar holds who must decide by when, and no decision form opens."""
    card = cards_in(await chat.say("när måste nämnden besluta?"))[0]
    assert "Ur Dialogstöds kalender över utlysningar" in card_text(card)
    # The card says what the routine does not, and what the calendar holds: no card of a title alone.
    assert "Rutinen säger inget om utlysningar." in card_text(card)
    calendar = action(card, "calls")
    assert calendar["title"] == "Bevaka en utlysning"
    assert "Masterclass – medborgardialog i styrning" in card_text(cards_in(await chat.press(calendar, card=card))[0])


async def test_why_the_routine_exists_is_its_purpose_and_everyday_filler_is_no_other_subject(chat: Chat) -> None:
    for question, expected in (
        ("Varför har stadsdelen en rutin för medborgardialog?", "Syftet med rutinen är att ge en struktur"),
        ("why do we even need this routine?", "The purpose of the routine is"),  # an English question, in English
    ):
        assert expected in card_text(cards_in(await chat.say(question))[0]), question
    card = cards_in(await chat.say("har vi kört nån trygghetsvandring förut?"))[0]
    assert "trygghetsvandring som genomfördes i april 2023 i Råcksta" in card_text(card)
    card = cards_in(await chat.say("typ vad är klockan?"))[0]
    assert "Det hittar jag inget tydligt svar på i rutinen." in card_text(card)


async def test_asking_what_is_expected_of_one_asks_for_the_role(chat: Chat) -> None:
    for question, expected in (
        ("Vad förväntas av mig enligt rutinen?", "Vilken roll har du?"),
        ("what is expected of me?", "Which role do you have?"),
    ):
        assert expected in card_text(cards_in(await chat.say(question))[0]), question


async def test_who_holds_a_duty_of_several_roles_offers_those_roles(chat: Chat) -> None:
    """ "Vem ansvarar för återkopplingen?": återkoppling is in the avdelningschef's and the enhetschef's lines (given,
    and proposed) and in the kommunikatör's supporting line (stöd … för information och återkoppling), so the answer
    offers those three roles — not the planning section, as a question of one word did before."""
    card = cards_in(await chat.say("vem ansvarar för återkopplingen?"))[0]
    titles = [a["title"] for a in card.get("actions", [])]
    assert {"Avdelningschef", "Kommunikatör", "Enhetschef"} <= set(titles), titles
    assert "Stadsdelsdirektör" not in titles
    assert "Planera för dialog" not in card_text(card)


async def test_who_gives_feedback_to_the_target_group_is_the_line_that_holds_it_not_the_one_that_supports_it(
    chat: Chat,
) -> None:
    """The try-out's "vem ger återkoppling till målgruppen?": seed 002 gives the avdelningschef "information om
    genomförande, tidplan och återkoppling ges till målgrupp/målgrupper"; the kommunikatör only supports it ("ge stöd …
    för information och återkoppling"), and answers only when support is asked."""
    held = "**information om genomförande, tidplan och återkoppling ges till målgrupp/målgrupper**"
    for question in ("vem ger återkoppling till målgruppen?", "vem ansvarar för återkopplingen till målgrupperna?"):
        card = cards_in(await chat.say(question))[0]
        assert "Avdelningschef ansvarar för att:" in card_text(card), question
        assert held in _bullets(card), question
    card = cards_in(await chat.say("who gives feedback to the target group?"))[0]
    assert "Head of department (avdelningschef) has the responsibility to:" in card_text(card)
    assert (
        "**ensure that information about how it is carried out, the timeline and feedback is given to the target group(s)**"
        in _bullets(card)
    )
    card = cards_in(await chat.say("vem hjälper till med återkopplingen till målgruppen?"))[0]
    assert "Kommunikatör ansvarar för att:" in card_text(card)
    assert any(b.startswith("**ge stöd vid behov") for b in _bullets(card))


async def test_a_slip_of_the_keyboard_is_read_as_the_word_meant(chat: Chat, routine) -> None:
    """A letter dropped, doubled, swapped or mistyped, in the routine's words and in the words around them."""
    card = cards_in(await chat.say("vad är mitt asvar som enhetschef?"))[0]
    assert _bullets(card) == [r.sv for r in routine.role("enhetschef").responsibilities]
    card = cards_in(await chat.say("vem skirver tjänsteutlåtandet?"))[0]
    assert "**tjänsteutlåtande skrivs utifrån internt eller externt initiativ till medborgardialog**" in _bullets(card)
    assert "Rutinen revideras årligen eller vid behov." in card_text(cards_in(await chat.say("hur ofta revideras rutnen?"))[0])
    assert texts_in(await chat.say("thnaks a lot")) == ["You are welcome! Let me know if there is anything else."]


async def test_words_the_routine_does_not_use_are_read_as_its_own(chat: Chat) -> None:
    """Synonym classes (`questions.read_as`, sv and en): an association is civil society, "ses över" is revision,
    meeting in person is a physical meeting, an invånardialog is a medborgardialog."""
    card = cards_in(await chat.say("en förening vill ha dialog med oss, vad gör vi?"))[0]
    assert "initieras av civilsamhället" in card_text(card)
    card = cards_in(await chat.say("när ska rutinen ses över?"))[0]
    assert "Rutinen revideras årligen eller vid behov." in card_text(card)
    card = cards_in(await chat.say("should we meet in person or online?"))[0]
    assert "either digital channels for participation or physical meetings" in card_text(card)
    card = cards_in(await chat.say("vad är en invånardialog?"))[0]
    assert "Genom medborgardialoger kan verksamheter bli mer effektiva" in card_text(card)


async def test_a_question_asking_for_a_figure_gets_the_fallback(chat: Chat) -> None:
    """The routine states no counts, costs or times of day: the section naming the subject is no answer."""
    for question, fallback in (
        ("hur många deltog i trygghetsvandringen?", "Det hittar jag inget tydligt svar på i rutinen."),
        ("how many people live in the district?", "I cannot find a clear answer to that in the routine."),
    ):
        assert fallback in card_text(cards_in(await chat.say(question))[0]), question


async def test_a_figure_the_routine_does_state_is_answered(chat: Chat) -> None:
    """It counts its target groups (four) and the ladder's levels: asking how many is asking for them."""
    groups = card_text(cards_in(await chat.say("hur många målgrupper finns det?"))[0])
    assert "Det hittar jag inget tydligt svar på i rutinen." not in groups
    assert "Berörda och lågaktiva" in groups, groups[:300]
    levels = card_text(cards_in(await chat.say("how many levels does the participation ladder have?"))[0])
    assert "Consultation" in levels, levels[:300]


async def test_asking_which_responsibility_one_has_asks_for_the_role(chat: Chat) -> None:
    assert "Vilken roll har du?" in card_text(cards_in(await chat.say("Vilket ansvar har jag?"))[0])


async def test_a_line_that_holds_nothing_asked_makes_no_who_question_ambiguous(chat: Chat) -> None:
    """ "know" is in every role's line "know the routine …", but the question asks about processes and citizens'
    knowledge: the avdelningschef's line that holds them answers."""
    card = cards_in(await chat.say("who reviews which processes citizens' knowledge can benefit?"))[0]
    assert "Head of department (avdelningschef) has the responsibility to:" in card_text(card)


def test_a_synonym_read_as_two_words_is_refused(routine) -> None:
    data = routine.questions.model_dump()
    data["read_as"] = {"sv": {"syfte": ["varför"], "mål": ["varför"]}}
    with pytest.raises(ValueError, match="'varför' is read as both 'syfte' and 'mål'"):
        type(routine.questions).model_validate(data)


async def test_what_the_routine_never_states_gets_the_fallback(chat: Chat) -> None:
    """It states the duties after the nämnd's yes, nothing of a no; and no cost of anything, however the question is
    put ("how much did the safety walk cost?": words between "how much" and "cost")."""
    for question, fallback in (
        ("vad händer om nämnden säger nej", "Det hittar jag inget tydligt svar på i rutinen."),
        ("what happens if the council rejects the proposal?", "I cannot find a clear answer to that in the routine."),
    ):
        text = card_text(cards_in(await chat.say(question))[0])
        assert fallback in text, question
        assert "Efter beslutet" not in text.split("\n")[0], question
    text = card_text(cards_in(await chat.say("how much did the safety walk cost?"))[0])
    assert "I cannot find a clear answer to that in the routine." in text


async def test_the_try_outs_questions_are_answered_from_the_right_passage(chat: Chat) -> None:
    """Asked in a try-out: giving feedback to the citizens is in two roles' lines (the avdelningschef's, and the
    enhetschef's proposal of how it is given), so both are offered, not the kommunikatör, whose line supports it; an
    interpreter is a target group's need of information, to be planned for; staff are people, not resources."""
    card = cards_in(await chat.say("vem är ansvarig för att återkoppla till medborgarna?"))[0]
    titles = [a["title"] for a in card.get("actions", [])]
    assert {"Avdelningschef", "Enhetschef"} <= set(titles), titles
    assert "Kommunikatör" not in titles
    card = cards_in(await chat.say("behöver vi ha tolk?"))[0]
    assert "olika behov av information och metoder" in card_text(card)
    card = cards_in(await chat.say("vem tar emot förslag på dialog från personalen?"))[0]
    assert "Enhetschef har ansvar för att:" not in card_text(card)


async def test_communication_is_not_the_communicator(chat: Chat, routine) -> None:
    """ "kommunikation" and "communication" share a stem with the role's name only as the English stemmer cuts it:
    a question about internal communication is about the planning, not the kommunikatör's duties."""
    text = card_text(cards_in(await chat.say("behöver vi en plan för intern kommunikation?"))[0])
    assert "Vilken strategi finns för intern kommunikation kring genomförandet?" in text
    text = card_text(cards_in(await chat.say("how do we communicate the results?"))[0])
    assert "has the responsibility to:" not in text
    card = cards_in(await chat.say("vad ska kommunikatörerna göra?"))[0]
    assert _bullets(card) == [r.sv for r in routine.role("kommunikator").responsibilities]


async def test_paraphrases_of_the_routines_words_are_read_as_them(chat: Chat) -> None:
    """Blind writers avoid the routine's words: a samtal is a dialogue, grundregler are its principles, asking the
    residents is a citizen dialogue, a housing estate is an area; a keyword is read as a question is ("poängen")."""
    card = cards_in(await chat.say("Var ska vi skriva in våra grundregler för samtalen med invånarna?"))[0]
    assert "verksamhetsplaneringen för året" in card_text(card)
    card = cards_in(await chat.say("can we limit the dialogue to one housing estate?"))[0]
    assert "geographical area" in card_text(card)
    card = cards_in(await chat.say("varför ska vi ens ha dialog?"))[0]
    assert "Genom medborgardialoger kan verksamheter bli mer effektiva" in card_text(card)


@pytest.mark.parametrize(
    ("question", "lang", "not_this"),
    [
        ("who reviews the proposal?", "en", "revision"),  # the bot's own review, not the routine's yearly revision
        ("how do we review the results?", "en", "revision"),
        ("när stängs ansökan?", "sv", "initiatives"),  # a call closes; no service is closed down
        ("vilken organisation ansvarar för dialogen?", "sv", "initiatives"),  # not civil society
    ],
)
def test_an_everyday_word_is_not_read_as_one_of_the_routines(
    questions: RoutineQuestions, question: str, lang: str, not_this: str
) -> None:
    """A synonym class holds what means the routine's word wherever it is said: single words with everyday meanings
    of their own ("review", "stänga", "organisation") only in the phrases that mean it ("review the routine")."""
    assert label(questions.answer(question, lang)) != not_this


def test_the_phrases_that_mean_the_routines_word_are_still_read_as_it(questions: RoutineQuestions) -> None:
    assert label(questions.answer("how often is the routine reviewed?", "en")) == "revision"
    assert label(questions.answer("om vi ska stänga en verksamhet, kan de boende begära en dialog?", "sv")) == "initiatives"


def test_a_figure_asked_of_a_role_or_of_something_else_is_not_answered_with_it(questions: RoutineQuestions) -> None:
    """How many unit managers, how many people of a group: the routine counts neither; its groups, yes."""
    assert questions.answer("hur många enhetschefer behövs?", "sv").kind == "suggest"
    assert label(questions.answer("how many people from the target group took part?", "en")) == "none"
    assert label(questions.answer("hur många målgrupper finns det?", "sv")) == "target_groups"


def test_a_slip_is_corrected_to_a_word_with_its_first_letter_and_never_to_a_stop_word(questions: RoutineQuestions) -> None:
    """'lagen' is not read as 'dagen', nor 'ringa' as the stop word 'inga' (which would drop it); 'asvar' is ansvar."""
    assert label(questions.answer("vad säger lagen om medborgardialog?", "sv")) == "dialogue"
    assert label(questions.answer("ska vi ringa deltagarna efter dialogen?", "sv")) == "after_decision"
    assert questions.answer("vad är mitt asvar?", "sv").kind == "ask_role"


def test_a_role_named_with_ones_own_part_in_it_is_that_roles_question(questions: RoutineQuestions) -> None:
    """Words the routine lacks ("precis börjat") around one's own part as a named role do not make the question about
    something else; asking for the role's pay still is."""
    assert label(questions.answer("jag har precis börjat som kommunikatör, vilken är min del i det här?", "sv")) == (
        "role_kommunikator"
    )
    assert label(questions.answer("vilken lön har en enhetschef?", "sv")) == "none"


def test_a_question_worded_like_the_examples_of_a_topic_is_answered_with_it(routine) -> None:  # type: ignore[no-untyped-def]
    """The example questions decide where the routine's own words leave a question unsure: reworded from examples of
    theirs, groups who seldom get in touch are the target groups (not the choice of method), a simple test of an issue is
    the influence test; without the examples, the bot answers the one from the wrong section and does not know the
    other."""
    learned, unlearned = RoutineQuestions(routine), RoutineQuestions(with_examples(routine, {}))
    for question, lang, expected, without in (
        ("Hur når vi de grupper som sällan hör av sig till oss?", "sv", "target_groups", "method"),
        ("Is there a simple test for whether an issue suits a consultation?", "en", "influence_test", "none"),
    ):
        assert label(learned.answer(question, lang)) == expected
        assert label(unlearned.answer(question, lang)) == without


def test_words_typed_without_a_ring_and_dots_are_read_as_the_words_they_stand_for(questions: RoutineQuestions) -> None:
    """ "efterat" is "efteråt", not "efter" with an ending, and a synonym phrase typed partly without å/ä/ö is still
    one: each question is answered as written with them."""
    for typed, written in (
        ("vem utvarderar dialogen efterat?", "vem utvärderar dialogen efteråt?"),
        (
            "vad tjanar vi pa att fraga de boende innan vi bestammer oss?",
            "vad tjänar vi på att fråga de boende innan vi bestämmer oss?",
        ),
    ):
        assert label(questions.answer(typed, "sv")) == label(questions.answer(written, "sv")) != "none"


def test_a_slip_is_never_corrected_to_a_typo_of_the_example_questions(questions: RoutineQuestions) -> None:
    """The examples hold people's typos ("avdelingschefen"): a slip is read as the routine's word, so asking for the
    name of a mistyped role is still asking for a person, whom the routine does not name."""
    assert label(questions.answer("Vad heter avdelinngschefen för äldreomsorgen?", "sv")) == "none"


def test_an_officials_words_for_the_routines_concepts_are_read_as_them(routine) -> None:  # type: ignore[no-untyped-def]
    """The seventh round's synonym classes, without any example question to lean on: "lämpar sig" is whether a
    question suits a dialogue, "förebild" an example, "kalkyl" the costs, "dem vi vill nå" the target group, "case
    study" an example."""
    unlearned = RoutineQuestions(with_examples(routine, {}))
    for question, lang, expected in (
        ("Lämpar sig frågan om nya öppettider för en medborgardialog?", "sv", "influence_test"),
        ("Finns det någon förebild för hur man gjort en dialog här?", "sv", "dialogue"),
        ("Vad ska ingå i kalkylen för en dialog?", "sv", "planning"),
        ("Vad ska vi berätta för dem vi vill nå när beslutet är fattat?", "sv", "after_decision"),
        ("Is there a case study of a citizen dialogue here?", "en", "dialogue"),
    ):
        assert label(unlearned.answer(question, lang)) == expected, question


def test_the_date_of_a_meeting_and_a_budget_are_figures_the_routine_never_states(routine: Routine) -> None:
    """The honest fallback, not the section on physical meetings or the governing documents, measured as the evaluation
    does (the tuners' own questions left out of the example questions); the next revision of the routine it states."""
    unlearned = matcher_without(routine, parts()["tuners"])
    for question in ("When is the next district council meeting?", "what is the district council's budget this year?"):
        assert label(unlearned.answer(question, "en")) == "none", question
    assert label(unlearned.answer("när är nästa möte i nämnden?", "sv")) == "none"
    assert label(unlearned.answer("When is the next planned revision of the routine?", "en")) == "revision"


def test_where_the_office_is_its_parking_and_opening_hours_are_what_the_routine_never_speaks_of(routine: Routine) -> None:
    """The honest fallback, not the definition of a citizen or the section on physical meetings that share
    "stadsdelsförvaltningen" and "möte" with them; a dialogue about parking is still a question about the routine."""
    questions = RoutineQuestions(with_examples(routine, {}))
    for asked in (
        "var ligger stadsdelsförvaltningen?",
        "Var får vi parkera när vi har möte på förvaltningen?",
        "vilka öppettider har stadsdelsförvaltningen?",
    ):
        assert label(questions.answer(asked, "sv")) == "none", asked
    parking = "Några boende har hört av sig och vill ha ett möte om parkeringssituationen. Hur ska vi hantera det?"
    assert label(questions.answer(parking, "sv")) == "initiatives"


def test_over_huvud_taget_written_apart_says_nothing_of_what_is_asked(routine: Routine) -> None:
    asked = "Vem ansvarar för att det över huvud taget finns en rutin för medborgardialog och att den hålls aktuell?"
    assert label(RoutineQuestions(with_examples(routine, {})).answer(asked, "sv")) == "role_stadsdelsdirektor"


def test_thanks_after_a_word_of_approval_is_thanks(questions: RoutineQuestions) -> None:
    for question, lang in (("Toppen, tack!", "sv"), ("Great, thanks a lot", "en"), ("Perfect, thanks!", "en")):
        assert questions.answer(question, lang).kind == "thanks", question
    assert questions.answer("Toppen, vilka målgrupper finns det?", "sv").kind == "topic"


def test_of_several_roles_named_the_one_whose_duty_is_asked_about_answers(questions: RoutineQuestions) -> None:
    """Naming one's own role beside another's does not make it the answer: the line that holds the duty decides, and
    without one both are offered (never a role whose duties were not asked for)."""
    receives = "Om en enhetschef vill ha en dialog, ska jag som avdelningschef ta emot det?"
    assert label(questions.answer(receives, "sv")) == "role_avdelningschef"
    evaluates = "Is it the unit manager or the head of department who evaluates the results?"
    assert label(questions.answer(evaluates, "en")) == "role_enhetschef"
    other = questions.answer("Jag är kommunikatör, vad ska enhetschefen göra?", "sv")
    assert other.kind == "suggest"
    assert {t.id for t in other.suggestions} == {"role_kommunikator", "role_enhetschef"}


def test_ones_own_assignment_asks_for_ones_role(questions: RoutineQuestions) -> None:
    assert label(questions.answer("Vad ingår i mitt uppdrag som kommunikatör?", "sv")) == "role_kommunikator"
    assert questions.answer("vad ska jag ha koll på?", "sv").kind == "ask_role"


def test_a_greeting_before_a_question_is_the_question(questions: RoutineQuestions) -> None:
    """A question that opens with a greeting and goes on without a question word still ends in "?": it is answered,
    not greeted ("Hi, I'm the IT project manager …, how do I check whether it qualifies?"); a greeting alone is one."""
    asked = "Hej! Jag är ny som enhetschef, hur avgör jag om en fråga passar för en medborgardialog?"
    assert label(questions.answer(asked, "sv")) not in {"greeting", "none"}
    assert label(questions.answer("Hej hej, god morgon!", "sv")) == "greeting"


def test_a_role_asked_what_it_is_responsible_for_answers_among_words_the_routine_lacks(questions: RoutineQuestions) -> None:
    """ "ansvarig", "responsible" beside a role ask for its duties, whatever the routine lacks around them; a pay or a
    person asked of a role is still no question about its duties."""
    asked = "Jag är assistent åt stadsdelsdirektören. Vad är hon egentligen ansvarig för enligt rutinen?"
    assert label(questions.answer(asked, "sv")) == "role_stadsdelsdirektor"
    assert label(questions.answer("Vilken lön har en enhetschef?", "sv")) == "none"


def test_the_routines_first_topic_and_the_nearest_examples_agreeing_answer_an_unsure_question(routine) -> None:  # type: ignore[no-untyped-def]
    """The routine's words rank the initiatives first but not clearly ("ringde", "parken", "åka" are not its words) and
    the nearest example questions, none of them near, mostly are about initiatives: the two agreeing answer. Without the
    examples the question stays unsure (the closest topics are offered)."""
    asked = "en förening ringde och vill att vi kommer på deras möte om parken, ska vi bara åka dit eller?"
    learned = matcher_without(routine, [{"q": asked}])
    assert label(learned.answer(asked, "sv")) == "initiatives"
    assert label(RoutineQuestions(with_examples(routine, {})).answer(asked, "sv")) == "none"


def test_a_who_question_asks_about_its_own_clause_not_about_when(questions: RoutineQuestions) -> None:
    """What a who-question says of when ("när en förening föreslår en dialog") is no duty of its own: the clause of the
    words that ask who is. Lines of two roles that both say what that clause asks still offer both, and "who" that asks
    nothing ("the people who sent in …") is no who-question."""
    for typed in ("Vem tar emot det när en förening föreslår en dialog?", "vem tar emot det nar en forening foreslar en dialog?"):
        assert label(questions.answer(typed, "sv")) == "role_avdelningschef", typed
    answer = questions.answer("Vem tar emot ett externt initiativ när det kommer in till förvaltningen?", "sv")
    assert label(answer) == "role_avdelningschef" and answer.topic and answer.topic.duty
    assert answer.topic.duty.sv.startswith("ta emot")
    both = questions.answer("vem genomför dialogen när den är beslutad?", "sv")
    assert {t.id for t in both.suggestions} == {"role_avdelningschef", "role_enhetschef"}
    told = "what do we tell the people who sent in an outside initiative while they wait for an answer?"
    assert not label(questions.answer(told, "en")).startswith("role_")


def test_ones_own_part_is_asked_in_other_words_and_what_to_do_about_something_is_that(questions: RoutineQuestions) -> None:
    """ "vad ligger på mig?" beside one's role is that role's part, whatever the role's workplace; "vad ska jag göra?"
    asks one's part, but not when what it is about is said before it or after "om", "if", "för att": then it is that."""
    assert label(questions.answer("Jag är kommunikatör på en fritidsgård, vad ligger på mig?", "sv")) == "role_kommunikator"
    assert questions.answer("vad ska jag göra enligt rutinen?", "sv").kind == "ask_role"
    assert questions.answer("what should I do according to the routine?", "en").kind == "ask_role"
    for question, lang in (
        ("vad ska jag göra om en förening hör av sig?", "sv"),
        ("en förening vill ha ett möte om parken, vad ska jag göra?", "sv"),
        ("what should I do if an association asks for a meeting?", "en"),
    ):
        assert label(questions.answer(question, lang)) == "initiatives", question


def test_the_products_own_content_answers_only_what_is_mostly_about_it(questions: RoutineQuestions) -> None:
    """The calls calendar holds who must decide by when, but whether the nämnd decides on every dialogue is about the
    routine, whose topics hold more of the question: the bot offers them instead of the calls."""
    assert label(questions.answer("när måste nämnden besluta?", "sv")) == "calls"
    every = questions.answer("måste nämnden besluta om varje dialog?", "sv")
    assert every.kind == "suggest" and "initiatives" in {t.id for t in every.suggestions}


def test_ones_own_role_named_in_a_question_of_ones_part_answers_whatever_else_is_named(questions: RoutineQuestions) -> None:
    """A role said to be one's own ("jag som enhetschef", "började som", "as the unit manager") in a question asking
    one's part is that role's duties, after sentences of context, another role named ("min avdelningschef") or a
    clause of when; a role named as someone else's is never the answer to one's own part."""
    for question, lang, role in (
        (
            "Hej! Jag började som enhetschef förra veckan och min avdelningschef gav mig rutinen. Vad förväntas av mig?",
            "sv",
            "enhetschef",
        ),
        ("Vad ska jag som avdelningschef göra när en enhetschef vill starta en dialog?", "sv", "avdelningschef"),
        ("What should I do as the unit manager when a dialogue has been proposed?", "en", "enhetschef"),
    ):
        assert label(questions.answer(question, lang)) == f"role_{role}", question
    assert label(questions.answer("jag är kommunikatör, vad ska enhetschefen göra?", "sv")) != "role_kommunikator"


def test_the_people_a_dialogue_is_with_in_the_askers_words_are_the_target_group_of_a_who_question(
    questions: RoutineQuestions,
) -> None:
    """ "vem ska informera de anhöriga?" asks who informs the target groups, as "vem ska informera målgruppen?" does,
    not what a citizen is; outside a who-question the words stay the asker's ("räknas anhöriga som medborgare?")."""
    routine_answer = questions.answer("vem ska informera målgruppen?", "sv")
    assert routine_answer.topic is not None and routine_answer.topic.duty is not None
    for question, lang in (
        ("vem ska informera de anhöriga?", "sv"),
        ("vem berättar för föräldrarna om dialogen?", "sv"),
        ("who should inform the young people about the dialogue?", "en"),
    ):
        answer = questions.answer(question, lang)
        assert answer.topic is not None and answer.topic.id == routine_answer.topic.id, question
        assert answer.topic.duty == routine_answer.topic.duty, question
    assert label(questions.answer("räknas anhöriga som medborgare?", "sv")) == "citizen"


def test_a_decision_taken_and_what_now_is_after_the_decision(questions: RoutineQuestions) -> None:
    """The lifecycle in other words: the nämnd's yes said as the asker says it, then "what now?"."""
    for question in ("our proposal was approved by the committee, what now?", "The council said yes to our proposal. Now what?"):
        assert label(questions.answer(question, "en")) == "after_decision", question


def test_a_who_question_after_sentences_of_context_is_read_as_its_own_sentence(questions: RoutineQuestions) -> None:
    """What is said before the sentence that asks who is context, not the duty asked about."""
    alone = questions.answer("Vem ska lägga fram förslaget om en dialog?", "sv")
    after = questions.answer(
        "Vi på träffpunkten märker att besökarna vill vara med och bestämma om höstens program. Vem ska lägga fram förslaget"
        " om en dialog?",
        "sv",
    )
    assert label(alone) == label(after) == "role_enhetschef"


async def test_a_long_message_that_opens_with_a_greeting_and_asks_is_answered_not_greeted(chat: Chat) -> None:
    """Try-out 6: a long message ("Hej! Jag undrar hur vi ska kommunicera dialogen …") with its question in the middle
    got only the greeting and the welcome. Greeted only when nothing else is asked, it is the question."""
    background = "Vi har bjudit in de boende förut med lappar i trappuppgångarna och det kom få. " * 70
    asked = f"Hej! Jag undrar hur vi ska kommunicera dialogen till de boende. Vilka kanaler ska vi använda? {background}"
    assert len(asked) > 5000
    replies = await chat.say(asked)
    assert not any(text.startswith("Hej! Jag är Dialogstöd.") for text in texts_in(replies))
    assert "Välkommen till Dialogstöd" not in " ".join(card_text(c) for c in cards_in(replies))
    assert [a for c in cards_in(replies) for a in actions_of(c) if a["data"]["action"] == "topic"]


async def test_where_the_user_is_on_a_step_whose_title_asks_ends_with_its_question_mark_once(chat: Chat) -> None:
    """Try-out 6: "hur långt har jag kommit?" on "Är det en medborgardialog?" ended "… Är det en medborgardialog?."."""
    await chat.to_step("influence")
    [where] = texts_in(await chat.say("hur långt har jag kommit?"))
    assert where.endswith(", Är det en medborgardialog?"), where
