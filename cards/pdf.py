"""The proposal as PDF/A-2a for the registrator: the same HTML as the shared page's proposal, printed by
WeasyPrint on A4 (cards/templates/proposal_document.html.j2), fonts embedded as PDF/A requires. Level A
(accessible) over 2b: the PDF is tagged (a structure tree of headings, paragraphs, lists and the header
table with its row headers, /MarkInfo Marked), names its language (/Lang from the page's `lang`) and shows
its title rather than its file name, so that a screen reader can read it as the nämnd's document."""

from __future__ import annotations

from weasyprint import HTML

from cards.pages import templates
from dialogs.documents.proposal import Proposal
from dialogs.text import cleaned

PDF_VARIANT = "pdf/a-2a"


def proposal_html(p: Proposal) -> str:
    """The proposal alone as an HTML document (autoescaped: an answer cannot become markup)."""
    return templates.get_template("proposal_document.html.j2").render(p=cleaned(p))


def render_pdf(p: Proposal) -> bytes:
    return bytes(HTML(string=proposal_html(p)).write_pdf(pdf_variant=PDF_VARIANT))
