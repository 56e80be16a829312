"""Authentication of incoming activities: the Bearer token checked with PyJWT against keys fetched by aiohttp.

botbuilder 4.17 validates tokens with `requests` on the event loop (no time limit: one request whose
key endpoint never answers froze the whole server) and lets a malformed token end as a 500 (an
unknown key id is an IndexError there). `TokenValidator` accepts what botbuilder accepts for a
public-cloud bot — and nothing else:

- a token from a Bot Framework channel: issuer `https://api.botframework.com`, signed by a key from
  the Bot Framework key set that endorses the activity's channel, `serviceurl` claim equal to the
  activity's service URL;
- a token from Microsoft Entra ID (the Bot Framework Emulator, another client of this app
  registration): one of botbuilder's Emulator issuers, or the configured tenant's, signed by a key from
  the Entra key set, its `appid` (version 1.0) or `azp` (version 2.0) claim equal to the app id;

both RS256 only, audience equal to the app id, expiry and not-before checked with botbuilder's five
minutes of clock skew, and no skill (bot-to-bot) claims, which botbuilder refuses without a claims
validator. Anything else raises `TokenRefused`, a PermissionError, which the CloudAdapter turns into
HTTP 401.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import jwt
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    EmulatorValidation,
)
from botframework.connector.auth.skill_validation import SkillValidation

from bot.openid_keys import OpenIdKeys
from bot.settings import BotAuthConfig, Settings

logger = logging.getLogger(__name__)

ALGORITHM = "RS256"
CLOCK_SKEW_SECONDS = 5 * 60  # botbuilder's clock tolerance
CHANNEL_ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER


class TokenRefused(PermissionError):
    """The request's token is missing, malformed, or not valid for this bot."""


@dataclass(frozen=True)
class _Token:
    raw: str
    kid: str
    issuer: str


def _read(auth_header: str) -> _Token:
    """The token's key id and claimed issuer, read without trusting either."""
    scheme, _, raw = auth_header.partition(" ")
    if scheme != "Bearer" or not raw or " " in raw:
        raise TokenRefused("no Bearer token")
    try:
        header = jwt.get_unverified_header(raw)
        claims = jwt.decode(raw, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise TokenRefused("not a JWT") from exc
    if header.get("alg") != ALGORITHM:
        raise TokenRefused(f"signing algorithm {str(header.get('alg'))[:20]!r} is not {ALGORITHM}")
    kid, issuer = header.get("kid"), claims.get("iss")
    if not isinstance(kid, str) or not kid:
        raise TokenRefused("no key id")
    if not isinstance(issuer, str):
        raise TokenRefused("no issuer")
    return _Token(raw, kid, issuer)


class TokenValidator:
    """Checks incoming Bearer tokens for one app id (see the module's docstring for the rules)."""

    def __init__(self, app_id: str, tenant_id: str, channel_keys: OpenIdKeys, entra_keys: OpenIdKeys) -> None:
        self._app_id = app_id
        self._channel_keys = channel_keys
        self._entra_keys = entra_keys
        issuers = list(EmulatorValidation.TO_BOT_FROM_EMULATOR_TOKEN_VALIDATION_PARAMETERS.issuer)
        if tenant_id:  # as botbuilder's AuthenticationConfiguration(tenant_id=...) adds them
            issuers += [
                AuthenticationConstants.VALID_TOKEN_ISSUER_URL_TEMPLATE_V1.format(tenant_id),
                AuthenticationConstants.VALID_TOKEN_ISSUER_URL_TEMPLATE_V2.format(tenant_id),
            ]
        self._entra_issuers = frozenset(issuers)

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenValidator:
        timeout = settings.openid_timeout_seconds
        return cls(
            settings.app_id,
            settings.app_tenant_id,
            OpenIdKeys(settings.bot_openid_metadata_url, timeout),
            OpenIdKeys(settings.entra_openid_metadata_url, timeout),
        )

    async def validate(self, auth_header: str, channel_id: str | None, service_url: str | None) -> dict[str, Any]:
        """The token's claims, or TokenRefused with the reason (which never contains the token), logged."""
        try:
            return await self._claims(auth_header, channel_id, service_url)
        except TokenRefused as refused:
            logger.info("request refused (401): %s", refused)
            raise

    async def _claims(self, auth_header: str, channel_id: str | None, service_url: str | None) -> dict[str, Any]:
        token = _read(auth_header)
        from_channel = token.issuer == CHANNEL_ISSUER
        if not from_channel and token.issuer not in self._entra_issuers:
            raise TokenRefused("issuer not accepted")
        signing = await (self._channel_keys if from_channel else self._entra_keys).key(token.kid)
        if signing is None:
            raise TokenRefused("no signing key with the token's key id (or the keys could not be fetched)")
        if signing.endorsements and channel_id and channel_id not in signing.endorsements:
            raise TokenRefused(f"the signing key does not endorse channel {channel_id[:40]!r}")
        try:
            claims: dict[str, Any] = jwt.decode(
                token.raw,
                signing.key,
                algorithms=[ALGORITHM],
                audience=self._app_id,
                issuer=token.issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iss", "aud"], "strict_aud": True},
            )
        except jwt.PyJWTError as exc:
            raise TokenRefused(f"{type(exc).__name__}: {exc}") from exc
        if from_channel:
            if claims.get(AuthenticationConstants.SERVICE_URL_CLAIM) != service_url:
                raise TokenRefused("the serviceurl claim is not the activity's service URL")
        elif self._entra_app_id(claims) != self._app_id:
            raise TokenRefused("the token was not issued to this app")
        if SkillValidation.is_skill_claim(claims):
            raise TokenRefused("skill (bot-to-bot) tokens are not accepted")
        return claims

    @staticmethod
    def _entra_app_id(claims: dict[str, Any]) -> object:
        version = claims.get(AuthenticationConstants.VERSION_CLAIM)
        if version == "1.0":
            return claims.get(AuthenticationConstants.APP_ID_CLAIM)
        if version == "2.0":
            return claims.get(AuthenticationConstants.AUTHORIZED_PARTY)
        return None


class TokenAuthentication(ConfigurationBotFrameworkAuthentication):
    """botbuilder's authentication from the settings, with `authenticate_request` — how the CloudAdapter
    checks a POST to /api/messages — done by `TokenValidator`. Outgoing credentials and connector
    clients are botbuilder's, unchanged. Without an app id (local mode) authentication is off, as in
    botbuilder, and an Authorization header is ignored rather than checked."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(BotAuthConfig(settings))
        self._validator = None if settings.local_mode else TokenValidator.from_settings(settings)

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        if self._validator is None:
            return await super().authenticate_request(activity, "")
        identity = ClaimsIdentity(await self._validator.validate(auth_header, activity.channel_id, activity.service_url), True)
        result = AuthenticateRequestResult()
        result.claims_identity = identity
        result.audience = self.get_originating_audience()
        result.caller_id = CallerIdConstants.public_azure_channel
        result.connector_factory = self.create_connector_factory(identity)
        return result
