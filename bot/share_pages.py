"""GET /d/<token>, POST /d/<token>/comments, GET /d/<token>/proposal.docx: the shared draft's pages.

The token is the only credential: an unknown one gets 404, a revoked or expired one (or one whose draft
was deleted) 410, both with the same plain page that says nothing about the draft.
"""

from __future__ import annotations

from aiohttp import web

from bot.state import APP_BOT
from cards.docx import render_docx
from cards.elements import CardContext
from cards.pages import link_gone_page, shared_draft_page
from dialogs.draft import PROPOSED, Draft
from dialogs.flow import Flow
from dialogs.messages import lang_of
from dialogs.proposal import Proposal, build_proposal
from dialogs.routine import Lang
from dialogs.sharing import COMMENTED, DOWNLOAD, VIEW, LinkGone, Share

MAX_FORM_BYTES = 16 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _lang(request: web.Request) -> Lang:
    return lang_of(request.headers.get("Accept-Language", "sv").split(",")[0])


def _page(html: str, status: int = 200) -> web.Response:
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8", headers=SECURITY_HEADERS)


async def _open(request: web.Request) -> tuple[Flow, Share, Draft] | web.Response:
    flow: Flow = request.app[APP_BOT].flow
    ctx = CardContext(flow.routine, flow.messages, _lang(request))
    try:
        found = await flow.sharing.open(request.match_info["token"])
    except LinkGone:
        return _page(link_gone_page(ctx), status=410)
    if found is None:
        return _page(link_gone_page(ctx), status=404)
    return (flow, *found)


def _proposal(flow: Flow, draft: Draft, lang: Lang) -> Proposal | None:
    if draft.status != PROPOSED or draft.proposal_created_at is None:
        return None
    return build_proposal(flow.wizard, draft, lang, draft.proposal_created_at.date())


async def view(request: web.Request) -> web.Response:
    opened = await _open(request)
    if isinstance(opened, web.Response):
        return opened
    flow, share, draft = opened
    lang = _lang(request)
    await flow.sharing.record(share, VIEW)
    comments = [e for e in reversed(await flow.sharing.shares.events(draft.id, 200)) if e.kind == COMMENTED]
    base = f"/d/{request.match_info['token']}"
    html = shared_draft_page(
        CardContext(flow.routine, flow.messages, lang), flow.wizard, share, draft, _proposal(flow, draft, lang), comments, f"{base}/comments", f"{base}/proposal.docx"
    )
    return _page(html)


async def comment(request: web.Request) -> web.Response:
    opened = await _open(request)
    if isinstance(opened, web.Response):
        return opened
    flow, share, draft = opened
    if request.content_length is not None and request.content_length > MAX_FORM_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_FORM_BYTES, actual_size=request.content_length)
    form = await request.post()
    event = await flow.sharing.comment(share, str(form.get("comment", "")))
    if event is None:
        raise web.HTTPForbidden(text=flow.messages("comment_not_allowed", _lang(request)))
    await flow.notify_comment(draft, event.who, event.text or "", _lang(request))
    raise web.HTTPSeeOther(f"/d/{request.match_info['token']}#kommentarer")


async def proposal_docx(request: web.Request) -> web.StreamResponse:
    opened = await _open(request)
    if isinstance(opened, web.Response):
        return opened
    flow, share, draft = opened
    proposal = _proposal(flow, draft, _lang(request))
    if proposal is None:
        return _page(link_gone_page(CardContext(flow.routine, flow.messages, _lang(request))), status=404)
    await flow.sharing.record(share, DOWNLOAD)
    filename = "forslag.docx"
    return web.Response(
        body=render_docx(proposal),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


def add_share_routes(app: web.Application) -> None:
    app.router.add_get("/d/{token}", view)
    app.router.add_post("/d/{token}/comments", comment)
    app.router.add_get("/d/{token}/proposal.docx", proposal_docx)
