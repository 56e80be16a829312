"""The keys that sign incoming Bot Framework tokens, fetched without blocking and cached.

An `OpenIdKeys` reads one OpenID configuration document (its `jwks_uri`) and the key set it points
to, over aiohttp with one time limit for both requests. The keys are kept and refreshed when they
are a day old (the age botbuilder uses); a token with a key id not in the set triggers one early
refresh at most every few minutes (keys rotate, but a stream of made-up key ids must not become a
stream of fetches); after a failed fetch the next attempt waits a little. Requests that need keys
while a fetch is under way wait for that same fetch. When the endpoint is slow or unreachable the
wait ends at the time limit, the keys already held stay in use, and the caller is told no key was
found — so a request is refused, never held, and nothing else on the event loop waits.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientError, ClientSession
from jwt import PyJWK
from jwt.exceptions import PyJWKError

logger = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 5.0
MAX_AGE_SECONDS = 24 * 3600.0  # refresh the keys once a day, as botbuilder does
UNKNOWN_KID_REFETCH_SECONDS = 5 * 60.0  # an unknown key id refreshes the keys at most this often
RETRY_AFTER_FAILURE_SECONDS = 30.0  # after a failed fetch, the next one waits this long


class MetadataError(Exception):
    """The OpenID configuration or its key set could not be read."""


@dataclass(frozen=True)
class SigningKey:
    """One RSA key from the key set, with the channels that endorse it (Bot Framework keys only)."""

    key: PyJWK
    endorsements: frozenset[str]


def parse_key_set(document: Any) -> dict[str, SigningKey]:
    """The RSA keys of a JWKS document by key id; entries that are not usable RSA keys are skipped."""
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise MetadataError("the key set has no list of keys")
    keys: dict[str, SigningKey] = {}
    for entry in document["keys"]:
        if not isinstance(entry, Mapping) or entry.get("kty") != "RSA" or not isinstance(entry.get("kid"), str):
            continue
        try:
            key = PyJWK(dict(entry), algorithm="RS256")
        except PyJWKError:
            continue
        endorsements = entry.get("endorsements")
        names = frozenset(e for e in endorsements if isinstance(e, str)) if isinstance(endorsements, list) else frozenset()
        keys[entry["kid"]] = SigningKey(key, names)
    return keys


class OpenIdKeys:
    """The signing keys published behind one OpenID configuration URL."""

    def __init__(
        self,
        metadata_url: str,
        timeout: float = FETCH_TIMEOUT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.metadata_url = metadata_url
        self._timeout = timeout
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._failed = False
        self._fetch: asyncio.Task[None] | None = None

    async def key(self, kid: str) -> SigningKey | None:
        """The key with this id, fetching the key set first when it is due; None if there is no such key
        or the keys could not be fetched."""
        if self._due(kid):
            await self._refresh()
        return self._keys.get(kid)

    def _due(self, kid: str) -> bool:
        now = self._clock()
        if self._attempted_at is None:
            return True
        since_attempt = now - self._attempted_at
        if self._failed and since_attempt < RETRY_AFTER_FAILURE_SECONDS:
            return False
        if self._fetched_at is None or now - self._fetched_at >= MAX_AGE_SECONDS:
            return True
        return kid not in self._keys and since_attempt >= UNKNOWN_KID_REFETCH_SECONDS

    async def _refresh(self) -> None:
        if self._fetch is None:
            self._attempted_at = self._clock()
            self._fetch = asyncio.create_task(self._fetch_keys(), name=f"openid keys {self.metadata_url}")
        # Shielded: a caller that gives up (its client went away) does not cancel the fetch the others wait for.
        await asyncio.shield(self._fetch)

    async def _fetch_keys(self) -> None:
        try:
            async with asyncio.timeout(self._timeout), ClientSession() as session:
                config = await self._get_json(session, self.metadata_url)
                jwks_uri = config.get("jwks_uri") if isinstance(config, Mapping) else None
                if not isinstance(jwks_uri, str) or not jwks_uri:
                    raise MetadataError("the OpenID configuration has no jwks_uri")
                keys = parse_key_set(await self._get_json(session, jwks_uri))
        except (TimeoutError, ClientError, ValueError, MetadataError) as exc:
            self._failed = True
            logger.warning("signing keys not fetched from %s: %s", self.metadata_url, _describe(exc))
        else:
            self._keys, self._fetched_at, self._failed = keys, self._clock(), False
            logger.info("signing keys fetched from %s: %d keys", self.metadata_url, len(keys))
        finally:
            self._fetch = None

    @staticmethod
    async def _get_json(session: ClientSession, url: str) -> Any:
        async with session.get(url) as response:
            response.raise_for_status()
            return await response.json(content_type=None)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
