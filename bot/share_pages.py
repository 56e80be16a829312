"""The shared draft's pages: GET /d/<token>, POST /d/<token>/comments, GET /d/<token>/proposal.docx and
/proposal.pdf, /text/<id>.docx (a text the bot writes after the proposal), /redovisning.docx and .pdf (the
dialogue's report to the nämnd), and the user's own data export,
GET /d/<token>/mina-data.json. The page is in the reader's language (`?lang=`, else the browser's), its document in
the language `?doc=` names, else `?lang=`, else in Swedish, the nämnd's (dialogs/links.py makes the links); the
documents to download are in Swedish, and `?lang=en` gives the Word document in English, to read. They are rendered
in a worker thread (WeasyPrint takes a few hundred milliseconds) so that the event loop keeps serving other requests.

The token is the only credential: whoever has the link can use it (a bearer link), so it is sent only
to the one it is made for. An unknown token gets 404, a revoked or expired one (or one whose draft was
deleted) 410, both with the same plain page that says nothing about the draft; a link given with a role of the
routine that the owner has since given to someone else gets 410 with who has the role now, for the one it was made
for. Every answer is an HTML page with SECURITY_HEADERS (or the file, with them too).

A view or a download is recorded only when a person opens it in a browser (`_a_person_opening`): a
HEAD request, a prefetch, or a fetch by a link previewer or scanner is not a view.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TypeVar

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.state import APP_RENDERING, APP_SERVICES, APP_SETTINGS
from cards.application import render_letter_pdf
from cards.docx import render_docx, render_letter_docx
from cards.elements import CardContext
from cards.my_data import export_json
from cards.pages import link_gone_page, notice_page, shared_draft_page
from cards.pdf import render_pdf
from dialogs.conversation import Conversation
from dialogs.documents.letters import Letter
from dialogs.documents.proposal import DOCUMENT_LANG, DOCX, PDF, Proposal
from dialogs.documents.redovisning import DOCX as REPORT_DOCX
from dialogs.documents.redovisning import PDF as REPORT_PDF
from dialogs.features.my_data import EXPORT_FILE
from dialogs.features.sharing import AnswerWithdrawn, CommentRefused, LinkGone, Refusal, RoleMoved
from dialogs.language import LANGS, Lang, lang_of
from dialogs.links import (
    DOCUMENT,
    READER,
    VERSION,
    DocumentLinks,
    application_document_path,
    query,
    text_docx_path,
    with_lang,
)
from dialogs.text import clean_text
from dialogs.views import Link, Notice, say
from storage.db import unavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")
MAX_FORM_BYTES = 16 * 1024
MAX_FILE_STEM = 80  # characters of a document's title in its file name
# Letters that Unicode does not decompose into a Latin letter and a mark, spelled as they are in ASCII.
_UNDECOMPOSED = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"})
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
# User agents of link previewers and scanners that fetch a link as a browser would (Teams' and Skype's
# previews, Office apps checking a link, chat apps' unfurlers, crawlers).
_PREVIEWERS = re.compile(
    r"SkypeUriPreview|Microsoft Office|MSOffice|bot\b|crawler|spider|preview|facebookexternalhit|Slack|WhatsApp|Discord",
    re.IGNORECASE,
)
_REFUSAL_STATUS = {Refusal.EMPTY: 400, Refusal.TOO_MANY: 429}


def _a_person_opening(request: web.Request) -> bool:
    """A GET that a browser sends when someone opens the link (`Sec-Fetch-Mode: navigate`, sent by
    every current browser and not by HTTP libraries or previewers), not a prefetch, not a previewer."""
    headers = request.headers
    prefetch = "prefetch" in f"{headers.get('Sec-Purpose', '')} {headers.get('Purpose', '')}".lower()
    return (
        request.method == "GET"
        and headers.get("Sec-Fetch-Mode") == "navigate"
        and not prefetch
        and not _PREVIEWERS.search(headers.get("User-Agent", ""))
    )


def _asked(request: web.Request, name: str) -> Lang | None:
    """The language the link's `?name=` names; None when it names none of the bot's."""
    asked = request.query.get(name)
    return lang_of(asked) if asked in LANGS else None


def _lang(request: web.Request) -> Lang:
    """The reader's language, the page's: `?lang=` on the links the bot makes (the chat's), else the browser's."""
    return _asked(request, READER) or lang_of(request.headers.get("Accept-Language", "sv").split(",")[0])


def _document_lang(request: web.Request) -> Lang:
    """The document's language, on the page and in a Word download: `?doc=`, else `?lang=` (a link naming only the
    reader's language shows the document in it too), else Swedish, the nämnd's."""
    return _asked(request, DOCUMENT) or _asked(request, READER) or DOCUMENT_LANG


def _version(request: web.Request) -> int | None:
    """The proposal's version a link names (`?v=2`); None: the draft's proposal. Anything else names no version
    (0, which none has: the link gets 404)."""
    typed = request.query.get(VERSION)
    if typed is None:
        return None
    return int(typed) if typed.isdigit() and len(typed) < 6 else 0


def _kept(request: web.Request) -> str:
    """The reader's and the document's languages and the version as the page's link named them
    (`?lang=en&doc=sv&v=2`), kept through a comment posted on it and the page it returns to; only values the page
    reads, never the query as typed."""
    return query(_asked(request, READER), _version(request), _asked(request, DOCUMENT))


def _context(request: web.Request) -> CardContext:
    services = request.app[APP_SERVICES].services
    return CardContext(services.routine, services.messages, _lang(request))


def _conversation(request: web.Request) -> Conversation:
    return request.app[APP_SERVICES].conversation


def _page(html: str, status: int = 200) -> web.Response:
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8", headers=SECURITY_HEADERS)


def _gone(request: web.Request, status: int, gone: LinkGone | None = None) -> web.Response:
    """The plain page of a link that does not work; one given with a role that is someone else's now says who has it and
    whom to ask (RoleMoved), in the reader's language."""
    if isinstance(gone, RoleMoved):
        return _notice(request, status, "page_role_moved_heading", gone.notice)
    return _page(link_gone_page(_context(request)), status=status)


def _notice(request: web.Request, status: int, heading: str, text: Notice, way_on: Link | None = None) -> web.Response:
    return _page(notice_page(_context(request), heading, text, way_on), status=status)


def _withdrawn(request: web.Request) -> web.Response:
    """An old link to the answer to an external initiative, withdrawn since (410): said so in the reader's language,
    with the way on to the draft's page as it is now (the link itself still works)."""
    page = with_lang(f"/d/{request.match_info['token']}", _lang(request))
    way_on = Link("page_answer_withdrawn_link", page)
    return _notice(request, 410, "page_answer_withdrawn_heading", say("page_answer_withdrawn_text"), way_on)


async def _shared_page(
    request: web.Request, counted: bool, refused: CommentRefused | None = None, typed: str = ""
) -> web.Response:
    token = request.match_info["token"]
    try:
        sharing = _conversation(request).sharing
        page = await sharing.page(token, _lang(request), counted, _version(request), _document_lang(request))
    except LinkGone as gone:
        return _gone(request, 410, gone)
    if page is None:
        return _gone(request, 404)
    if refused is not None:
        page = replace(page, error=refused.notice, typed=typed)
    comments = f"/d/{token}/comments{_kept(request)}"
    html = shared_draft_page(_context(request), page, comments, *_page_links(request, page.version))
    return _page(html, status=_REFUSAL_STATUS[refused.reason] if refused else 200)


def _page_links(request: web.Request, version: int | None) -> tuple[tuple[Link, ...], Link | None]:
    """The downloads of the document the page shows (its version): the Word in Swedish for the nämnd and, for a
    reader of another language, in theirs to read; the PDF/A, Swedish only, for the registrator. And the page's other
    version, in the same reader's language: the Swedish when it shows the rendering, the rendering in the reader's
    language when it shows a reader of another language the Swedish; none for a Swedish reader of the Swedish."""
    lang, shown = _lang(request), _document_lang(request)
    links = DocumentLinks(f"/d/{request.match_info['token']}", lang, version)
    documents = (*links.words("page_download_docx"), links.pdf_link("page_download_pdf"))
    if shown != DOCUMENT_LANG:
        return documents, links.page_link("page_in_swedish", DOCUMENT_LANG)
    if lang != DOCUMENT_LANG:
        return documents, links.page_link("page_in_reader_lang")
    return documents, None


async def view(request: web.Request) -> web.Response:
    return await _shared_page(request, counted=_a_person_opening(request))


async def comment(request: web.Request) -> web.Response:
    """Saved: back to the page's comments. Not saved: the page again, saying why, with the comment kept."""
    token = request.match_info["token"]
    too_large = _notice(request, 413, "page_too_large_heading", say("page_too_large_text", most=MAX_FORM_BYTES // 1024))
    if request.content_length is not None and request.content_length > MAX_FORM_BYTES:
        return too_large
    try:
        form = await request.post()
    except web.HTTPRequestEntityTooLarge:
        return too_large
    text = clean_text(str(form.get("comment", "")))
    try:
        outcome = await _conversation(request).sharing.comment_on_page(token, text, _lang(request))
    except LinkGone as gone:
        return _gone(request, 410, gone)
    if outcome is None:
        return _gone(request, 404)
    if isinstance(outcome, CommentRefused) and outcome.reason is Refusal.NOT_ALLOWED:
        return _notice(request, 403, "page_not_allowed_heading", outcome.notice)
    if isinstance(outcome, CommentRefused):
        return await _shared_page(request, counted=False, refused=outcome, typed=text)
    raise web.HTTPSeeOther(f"/d/{token}{_kept(request)}#kommentarer")


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


async def _download(
    request: web.Request,
    fetching: Awaitable[T | None],
    render: Callable[[T], bytes],
    content_type: str,
    filename: Callable[[T], str],
) -> web.StreamResponse:
    """A document behind a link, as an attachment: 410 when the link has gone (or the answer it was is withdrawn),
    404 when there is none; rendered off the event loop, at most DOCUMENTS_AT_ONCE at a time."""
    try:
        document = await fetching
    except LinkGone as gone:
        return _gone(request, 410, gone)
    except AnswerWithdrawn:
        return _withdrawn(request)
    if document is None:
        return _gone(request, 404)
    async with request.app[APP_RENDERING]:
        body = await asyncio.to_thread(render, document)
    name = filename(document)
    return web.Response(
        body=body,
        content_type=content_type,
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
    )


_APOSTROPHES = frozenset("'\u2019")


def file_stem(title: str, fallback: str) -> str:
    """A document's title as a file name people can tell apart in their downloads ("Förslag om medborgardialog om
    Råcksta parklek" → "forslag-om-medborgardialog-om-racksta-parklek"): ASCII letters, digits and hyphens only, so
    that no header and no file system reads it otherwise; `fallback` when nothing is left."""
    folded = unicodedata.normalize("NFKD", title.lower().translate(_UNDECOMPOSED))
    # The accents and apostrophes go (a typographic one in "children's" too); any other character that is not ASCII
    # (a dash in "13–17") parts words as a space does.
    ascii_only = "".join(c if c.isascii() else " " for c in folded if not unicodedata.combining(c) and c not in _APOSTROPHES)
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:MAX_FILE_STEM].rstrip("-")
    return stem or fallback


def file_name(document: Proposal | Letter, suffix: str, fallback: str) -> str:
    """Every downloaded document's file name, made one way: what it is (its title) and what it is about (the draft's
    title, or the call's), unless the title already says it ("forslag-om-medborgardialog-om-racksta-parklek.docx",
    "aterkoppling-du-sa-vi-gjorde-racksta-parklek.docx", "-en" before the suffix for the English rendering to read),
    so that several drafts' documents can be told apart in a downloads folder."""
    kind, about = file_stem(document.title, ""), file_stem(document.subject, "")
    stem = kind if not about or f"-{about}-" in f"-{kind}-" else f"{kind}-{about}".strip("-")
    stem = stem[:MAX_FILE_STEM].rstrip("-") or fallback
    return f"{stem}{suffix}" if document.lang == DOCUMENT_LANG else f"{stem}-{document.lang}{suffix}"


def _document(fallback: str, suffix: str) -> Callable[[Proposal | Letter], str]:
    return lambda document: file_name(document, suffix, fallback)


def _word(request: web.Request) -> Callable[[Proposal], bytes]:
    template = request.app[APP_SETTINGS].proposal_template
    return lambda p: render_docx(p, template)


def _fetching(request: web.Request, lang: Lang) -> Awaitable[Proposal | None]:
    """The proposal behind the link, as the version `?v=` names (the draft's own without it)."""
    sharing = _conversation(request).sharing
    return sharing.download(request.match_info["token"], lang, _a_person_opening(request), number=_version(request))


def _report(request: web.Request, lang: Lang) -> Awaitable[Proposal | None]:
    return _conversation(request).sharing.download_report(request.match_info["token"], lang, _a_person_opening(request))


async def proposal_docx(request: web.Request) -> web.StreamResponse:
    lang = _document_lang(request)
    return await _download(request, _fetching(request, lang), _word(request), DOCX_TYPE, _document("forslag", ".docx"))


async def proposal_pdf(request: web.Request) -> web.StreamResponse:
    """The PDF/A for the registrator: always in Swedish."""
    return await _download(request, _fetching(request, DOCUMENT_LANG), render_pdf, PDF_TYPE, _document("forslag", ".pdf"))


async def report_docx(request: web.Request) -> web.StreamResponse:
    """The redovisning as Word, from the same template as the proposal."""
    lang = _document_lang(request)
    return await _download(request, _report(request, lang), _word(request), DOCX_TYPE, _document("redovisning", ".docx"))


async def report_pdf(request: web.Request) -> web.StreamResponse:
    """The redovisning as PDF/A for the registrator: always in Swedish."""
    return await _download(request, _report(request, DOCUMENT_LANG), render_pdf, PDF_TYPE, _document("redovisning", ".pdf"))


async def text_docx(request: web.Request) -> web.StreamResponse:
    """A text the bot wrote from the draft, as Word: in Swedish (to send) unless the link names the other language."""
    lang = _document_lang(request)
    sharing, token = _conversation(request).sharing, request.match_info["token"]
    fetching = sharing.download_text(token, request.match_info["text"], lang, _a_person_opening(request))
    return await _download(request, fetching, render_letter_docx, DOCX_TYPE, _document("text", ".docx"))


async def my_data_file(request: web.Request) -> web.StreamResponse:
    """Everything the bot stores about the link's owner, as JSON (the link works for an hour)."""
    try:
        data = await _conversation(request).my_data.export_file(request.match_info["token"])
    except LinkGone as gone:
        return _gone(request, 410, gone)
    if data is None:
        return _gone(request, 404)
    return web.Response(
        text=export_json(data),
        content_type="application/json",
        charset="utf-8",
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{EXPORT_FILE}"'},
    )


# An application's documents by the name in their link (dialogs/features/applications.DOCUMENTS): which of the two
# it is (the tjänsteutlåtande, else the motivation), how it is made, and its type and suffix; the file is named as
# every document is (`file_name`).
_APPLICATION_DOCUMENTS: dict[str, tuple[bool, bool, str, str]] = {
    "motivering.docx": (False, False, DOCX_TYPE, ".docx"),
    "motivering.pdf": (False, True, PDF_TYPE, ".pdf"),
    "tjansteutlatande.docx": (True, False, DOCX_TYPE, ".docx"),
    "tjansteutlatande.pdf": (True, True, PDF_TYPE, ".pdf"),
}


async def application_document(request: web.Request) -> web.StreamResponse:
    """An application's motivation or tjänsteutlåtande, as Word or PDF (Swedish, for the nämnd)."""
    document = request.match_info["document"]
    if document not in _APPLICATION_DOCUMENTS:
        return _gone(request, 404)
    proposal, pdf, content_type, suffix = _APPLICATION_DOCUMENTS[document]
    applications, token = _conversation(request).applications, request.match_info["token"]
    named = _document(document.split(".")[0], suffix)
    if proposal:
        render = render_pdf if pdf else _word(request)
        return await _download(request, applications.proposal(token), render, content_type, named)
    letter = render_letter_pdf if pdf else render_letter_docx
    return await _download(request, applications.motivation(token), letter, content_type, named)


def _or_busy(handler: Handler) -> Handler:
    """A database that is down, locked or too busy gets a plain page saying to try again (503), not a 500."""

    async def page(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except Exception as error:
            if not unavailable(error):
                raise
            logger.warning("shared page not served, the database is unavailable: %s", type(error).__name__)
            busy = _notice(request, 503, "page_busy_heading", say("page_busy_text"))
            busy.headers["Retry-After"] = "10"
            return busy

    return page


def add_share_routes(app: web.Application) -> None:
    app.router.add_get("/d/{token}", _or_busy(view))
    app.router.add_post("/d/{token}/comments", _or_busy(comment))
    app.router.add_get(f"/d/{{token}}/{DOCX}", _or_busy(proposal_docx))
    app.router.add_get(f"/d/{{token}}/{PDF}", _or_busy(proposal_pdf))
    app.router.add_get(f"/d/{{token}}/{text_docx_path('{text}')}", _or_busy(text_docx))
    app.router.add_get(f"/d/{{token}}/{application_document_path('{document}')}", _or_busy(application_document))
    app.router.add_get(f"/d/{{token}}/{REPORT_DOCX}", _or_busy(report_docx))
    app.router.add_get(f"/d/{{token}}/{REPORT_PDF}", _or_busy(report_pdf))
    app.router.add_get(f"/d/{{token}}/{EXPORT_FILE}", _or_busy(my_data_file))
