"""A call to the Bot Connector, whichever SDK makes it: its time limit, and the HTTP status of a refused one."""

from __future__ import annotations

from aiohttp import ClientResponseError, ClientTimeout

# A connector that does not answer gives up a reply, an update or a proactive send after this long.
TIMEOUT = ClientTimeout(total=30, connect=10)


def http_status(error: BaseException) -> int | None:
    """The HTTP status of a refused call to the Bot Connector (msrest keeps the response: aiohttp's through
    botbuilder's pooled sender, `requests`' through its stock one; the Agents SDK raises aiohttp's
    ClientResponseError), or None when there was no answer."""
    if isinstance(error, ClientResponseError):
        return error.status
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return int(status) if status else None
