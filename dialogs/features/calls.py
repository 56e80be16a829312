"""The calls calendar: open calls to watch and closed ones apart, and one call with what must happen by when
(planning back from its cut-off against the nämnd's sammanträdesplan)."""

from __future__ import annotations

from dialogs.actions import Action, ActionName, OnCall
from dialogs.actor import Actor
from dialogs.calls import Call
from dialogs.features.base import Services
from dialogs.router import handles
from dialogs.views import CallLine, CallsView, CallView, Reply, reply, say


class Calls:
    def __init__(self, services: Services) -> None:
        self.s = services

    def _line(self, call: Call, watched: frozenset[str]) -> CallLine:
        return CallLine(call, self.s.deadlines.status(call), call.id in watched)

    async def _watched(self, actor: Actor) -> frozenset[str]:
        async with self.s.uow() as tx:
            return frozenset(s.call_id for s in await tx.subscriptions.for_owner(actor.id))

    @handles(ActionName.CALLS)
    async def calls(self, actor: Actor, action: Action) -> Reply:
        """The calendar with what the user watches (typed 'bevaka <namn>' goes straight to that call: WATCH)."""
        watched = await self._watched(actor)
        lines = sorted(
            (self._line(c, watched) for c in self.s.deadlines.calls.values()),
            key=lambda line: (line.call.cut_off is None, line.call.cut_off),
        )
        return reply(CallsView(tuple(lines)))

    @handles(ActionName.CALL)
    async def call(self, actor: Actor, action: OnCall) -> Reply:
        """One call: its requirements, costs and dates, and the plan back from its cut-off."""
        call = self.s.deadlines.call(action.call)
        if call is None:
            return reply(say("call_not_found"))
        line = self._line(call, await self._watched(actor))
        return reply(CallView(line, self.s.deadlines.plan(call)))
