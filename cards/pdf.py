"""The proposal as PDF/A-2b for the registrator: the same HTML as the shared page's proposal, printed by
WeasyPrint on A4 (cards/templates/proposal_document.html.j2), fonts embedded as PDF/A requires."""

from __future__ import annotations

from weasyprint import HTML

from cards.pages import templates
from dialogs.documents.proposal import Proposal
from dialogs.text import cleaned

PDF_VARIANT = "pdf/a-2b"


def proposal_html(p: Proposal) -> str:
    """The proposal alone as an HTML document (autoescaped: an answer cannot become markup)."""
    return templates.get_template("proposal_document.html.j2").render(p=cleaned(p))


def render_pdf(p: Proposal) -> bytes:
    return bytes(HTML(string=proposal_html(p)).write_pdf(pdf_variant=PDF_VARIANT))
