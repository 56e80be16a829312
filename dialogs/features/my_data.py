"""'Mina data': what the bot stores about the user, the export of all of it as a file, and erasing it
(GDPR articles 15 and 17). The export is delivered as the proposal's Word download is: a short-lived
link of the user's own (a share to themselves, of no draft) to `/d/<token>/mina-data.json`."""

from __future__ import annotations

from datetime import timedelta

from dialogs.actions import Action, ActionName
from dialogs.actor import Actor
from dialogs.features.base import Services
from dialogs.features.sharing import LinkGone, Sharing
from dialogs.personal_data import PersonalData, collect, erase
from dialogs.router import handles
from dialogs.share import NO_DRAFT
from dialogs.views import ConfirmEraseView, DataSummary, Link, LinkView, MyDataView, Reply, reply, say

EXPORT_LIFETIME = timedelta(hours=1)
EXPORT_FILE = "mina-data.json"


class MyData:
    def __init__(self, services: Services, sharing: Sharing) -> None:
        self.s = services
        self.sharing = sharing

    async def _summary(self, actor: Actor) -> DataSummary:
        async with self.s.uow() as tx:
            return (await collect(tx, actor.id, self.s.clock())).summary

    @handles(ActionName.MY_DATA)
    async def show(self, actor: Actor, action: Action) -> Reply:
        return reply(MyDataView(await self._summary(actor)))

    @handles(ActionName.MY_DATA_EXPORT)
    async def export(self, actor: Actor, action: Action) -> Reply:
        """A link to the file, working for an hour; the file is built when it is fetched."""
        async with self.s.uow() as tx:
            link = await self.sharing.own_link(tx, actor, NO_DRAFT, EXPORT_LIFETIME)
        return reply(LinkView("my_data_ready", (Link("btn_my_data_download", f"{link}/{EXPORT_FILE}"),)))

    async def export_file(self, token: str) -> PersonalData | None:
        """Everything stored about the link's owner; None: not an export link; LinkGone: expired."""
        async with self.s.uow() as tx:
            share = await self.sharing.shared(tx, token)
            if share is None or share.draft_id != NO_DRAFT:
                return None
            now = self.s.clock()
            if not share.usable(now):
                raise LinkGone()
            return await collect(tx, share.owner_id, now)

    @handles(ActionName.MY_DATA_ERASE)
    async def erase(self, actor: Actor, action: Action) -> Reply:
        return reply(ConfirmEraseView(await self._summary(actor)))

    @handles(ActionName.MY_DATA_ERASE_CONFIRM)
    async def erase_confirm(self, actor: Actor, action: Action) -> Reply:
        """All of it, in one transaction."""
        async with self.s.uow() as tx:
            await erase(tx, actor.id)
        return reply(say("my_data_erased"), erased=True)

    @handles(ActionName.MY_DATA_ERASE_CANCEL)
    async def erase_cancel(self, actor: Actor, action: Action) -> Reply:
        return reply(say("my_data_not_erased"))
