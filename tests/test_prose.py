"""The words of the documents: what officials type becomes prose a nämnd secretary accepts."""

from __future__ import annotations

from dialogs.documents.prose import clause, lower_first, name, paragraphs, proper_words, quoted, render, sentences, span


def test_a_typed_list_stays_a_list_of_paragraphs_after_the_line_that_leads_to_it() -> None:
    typed = "Vi vill erbjuda:\n- lek\n- En pappersenkät i stor stil;\n2. aktiviteter på helger\nsedan mer"
    template = "Så går den till: {{ a.how|sentences }} Kostnaden är låg."
    assert paragraphs(template, "sv", {"a": {"how": typed}}) == [
        "Så går den till: vi vill erbjuda:",
        "– lek",
        "– En pappersenkät i stor stil",
        "– aktiviteter på helger",
        "Sedan mer. Kostnaden är låg.",
    ]
    assert render(template, "sv", {"a": {"how": "- lek\n- odling"}}) == "Så går den till: – lek – odling Kostnaden är låg."
    assert clause("- budgeten\n- platsen\n- personalens scheman") == "budgeten, platsen och personalens scheman"


def test_every_sentence_gets_its_capital_and_full_stop_and_stray_punctuation_goes() -> None:
    typed = "barnfamiljerna har blivit färre. vi vill veta mer\n\n."
    assert sentences(typed) == "Barnfamiljerna har blivit färre. Vi vill veta mer."
    assert sentences("Hur vill du ha det?") == "Hur vill du ha det?"


def test_a_name_keeps_its_capital_where_the_draft_writes_it_as_one() -> None:
    proper = proper_words(["Dialogen genomförs av Parkleken Vällingby", "SKR:s nätverk"])
    assert lower_first("Vällingby parklek – hur ska den utvecklas", proper) == "Vällingby parklek – hur ska den utvecklas"
    assert lower_first("Aktiviteter på Råcksta", proper) == "aktiviteter på Råcksta"
    assert lower_first("SKR:s nätverk", proper) == "SKR:s nätverk"
    district = proper_words(["som bor i Hässelby-Vällingby stadsdelsområde"])  # each part of a joined name is one
    assert lower_first("Vällingby centrum", district) == "Vällingby centrum"
    assert lower_first("Hässelby strand", district) == "Hässelby strand"
    assert name("maria lindqvist") == "Maria Lindqvist" and name("Eva von Ek") == "Eva von Ek"


def test_quotations_and_periods_in_swedish_and_english() -> None:
    assert quoted("Hur vill du ha parken?", "sv", end=True) == "”Hur vill du ha parken?”"
    assert quoted("Tänk på lek", "sv", end=True) == "”Tänk på lek”."
    assert quoted("Berörda", "en") == "“Berörda”"
    assert span("2027-04-12", "2027-05-09", "sv") == "från den 12 april till den 9 maj 2027"
    assert span("2026-12-01", "2027-01-09", "en") == "from 1 December 2026 to 9 January 2027"
    assert span("2026-11-24", "2026-11-24", "sv") == "den 24 november 2026"  # one day, named once
    assert span("2026-11-24", "2026-11-24", "en") == "on 24 November 2026"
