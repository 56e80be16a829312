"""Typed keys for what the aiohttp application holds."""

from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.host import Host
from bot.services import BotServices
from bot.settings import Settings

APP_SETTINGS = web.AppKey("settings", Settings)
APP_ENGINE = web.AppKey("engine", AsyncEngine)
APP_HOST = web.AppKey("host", Host)  # whichever host serves
APP_SERVICES = web.AppKey("services", BotServices)
APP_RENDERING = web.AppKey("rendering", asyncio.Semaphore)  # Word and PDF renderings at once, in worker threads
