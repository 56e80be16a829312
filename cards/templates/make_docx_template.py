"""Build the default Word template of the tjänsteutlåtande, cards/templates/tjansteutlatande.docx.

Run it after changing this script (`.venv/bin/python cards/templates/make_docx_template.py`) and commit
both. A district replaces the template with its own (made in Word, saved as .docx) by pointing the
setting PROPOSAL_TEMPLATE at it; cards/docx.py fills any template with the same context (docxtpl:
Jinja2 inside Word, `{{ … }}` in a run, `{%p … %}` as a paragraph of its own, `{%tr … %}` as a table row):

    lang          "sv" (the nämnd's document) or "en"
    title, author, administration
    labels        officer, phone, to, meeting, date, dnr, decision, attachments: the header's and headings' words
    header        officer, phone, board, meeting, date, dnr ("" when not given)
    decision      the decision points, in order (a list numbered by the paragraph style)
    signatures    name ("" leaves a line to sign on), title
    blocks        the sections in reading order: level (1 under the title, 2 below it…), heading, paragraphs
    attachments   the bilagor

The text is plain (escaped when filled in); styles carry the look: Title, Heading 1–3, List Number,
Normal, and a table for the header. The footer numbers the pages as the PDF does, "1 (4)" (Word's PAGE and NUMPAGES
fields, which Word fills in when it lays the document out). Language sv-SE throughout, so that Word's spelling
check reads Swedish.
For a screen reader (and Word's accessibility checker) the headings are Word's heading styles, and the header
table says what it holds: its first column holds the row headers (the labels; no header row, which would
mislabel the officer's row) and it has a title and a description (Word's alt text for a table).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).with_name("tjansteutlatande.docx")
LANGUAGE = "sv-SE"


def _swedish(document: Document) -> None:  # type: ignore[valid-type]
    """sv-SE as the default language of every run (docDefaults) and of every style that names one."""
    styles = document.styles.element  # type: ignore[attr-defined]
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    for other in styles.iter(qn("w:lang")):
        other.set(qn("w:val"), LANGUAGE)


def _labelled_by_first_column(table: object, caption: str) -> None:
    """The table's first column holds its row headers, no row is a header row; its title and description."""
    properties = table._tbl.tblPr  # type: ignore[attr-defined]
    look = properties.find(qn("w:tblLook"))
    for flag, on in (("firstRow", "0"), ("firstColumn", "1")):
        look.set(qn(f"w:{flag}"), on)
    look.set(qn("w:val"), "0480")  # the same flags as a bit mask, for older Word versions
    for tag in ("w:tblCaption", "w:tblDescription"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), caption)
        properties.append(element)


def _p(container: object, text: str, style: str | None = None) -> None:
    container.add_paragraph(text, style=style)  # type: ignore[attr-defined]


def _field(paragraph: object, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) at the end of the paragraph: begin, its instruction, separate, a placeholder
    result Word replaces when it lays the document out, end."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()  # type: ignore[attr-defined]
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text


def _page_numbers(section: object) -> None:
    """The page and the pages in the footer, centred: "1 (4)", as the PDF and the city's documents number them."""
    paragraph = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE")
    paragraph.add_run(" (")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(")")


def build() -> None:
    document = Document()
    _swedish(document)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)
    _page_numbers(section)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.name = "Arial"
    document.core_properties.title = "{{ title }}"
    document.core_properties.author = "{{ author }}"
    document.core_properties.language = LANGUAGE

    # The header: label | value, as in the city's template; the dnr row only when there is one.
    table = document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    _labelled_by_first_column(table, "{{ labels.officer }}, {{ labels.to }}, {{ labels.date }}")
    rows = [
        (
            "{{ labels.officer }}",
            ["{{ header.officer }}", "{%p if header.phone %}", "{{ labels.phone }}: {{ header.phone }}", "{%p endif %}"],
        ),
        (
            "{{ labels.to }}",
            ["{{ header.board }}", "{%p if header.meeting %}", "{{ labels.meeting }} {{ header.meeting }}", "{%p endif %}"],
        ),
        ("{{ labels.date }}", ["{{ header.date }}"]),
        ("{%tr if header.dnr %}", []),
        ("{{ labels.dnr }}", ["{{ header.dnr }}"]),
        ("{%tr endif %}", []),
    ]
    for label, values in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(3.5), Cm(7)
        cells[0].paragraphs[0].text = label
        if values:
            cells[1].paragraphs[0].text = values[0]
            for value in values[1:]:
                cells[1].add_paragraph(value)

    _p(document, "{{ title }}", "Title")
    _p(document, "{{ labels.decision }}", "Heading 1")
    for line, style in (("{%p for point in decision %}", None), ("{{ point }}", "List Number"), ("{%p endfor %}", None)):
        _p(document, line, style)
    for line in (
        "{%p for s in signatures %}",
        "{% if s.name %}{{ s.name }}{% else %}______________________________{% endif %}",
        "{{ s.title }}",
        "",
        "{%p endfor %}",
    ):
        _p(document, line)
    for line, style in (
        ("{%p for b in blocks %}", None),
        ("{%p if b.level == 1 %}", None),
        ("{{ b.heading }}", "Heading 1"),
        ("{%p elif b.level == 2 %}", None),
        ("{{ b.heading }}", "Heading 2"),
        ("{%p else %}", None),
        ("{{ b.heading }}", "Heading 3"),
        ("{%p endif %}", None),
        ("{%p for text in b.paragraphs %}", None),
        ("{{ text }}", None),
        ("{%p endfor %}", None),
        ("{%p endfor %}", None),
        ("{%p if attachments %}", None),
        ("{{ labels.attachments }}", "Heading 1"),
        ("{%p for a in attachments %}", None),
        ("{{ a }}", None),
        ("{%p endfor %}", None),
        ("{%p endif %}", None),
    ):
        _p(document, line, style)
    document.save(str(OUT))


if __name__ == "__main__":
    build()
