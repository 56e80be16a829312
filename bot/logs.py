"""Logging without secrets: share-link tokens, bearer tokens and passwords never reach a log line.

Two layers. The access log (`AccessLog`) never puts a share token into its records: it writes the path
with the token left out (`/d/…`) and no query string. And every line the application writes goes through
`SecretFreeFormatter`, which removes what still looks like a secret from the whole formatted line —
message, arguments and traceback — e.g. a share link inside a reply body that msrest logs at DEBUG, or a
path in a warning.
"""

from __future__ import annotations

import logging
import re
from typing import IO

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HIDDEN = "…"

_SECRETS = (
    # A share link's token: /d/<token>, also inside a full link (https://…/d/<token>/comments).
    (re.compile(r"/d/[A-Za-z0-9_-]+"), f"/d/{HIDDEN}"),
    # The local Direct Line's per-process secret in its connector paths: /connector/<secret>/v3/….
    (re.compile(r"/connector/[A-Za-z0-9_-]+"), f"/connector/{HIDDEN}"),
    # An Authorization header's credentials, and anything shaped like a JWT.
    (re.compile(r"(?i)\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+"), rf"\1 {HIDDEN}"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), HIDDEN),
    # A password in a URL: scheme://user:password@host.
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+@"), rf"\1{HIDDEN}@"),
)


def without_secrets(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class SecretFreeFormatter(logging.Formatter):
    """A formatter whose lines (tracebacks included) have their secrets removed."""

    def format(self, record: logging.LogRecord) -> str:
        return without_secrets(super().format(record))


class AccessLog(AbstractAccessLogger):
    """aiohttp's access log line, without the query string and with a share token left out of the path."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s HTTP/%d.%d" %d %d %.3fs',
            request.remote or "-",
            request.method,
            without_secrets(request.path),
            request.version.major,
            request.version.minor,
            response.status,
            response.body_length,
            time,
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)


def log_handler(stream: IO[str] | None = None) -> logging.Handler:
    """The handler every log line goes through: to `stream` (standard error by default), secrets removed."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SecretFreeFormatter(LINE_FORMAT))
    return handler


# Libraries that write what users typed at DEBUG (aiosqlite: every statement's parameters; msrest: request
# and response bodies): never below INFO, so that even LOG_LEVEL=DEBUG logs no answers or messages.
CONTENT_LOGGERS = ("aiosqlite", "msrest")


def configure_logging(level: str) -> None:
    """`python -m bot`: the root logger at `level`, writing through `log_handler()` only."""
    logging.basicConfig(level=level, handlers=[log_handler()], force=True)
    for name in CONTENT_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger().level))
