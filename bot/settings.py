"""Settings, read once from the environment at start-up; secrets come only from there."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from botframework.connector.auth import AuthenticationConstants

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/dialogstod.db"
HOSTS = ("botbuilder", "agents")  # the SDK that serves the bot (bot/host.py); botbuilder is the default


@dataclass(frozen=True)
class Settings:
    port: int = 3978
    host: str = ""
    database_url: str = DEFAULT_DATABASE_URL
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_tenant_id: str = ""
    app_type: str = "MultiTenant"
    log_level: str = "INFO"
    routine_file: Path | None = None
    calls_file: Path | None = None
    meetings_file: Path | None = None  # the nämnd's sammanträdesplan; None: dialogs/calendar/meetings.yaml
    proposal_template: Path | None = None  # the district's own Word template; None: cards/templates/tjansteutlatande.docx
    reminder_poll_seconds: float = 30.0  # 0 turns the reminder scheduler off in this instance
    reminder_rate_per_second: float = 47.5  # this instance's share of Teams' 50/s per bot and tenant
    public_base_url: str = ""  # where shared links point; defaults to http://localhost:PORT
    share_days: int = 30
    max_body_bytes: int = 256 * 1024
    # A database that does not answer: connecting, waiting for a pooled connection and each statement give
    # up after this long; a turn answers within turn_seconds (below Teams' 15 s) whatever the database does.
    database_timeout_seconds: float = 5.0
    turn_seconds: float = 10.0
    # Where the keys that sign incoming tokens are published (bot/auth.py); tests point these at a stand-in.
    bot_openid_metadata_url: str = AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
    entra_openid_metadata_url: str = AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
    openid_timeout_seconds: float = 5.0
    bot_host: str = HOSTS[0]

    def __post_init__(self) -> None:
        if self.bot_host not in HOSTS:
            raise ValueError(f"BOT_HOST must be one of {', '.join(HOSTS)}, not {self.bot_host!r}")

    @property
    def local_mode(self) -> bool:
        """No app id: authentication off, as with the Bot Framework Emulator."""
        return not self.app_id

    @property
    def listen_host(self) -> str:
        """Local mode has authentication off, so unless HOST says otherwise it listens on this machine only."""
        return self.host or ("127.0.0.1" if self.local_mode else "0.0.0.0")

    @property
    def base_url(self) -> str:
        return self.public_base_url or f"http://localhost:{self.port}"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            port=int(env.get("PORT") or 3978),
            host=env.get("HOST", "").strip(),
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            app_id=env.get("MicrosoftAppId", "").strip(),
            app_password=env.get("MicrosoftAppPassword", ""),
            app_tenant_id=env.get("MicrosoftAppTenantId", "").strip(),
            app_type=env.get("MicrosoftAppType", "").strip() or "MultiTenant",
            log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
            routine_file=Path(env["ROUTINE_FILE"]) if env.get("ROUTINE_FILE") else None,
            calls_file=Path(env["CALLS_FILE"]) if env.get("CALLS_FILE") else None,
            meetings_file=Path(env["MEETINGS_FILE"]) if env.get("MEETINGS_FILE") else None,
            proposal_template=Path(env["PROPOSAL_TEMPLATE"]) if env.get("PROPOSAL_TEMPLATE") else None,
            reminder_poll_seconds=float(env.get("REMINDER_POLL_SECONDS") or 30),
            reminder_rate_per_second=float(env.get("REMINDER_RATE_PER_SECOND") or 47.5),
            public_base_url=(env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/"),
            share_days=int(env.get("SHARE_DAYS") or 30),
            database_timeout_seconds=float(env.get("DATABASE_TIMEOUT_SECONDS") or 5),
            turn_seconds=float(env.get("TURN_SECONDS") or 10),
            bot_host=(env.get("BOT_HOST") or HOSTS[0]).strip().lower(),
        )


class BotAuthConfig:
    """The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads."""

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = settings.app_type
        self.APP_TENANTID = settings.app_tenant_id
