"""What a user can ask of the bot, by card or by typing: action names and their typed payloads."""

from __future__ import annotations

# Keys every step card's buttons carry beside the inputs; a routine field id must not be one of them.
CONTROL_KEYS = frozenset({"action", "draft", "step", "version"})
