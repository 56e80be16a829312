"""The application's documents: the motivation as Word and as PDF on A4, with its pages counted by rendering
the very page it is checked against, and the nämnd's tjänsteutlåtande through the proposal's renderers."""

from __future__ import annotations

from functools import lru_cache

from weasyprint import HTML

from cards.pages import templates
from cards.pdf import PDF_VARIANT
from dialogs.documents.letters import Letter
from dialogs.text import cleaned


def letter_html(letter: Letter) -> str:
    """The letter alone as an HTML document on A4 (autoescaped: an answer cannot become markup)."""
    return templates.get_template("letter_document.html.j2").render(letter=cleaned(letter))


@lru_cache(maxsize=256)
def letter_pages(letter: Letter) -> int:
    """How many A4 pages the letter takes, laid out as its PDF is (about 0.1 s of layout: an application opened or
    downloaded again with the same text is not laid out again)."""
    return len(HTML(string=letter_html(letter)).render().pages)


def render_letter_pdf(letter: Letter) -> bytes:
    return bytes(HTML(string=letter_html(letter)).write_pdf(pdf_variant=PDF_VARIANT))
