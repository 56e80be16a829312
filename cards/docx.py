"""The proposal as a Word document: the same sections as the HTML, headings as Word headings, ready
to paste into the city's tjänsteutlåtande template. python-docx writes every answer as plain text.

Every text goes through `clean_text` on its way in: python-docx refuses what XML cannot hold (NUL, ESC,
a vertical tab, a lone surrogate), and answers stored before the bot cleaned its input may hold them.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.text.paragraph import Paragraph

from dialogs.documents.proposal import Proposal
from dialogs.text import clean_text


def _heading(document: WordDocument, text: str, level: int) -> None:
    document.add_heading(clean_text(text), level=level)


def _paragraph(document: WordDocument, text: str = "", style: str | None = None) -> Paragraph:
    return document.add_paragraph(clean_text(text), style=style)


def render_docx(p: Proposal) -> bytes:
    document = Document()
    document.core_properties.title = clean_text(p.title)
    document.core_properties.author = clean_text(p.author)
    _heading(document, p.title, level=0)
    _paragraph(document, " · ".join(x for x in (p.organisation, p.date, p.author, p.role) if x))
    _heading(document, p.headings["decision"], level=1)
    for point in p.decision:
        _paragraph(document, point, style="List Number")
    _heading(document, p.headings["summary"], level=1)
    _paragraph(document, p.summary)
    _heading(document, p.headings["preparation"], level=1)
    _paragraph(document, " ".join(p.preparation))
    for part in p.parts:
        _heading(document, part.heading, level=1)
        _paragraph(document, f"{p.styrkarta_title}: {part.styrkarta}").runs[0].italic = True
        for item in part.items:
            _paragraph(document).add_run(clean_text(item.label)).bold = True
            _paragraph(document, item.value)
    _heading(document, p.headings["styrkarta_index"], level=1)
    for part_name, headings in p.styrkarta_index:
        _paragraph(document, f"{part_name}: {', '.join(headings)}", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
