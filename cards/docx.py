"""The proposal as a Word document: the same sections as the HTML, headings as Word headings, ready
to paste into the city's tjänsteutlåtande template. python-docx writes every answer as plain text."""

from __future__ import annotations

import io

from docx import Document

from dialogs.documents.proposal import Proposal


def render_docx(p: Proposal) -> bytes:
    document = Document()
    document.core_properties.title = p.title
    document.core_properties.author = p.author
    document.add_heading(p.title, level=0)
    document.add_paragraph(" · ".join(x for x in (p.organisation, p.date, p.author, p.role) if x))
    document.add_heading(p.headings["decision"], level=1)
    for point in p.decision:
        document.add_paragraph(point, style="List Number")
    document.add_heading(p.headings["summary"], level=1)
    document.add_paragraph(p.summary)
    document.add_heading(p.headings["preparation"], level=1)
    document.add_paragraph(" ".join(p.preparation))
    for part in p.parts:
        document.add_heading(part.heading, level=1)
        document.add_paragraph(f"{p.styrkarta_title}: {part.styrkarta}").runs[0].italic = True
        for item in part.items:
            document.add_paragraph().add_run(item.label).bold = True
            document.add_paragraph(item.value)
    document.add_heading(p.headings["styrkarta_index"], level=1)
    for part_name, headings in p.styrkarta_index:
        document.add_paragraph(f"{part_name}: {', '.join(headings)}", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
