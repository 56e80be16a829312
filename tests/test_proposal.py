"""The proposal as a tjänsteutlåtande of seed 000's genre, on two realistic drafts: an internal dialogue
without extra funding, and an external initiative (from a fritidsgård's youth council) that asks for money.
Rendered as the nämnd gets it: Word (reopened with python-docx), the page's HTML, and PDF/A."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from cards.docx import DEFAULT_TEMPLATE, check_template, render_docx
from cards.elements import CardContext
from cards.pages import shared_draft_page
from cards.pdf import proposal_html, render_pdf
from dialogs.documents.proposal import Proposal, build_proposal
from dialogs.draft import Draft
from dialogs.share import Access, Share
from dialogs.views import Link, SharedPage
from dialogs.wizard import Wizard
from tests.conftest import IN_CI
from tests.support import ANSWERS, PROPOSAL_OUTLINE_SV

TODAY = date(2026, 11, 23)
# The external initiative: a youth council at a fritidsgård asks for a dialogue, and the money for it.
EXTERNAL = {
    "start": {
        "title": "Ungdomars önskemål om Vällingby fritidsgård",
        "question": "Vad vill ni göra på fritidsgården på kvällar och helger?",
        "unit": "Fritidsgården Vällingby",
        "role": "enhetschef",
        "initiative": "external",
    },
    "external": {"initiator": "Ungdomsrådet på Vällingby fritidsgård", "received_date": "2026-09-14"},
    "purpose": {
        **ANSWERS["purpose"],
        "why": "Ungdomsrådet vill att fler unga ska vara med och bestämma över verksamheten.",
        "goal_link": "Dialogen bidrar till nämndens mål att unga ska ha en meningsfull fritid.",
        "general_goal": "En fritidsgård som fler unga vill besöka.",
        "specific_goal": "Ett program för kvällar och helger som bygger på ungdomarnas förslag.",
        "citizen_influence": "vilka aktiviteter som erbjuds på kvällar och helger",
        "citizen_no_influence": "Öppettiderna och budgeten för lokalerna.",
        "governance_use": "Underlag för fritidsgårdens verksamhetsplan 2027.",
        "history": "",
    },
    "reach": {
        "reach__affected_low_activity": "Samtal i skolornas uppehållsrum och på sociala medier.",
        "reach__affected_active": "Workshop på fritidsgården en fredagskväll.",
    },
    "resources": {**ANSWERS["resources"], "cost_sek": "45000", "funding_request": "yes"},
    "case": {**ANSWERS["case"], "dnr": "HV 2026/123", "consulted": "disability"},
}
CONTROL = "Ett\x0bsamtal\x1b[0m vid\x00 lunchen\x0c."


def completed(routine, overrides: dict[str, dict[str, str]] | None = None) -> tuple[Wizard, Draft]:
    wizard = Wizard(routine)
    draft = Draft(owner_id="aad:anna", owner_name="Anna Andersson", routine_id=routine.id)
    for step in routine.steps:
        if step.applies(draft.answers):
            values = {**ANSWERS.get(step.id, {}), **(overrides or {}).get(step.id, {})}
            assert wizard.apply(step, draft, values, "sv", TODAY) == {}, step.id
    assert wizard.progress(draft).current is None
    return wizard, draft


def proposal_of(routine, overrides: dict[str, dict[str, str]] | None = None, lang: str = "sv") -> Proposal:
    wizard, draft = completed(routine, overrides)
    return build_proposal(routine, draft, wizard.progress(draft).steps, lang, TODAY)  # type: ignore[arg-type]


def reopened(proposal: Proposal, template: Path | None = None):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(render_docx(proposal, template)))


def text_of(document) -> str:  # type: ignore[no-untyped-def]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*cells, *(p.text for p in document.paragraphs)])


@pytest.fixture(scope="module")
def internal(routine) -> Proposal:
    return proposal_of(routine)


@pytest.fixture(scope="module")
def external(routine) -> Proposal:
    return proposal_of(routine, EXTERNAL)


# --- the genre --------------------------------------------------------------------------------------


def test_the_header_names_officer_telephone_board_meeting_date_and_dnr(internal, external) -> None:
    for proposal, dnr in ((internal, None), (external, "HV 2026/123")):
        rows = [[c.text for c in row.cells] for row in reopened(proposal).tables[0].rows]
        assert rows[:3] == [
            ["Handläggare", "Anna Andersson\nTelefon: 08-508 00 000"],
            ["Till", "Hässelby-Vällingby stadsdelsnämnd\nSammanträde 2027-01-20"],
            ["Datum", "2026-11-23"],
        ]
        assert rows[3:] == ([["Dnr", dnr]] if dnr else [])


def test_the_title_is_an_arende(internal, external) -> None:
    assert internal.title == "Förslag om medborgardialog om aktiviteter på Råcksta aktivitetscenter"
    assert external.title == "Svar på initiativ om medborgardialog om ungdomars önskemål om Vällingby fritidsgård"
    for proposal in (internal, external):
        title = reopened(proposal).paragraphs[0]
        assert (title.style.name, title.text) == ("Title", proposal.title)


def test_decision_points_follow_the_case(routine, internal, external) -> None:
    assert internal.decision == (
        "Stadsdelsnämnden beslutar att ge förvaltningen i uppdrag att genomföra en medborgardialog om aktiviteter"
        " på Råcksta aktivitetscenter i enlighet med förvaltningens förslag.",
        "Stadsdelsnämnden beslutar att förvaltningen redovisar dialogens resultat och utvärdering för nämnden i juni 2027.",
    )
    assert external.decision == (
        "Stadsdelsnämnden beslutar att ge förvaltningen i uppdrag att genomföra en medborgardialog om ungdomars"
        " önskemål om Vällingby fritidsgård i enlighet med förvaltningens förslag och att därmed besvara initiativet"
        " från Ungdomsrådet på Vällingby fritidsgård.",
        "Stadsdelsnämnden beslutar att avsätta 45\u00a0000 kronor ur nämndens budget för 2027 för genomförandet av dialogen.",
        "Stadsdelsnämnden beslutar att förvaltningen redovisar dialogens resultat och utvärdering för nämnden i juni 2027.",
    )
    nothing_to_fund = proposal_of(routine, {**EXTERNAL, "resources": {**EXTERNAL["resources"], "cost_sek": "0"}})
    assert not any("avsätta" in point for point in nothing_to_fund.decision)
    # In Word: numbered, in order, right under their heading.
    paragraphs = reopened(external).paragraphs
    points = [p.text for p in paragraphs if p.style.name == "List Number"]
    assert points == list(external.decision)
    assert paragraphs[1].text == "Förvaltningens förslag till beslut"


def test_a_title_that_starts_with_a_name_keeps_its_capital_in_the_decision(routine) -> None:
    """Seed 000 writes a name inside the decision as a name ("i SKL:s nätverk Masterclass"); a common word is
    lowered to continue the sentence. The district's own places are names the routine writes."""
    for place in ("Vällingby", "Råcksta", "Hässelby"):
        start = {**ANSWERS["start"], "title": f"{place} torg som mötesplats", "unit": "Enheten för trygghet"}
        proposal = proposal_of(routine, {"start": start})
        assert proposal.title == f"Förslag om medborgardialog om {place} torg som mötesplats"
        assert f"genomföra en medborgardialog om {place} torg som mötesplats i enlighet" in proposal.decision[0]
    start = {**ANSWERS["start"], "title": "Torget som mötesplats", "unit": "Enheten för trygghet"}
    assert proposal_of(routine, {"start": start}).title == "Förslag om medborgardialog om torget som mötesplats"


def test_the_sections_are_those_of_seed_000_as_word_headings(internal, external) -> None:
    for proposal, attachments in ((internal, "Bilaga"), (external, "Bilagor")):  # the routine; and the initiative
        document = reopened(proposal)
        outline = [(int(p.style.name[-1]), p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert outline == [*PROPOSAL_OUTLINE_SV[:-1], (1, attachments)]


def test_signatures_follow_the_decision_with_a_line_to_sign_where_no_name_is_given(internal) -> None:
    texts = [p.text for p in reopened(internal).paragraphs]
    after = texts[texts.index(internal.decision[-1]) + 1 :]
    assert after[:5] == ["______________________________", "Stadsdelsdirektör", "", "Eva Ek", "Avdelningschef"]
    assert 'class="sign-here"' in proposal_html(internal)


def test_preparation_background_and_attachments_in_prose(internal, external) -> None:
    document = text_of(reopened(internal))
    assert (
        "Ärendet har beretts inom Äldreomsorgens aktivitetscenter Råcksta. Ärendet har behandlats i pensionärsrådet"
        " och förvaltningsgruppen den 10 november 2026."
    ) in document
    assert "Dialogen bidrar till nämndens mål att äldre ska ha en meningsfull vardag." in document
    assert internal.attachments == ("Rutin Medborgardialog",)
    assert external.attachments == ("Rutin Medborgardialog", "Initiativet från Ungdomsrådet på Vällingby fritidsgård")
    assert "Förvaltningen tog emot initiativet från Ungdomsrådet på Vällingby fritidsgård den 14 september 2026." in text_of(
        reopened(external)
    )


def test_no_form_no_false_statements_and_dates_in_long_form(routine, internal, external) -> None:
    labels = {f.label.sv for step in routine.steps for f in step.fields} | {
        f.label.en for step in routine.steps for f in step.fields
    }
    for proposal in (internal, external):
        document = reopened(proposal)
        body = [p.text for p in document.paragraphs]
        text = "\n".join(body)
        headings = {heading for _, heading in PROPOSAL_OUTLINE_SV}
        assert [
            label for label in labels - headings if label in body or (label.endswith("?") and label in text)
        ] == []  # no Q/A pairs
        assert not {"Ja", "Nej", "Yes", "No"} & set(body)  # no yes/no lines
        assert "styrkarta" not in text.lower() and "Styrkartans" not in text
        assert "Kommunikatör har gett stöd" not in text  # a need is not something that happened
        assert re.findall(r"\d{4}-\d{2}-\d{2}", text) == []  # ISO dates only in the header table
        assert "den 20 januari 2027" in text and "från den 1 februari till den 15 mars 2027" in text
    assert "Dialogen beräknas kosta 25\u00a0000 kronor. Kostnaden ryms inom ramen för den verksamhet" in text_of(
        reopened(internal)
    )


@pytest.mark.parametrize("which", ["internal", "external"])
def test_the_word_document_matches_its_golden_file(which: str, request: pytest.FixtureRequest) -> None:
    """The whole text as the nämnd reads it, reviewed by a person once and kept (tests/golden/)."""
    proposal = request.getfixturevalue(which)
    golden = Path(__file__).parent / "golden" / f"proposal-{which}.txt"
    assert text_of(reopened(proposal)) + "\n" == golden.read_text(encoding="utf-8")


# --- Word --------------------------------------------------------------------------------------------


def test_the_word_document_numbers_its_pages_as_the_pdf_does(internal) -> None:
    """Try-out 5: the PDF says "1 (4)", the Word file had no page numbers. Its footer has Word's PAGE and NUMPAGES
    fields, which Word fills in as it lays the pages out."""
    footer = reopened(internal).sections[0].footer
    instructions = [i.text.strip() for i in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.paragraphs[0].text == "1 (1)"  # the fields' placeholders, around the brackets


def test_the_word_document_is_swedish_with_its_properties(internal) -> None:
    document = reopened(internal)
    languages = {e.get(qn("w:val")) for part in (document.styles.element, document.element.body) for e in part.iter(qn("w:lang"))}
    assert languages == {"sv-SE"}
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "sv-SE"
    props = document.core_properties
    assert (props.title, props.author, props.language) == (internal.title, "Anna Andersson", "sv-SE")


def test_the_english_reading_copy_is_tagged_english(routine) -> None:
    document = reopened(proposal_of(routine, lang="en"))
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    assert document.paragraphs[0].text == "Proposal for a citizen dialogue on aktiviteter på Råcksta aktivitetscenter"


def test_pasted_control_characters_never_break_the_word_document(routine) -> None:
    proposal = proposal_of(routine, {"method": {"method_description": CONTROL}, "case": {**ANSWERS["case"], "dnr": "HV\x0b1"}})
    document = reopened(proposal)
    text = text_of(document)
    assert "Ett. Samtal[0m vid lunchen." in text and "HV\n1" in text  # Word's soft line break stays a line break
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    assert render_pdf(proposal)[:4] == b"%PDF"


def test_a_list_typed_one_item_per_line_stays_a_list_in_word_pdf_and_page(routine, messages) -> None:
    typed = "Så här:\n- Två förmiddagar med samtal över kaffe\n- En pappersenkät i stor stil\n# Rubrik?"
    proposal = proposal_of(routine, {"method": {"method_description": typed}})
    items = ["– Två förmiddagar med samtal över kaffe", "– En pappersenkät i stor stil"]
    words = [p.text for p in reopened(proposal).paragraphs]
    at = words.index(items[0])
    assert words[at - 1].endswith("Så här:") and words[at : at + 3] == [*items, "# Rubrik?"]
    html = proposal_html(proposal)
    assert "".join(f"<p>{item}</p>" for item in items) in re.sub(r"\s*\n\s*", "", html)
    share = Share("d", "aad:anna", "aad:bertil", "Bertil", Access.READ, "", datetime(2027, 1, 1, tzinfo=UTC))
    page = shared_draft_page(
        CardContext(routine, messages, "sv"),
        SharedPage(share, "Utkast", "Anna", proposal, (), (), date(2027, 1, 1)),
        "/c",
        (Link("page_download_docx", "/w"), Link("page_download_pdf", "/p")),
        None,
    )
    assert all(f"<p>{item}</p>" in page for item in items)
    pdf = PdfReader(io.BytesIO(render_pdf(proposal)))
    lines = [line.strip() for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    assert all(item in lines for item in items)


def test_markup_in_an_answer_stays_text_in_word_and_html(routine) -> None:
    script = "<script>alert('x')</script> & <w:p/>"
    proposal = proposal_of(routine, {"method": {"method_description": script}})
    assert script + "." in text_of(reopened(proposal))
    html = proposal_html(proposal)
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;w:p/&gt;" in html


def test_a_district_can_use_its_own_template(internal, tmp_path: Path) -> None:
    """A second, minimal template gets the same context: the template is the district's to replace."""
    template = Document()
    for line in (
        "TJÄNSTEUTLÅTANDE {{ header.dnr or 'utan dnr' }}",
        "{{ title }}",
        "{%p for point in decision %}",
        "{{ loop.index }}) {{ point }}",
        "{%p endfor %}",
        "{%p for b in blocks if b.level == 1 %}",
        "== {{ b.heading }} ==",
        "{%p endfor %}",
    ):
        template.add_paragraph(line)
    path = tmp_path / "district.docx"
    template.save(str(path))
    check_template(path)
    texts = [p.text for p in reopened(internal, path).paragraphs]
    assert texts[:2] == ["TJÄNSTEUTLÅTANDE utan dnr", internal.title]
    assert texts[2] == "1) " + internal.decision[0]
    sections = [heading for level, heading in PROPOSAL_OUTLINE_SV[1:-1] if level == 1]  # not the decision, not Bilaga
    assert texts[4:] == [f"== {heading} ==" for heading in sections]
    assert reopened(internal, path).core_properties.language == "sv-SE"


def test_the_template_is_read_once_per_path_and_again_when_it_changes(
    internal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "district.docx"
    path.write_bytes(DEFAULT_TEMPLATE.read_bytes())
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or read_bytes(self))
    for _ in range(3):
        assert reopened(internal, path).paragraphs[0].text == internal.title
    assert reads == [path]  # three downloads, one read
    replaced = Document()
    replaced.add_paragraph("Ny mall: {{ title }}")
    replaced.save(str(path))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))  # a later modification
    assert reopened(internal, path).paragraphs[0].text == f"Ny mall: {internal.title}"
    assert reads == [path, path]


def test_a_broken_template_is_refused_with_its_reason(tmp_path: Path) -> None:
    template = Document()
    template.add_paragraph("{{ title ")
    path = tmp_path / "broken.docx"
    template.save(str(path))
    with pytest.raises(ValueError, match=r"broken\.docx: template syntax: .*\(line 1\)"):
        check_template(path)
    with pytest.raises(ValueError, match=r"missing\.docx: not a readable Word document"):
        check_template(tmp_path / "missing.docx")


# --- PDF and the page ---------------------------------------------------------------------------------


def _xmp(pdf: bytes) -> str:
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            data = stream
        if b"pdfaid" in data:
            return data.decode("utf-8")
    return ""


def test_the_pdf_is_pdf_a_2a_with_the_title_from_the_same_html(external) -> None:
    pdf = render_pdf(external)
    assert pdf.startswith(b"%PDF-1.7")
    xmp = _xmp(pdf)
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert f'<rdf:li xml:lang="x-default">{external.title}</rdf:li>' in xmp
    assert "<rdf:li>Anna Andersson</rdf:li>" in xmp
    html = proposal_html(external)
    for text in (external.title, *external.decision, "Ungdomsrådet på Vällingby fritidsgård", "Bilagor"):
        assert text in html.replace("&#39;", "'")


def test_the_page_shows_the_document_with_its_downloads(routine, messages, internal) -> None:
    share = Share("d", "aad:anna", "aad:bertil", "Bertil", Access.READ, "", datetime(2027, 1, 1, tzinfo=UTC))
    page = SharedPage(share, "Utkast", "Anna Andersson", internal, (), (), date(2027, 1, 1))
    documents = (Link("page_download_docx", "/d.docx"), Link("page_download_pdf", "/d.pdf"))
    html = shared_draft_page(CardContext(routine, messages, "en"), page, "/c", documents, Link("page_in_reader_lang", "/e"))
    assert '<html lang="en">' in html and '<article class="proposal" lang="sv">' in html
    assert "<h2>Förvaltningens förslag till beslut</h2>" in html and "<h3>Syfte och mål</h3>" in html
    assert 'href="/d.docx"' in html and 'href="/d.pdf"' in html and 'href="/e">Read the document in English' in html


def _font_names(pdf: bytes) -> set[str]:
    fonts: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_an_emoji_in_an_answer_is_drawn_in_the_pdf_not_as_an_empty_box(routine) -> None:
    """Liberation and DejaVu have no emoji: Symbola (Debian's fonts-symbola, installed by .ci/run and named in the
    README's requirements) draws them, embedded as PDF/A requires."""
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout if shutil.which("fc-list") else ""
    if "Symbola" not in fonts:
        message = "fonts-symbola is not installed (apt-get install fonts-symbola)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    proposal = proposal_of(routine, {"method": {"method_description": "Samtal i parken 🌳 med kaffe ☕"}})
    pdf = render_pdf(proposal)
    assert any("Symbola" in name for name in _font_names(pdf))
    assert "🌳" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
