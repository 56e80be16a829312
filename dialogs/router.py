"""Which use case answers which action: each feature marks its handlers with `@handles(...)`, and one
`Router` collects them. The same router serves every delivery (botbuilder today, the Agents SDK later)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from dialogs.actions import Action, ActionName
from dialogs.actor import Actor
from dialogs.views import Reply

Handler = Callable[[Actor, Any], Awaitable[Reply]]
H = TypeVar("H", bound=Callable[..., Awaitable[Reply]])
_MARK = "_dialogstod_handles"


def handles(*names: ActionName) -> Callable[[H], H]:
    """Mark a feature's method as the use case for these actions."""

    def mark(method: H) -> H:
        setattr(method, _MARK, names)
        return method

    return mark


class Router:
    def __init__(self, features: Iterable[object]) -> None:
        self._handlers: dict[ActionName, Handler] = {}
        for feature in features:
            for attr in dir(type(feature)):
                names: tuple[ActionName, ...] = getattr(getattr(type(feature), attr), _MARK, ())
                for name in names:
                    if name in self._handlers:
                        raise ValueError(f"two handlers for action {name!r}")
                    self._handlers[name] = getattr(feature, attr)

    @property
    def names(self) -> frozenset[ActionName]:
        return frozenset(self._handlers)

    def handler(self, name: ActionName) -> Handler | None:
        return self._handlers.get(name)

    async def dispatch(self, actor: Actor, action: Action) -> Reply:
        handler = self._handlers.get(action.name)
        if handler is None:
            raise LookupError(f"no handler for action {action.name!r}")
        return await handler(actor, action)
