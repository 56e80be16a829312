"""The addresses of a draft's page and documents under its link, made in one place: the chat's cards, the page's own
links and the page's comment form all name the reader's language (`lang`), the document's when that is another
(`doc`) and the proposal's version (`v`) the same way, and bot/share_pages.py reads them back.

The page is in the reader's language; its document in the one `doc` names, else in the one `lang` names (the chat's
own links name only that), else in Swedish, the nämnd's. A Word document is in the language `lang` names, else in
Swedish; the PDF/A is always Swedish, for the registrator."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.documents.proposal import DOCUMENT_LANG, DOCX, PDF
from dialogs.language import Lang
from dialogs.views import Link

READER, DOCUMENT, VERSION = "lang", "doc", "v"  # what a link's query names
TO_READ = "btn_docx_own_lang"  # a Word document in the reader's language, to read


def query(lang: Lang | None = None, version: int | None = None, document: Lang | None = None) -> str:
    """A link's query ("?lang=en&doc=sv&v=2"; "" when it names nothing): the document's language only when it is not
    the reader's, as that is the document's without it."""
    named = ((READER, lang), (DOCUMENT, document if document != lang else None), (VERSION, version))
    parts = [f"{name}={value}" for name, value in named if value is not None]
    return "?" + "&".join(parts) if parts else ""


def with_lang(address: str, lang: Lang) -> str:
    """A page or document in `lang`, whatever the browser's: the owner's page in the owner's chat language, a Word
    document in the chat's language to read."""
    return address + query(lang)


def text_docx_path(text_id: str) -> str:
    """Where a text to send (dialogs/documents/letters.py) is as Word under a draft's link: the chat's link to it, and
    the route bot/share_pages.py serves it on (given "{text}", its placeholder)."""
    return f"text/{text_id}.docx"


def application_document_path(name: str) -> str:
    """Where an application's document (dialogs/features/applications.DOCUMENTS) is under the owner's link to it: the
    chat's links to them, and the route bot/share_pages.py serves them on (given "{document}", its placeholder)."""
    return f"ansokan/{name}"


def docx_links(key: str, document: str, lang: Lang, version: int | None = None) -> tuple[Link, ...]:
    """A Word document's links: Swedish for the nämnd (`key`), and the reader's language to read when that is
    another; both name `version` when given."""
    swedish = Link(key, document + query(version=version))
    return (swedish, Link(TO_READ, document + query(lang, version))) if lang != DOCUMENT_LANG else (swedish,)


@dataclass(frozen=True)
class DocumentLinks:
    """A draft's document under its page (`page`, the link's address), for a reader of `lang`: its Word and PDF/A
    (`docx`, `pdf`: the proposal's, or the redovisning's) and the page, each naming `version` (None: the draft's own
    document), so that a link keeps showing that version after a newer one is created."""

    page: str
    lang: Lang
    version: int | None = None
    docx: str = DOCX
    pdf: str = PDF

    def words(self, key: str) -> tuple[Link, ...]:
        """The Word document in Swedish (`key`), and in the reader's language when that is another."""
        return docx_links(key, f"{self.page}/{self.docx}", self.lang, self.version)

    def pdf_link(self, key: str) -> Link:
        return Link(key, f"{self.page}/{self.pdf}{query(version=self.version)}")

    def page_link(self, key: str, document: Lang | None = None) -> Link:
        """The page in the reader's language, its document in `document` (None: in the reader's language too)."""
        return Link(key, self.page + query(self.lang, self.version, document))
