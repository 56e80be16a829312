"""GET /d/<token>, POST /d/<token>/comments, GET /d/<token>/proposal.docx and /proposal.pdf: the shared
draft's pages and documents. The documents are in Swedish, the nämnd's language; `?lang=en` gives the
Word document in English, to read. They are rendered in a worker thread (WeasyPrint takes a few hundred
milliseconds) so that the event loop keeps serving other requests.

The token is the only credential: an unknown one gets 404, a revoked or expired one (or one whose draft
was deleted) 410, both with the same plain page that says nothing about the draft.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web

from bot.state import APP_SERVICES, APP_SETTINGS
from cards.docx import render_docx
from cards.elements import CardContext
from cards.pages import link_gone_page, shared_draft_page
from cards.pdf import render_pdf
from dialogs.documents.proposal import DOCUMENT_LANG, Proposal
from dialogs.features.sharing import LinkGone, Sharing
from dialogs.language import Lang, lang_of

MAX_FORM_BYTES = 16 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _lang(request: web.Request) -> Lang:
    return lang_of(request.headers.get("Accept-Language", "sv").split(",")[0])


def _context(request: web.Request) -> CardContext:
    services = request.app[APP_SERVICES].services
    return CardContext(services.routine, services.messages, _lang(request))


def _sharing(request: web.Request) -> Sharing:
    return request.app[APP_SERVICES].conversation.sharing


def _page(html: str, status: int = 200) -> web.Response:
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8", headers=SECURITY_HEADERS)


def _gone(request: web.Request, status: int) -> web.Response:
    return _page(link_gone_page(_context(request)), status=status)


async def view(request: web.Request) -> web.Response:
    token = request.match_info["token"]
    try:
        page = await _sharing(request).page(token, _lang(request))
    except LinkGone:
        return _gone(request, 410)
    if page is None:
        return _gone(request, 404)
    documents = f"/d/{token}/proposal"
    return _page(shared_draft_page(_context(request), page, f"/d/{token}/comments", f"{documents}.docx", f"{documents}.pdf"))


async def comment(request: web.Request) -> web.Response:
    token = request.match_info["token"]
    if request.content_length is not None and request.content_length > MAX_FORM_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_FORM_BYTES, actual_size=request.content_length)
    form = await request.post()
    try:
        saved = await _sharing(request).comment_on_page(token, str(form.get("comment", "")), _lang(request))
    except LinkGone:
        return _gone(request, 410)
    if saved is None:
        return _gone(request, 404)
    if not saved:
        raise web.HTTPForbidden(text=_context(request).t("comment_not_allowed"))
    raise web.HTTPSeeOther(f"/d/{token}#kommentarer")


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def _document(
    request: web.Request, lang: Lang, render: Callable[[Proposal], bytes], content_type: str, filename: str
) -> web.StreamResponse:
    try:
        proposal = await _sharing(request).download(request.match_info["token"], lang)
    except LinkGone:
        return _gone(request, 410)
    if proposal is None:
        return _gone(request, 404)
    return web.Response(
        body=await asyncio.to_thread(render, proposal),
        content_type=content_type,
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def proposal_docx(request: web.Request) -> web.StreamResponse:
    """The Word document, in Swedish unless `?lang=` names the other language of the bot."""
    lang = lang_of(request.query.get("lang", DOCUMENT_LANG))
    template = request.app[APP_SETTINGS].proposal_template
    filename = "forslag.docx" if lang == DOCUMENT_LANG else f"forslag-{lang}.docx"
    return await _document(request, lang, lambda p: render_docx(p, template), DOCX_TYPE, filename)


async def proposal_pdf(request: web.Request) -> web.StreamResponse:
    """The PDF/A for the registrator: always in Swedish."""
    return await _document(request, DOCUMENT_LANG, render_pdf, "application/pdf", "forslag.pdf")


def add_share_routes(app: web.Application) -> None:
    app.router.add_get("/d/{token}", view)
    app.router.add_post("/d/{token}/comments", comment)
    app.router.add_get("/d/{token}/proposal.docx", proposal_docx)
    app.router.add_get("/d/{token}/proposal.pdf", proposal_pdf)
