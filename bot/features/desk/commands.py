"""The operators' support commands in the desk group: /find, /unlink, /unlock, /pending,
/liftsms (anyone else in the group is told they are not allowed, `refuse`)."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import Message

from bot.common.operators import arguments
from bot.features.desk import views
from core.desk import Desk
from core.i18n import Translator
from core.settings import Settings

COMMANDS = ("find", "unlink", "unlock", "pending", "liftsms")


async def refuse(message: Message, _: Translator) -> None:
    await message.reply(_("desk-not-allowed"))


async def unknown(message: Message, _: Translator) -> None:
    await message.reply(_("desk-unknown-command"))


async def find(message: Message, command: CommandObject, _: Translator, desk: Desk) -> None:
    query = await arguments(message, command, _)
    if query is None:
        return
    assert message.from_user is not None
    found = await desk.find(query, message.from_user.id)
    if found is None:
        await message.reply(_("desk-not-found", query=query))
        return
    await message.reply(views.found(_, found))


async def unlink(message: Message, command: CommandObject, _: Translator, desk: Desk) -> None:
    number = await arguments(message, command, _)
    if number is None:
        return
    assert message.from_user is not None
    printed = await desk.unlink(number, message.from_user.id)
    if printed is None:
        await message.reply(_("desk-unlink-none", number=number))
        return
    await message.reply(_("desk-unlinked", number=printed))


async def unlock(message: Message, command: CommandObject, _: Translator, desk: Desk) -> None:
    query = await arguments(message, command, _)
    if query is None:
        return
    assert message.from_user is not None
    found = await desk.find(query, message.from_user.id)
    if found is None or not await desk.unlock(query, message.from_user.id):
        await message.reply(_("desk-not-found", query=query))
        return
    await message.reply(_("desk-unlocked", name=found.name))


async def pending(message: Message, _: Translator, desk: Desk, settings: Settings) -> None:
    brake = await desk.sms_brake.state()
    waiting = await desk.pending()
    await message.reply(views.pending(_, brake, waiting, settings.timezone))


async def lift_sms(message: Message, _: Translator, desk: Desk) -> None:
    assert message.from_user is not None
    before = await desk.sms_brake.lift(message.from_user.id)
    if not before.engaged:
        await message.reply(_("desk-sms-brake-off", sent=before.sent, limit=before.limit))
        return
    await message.reply(
        _("desk-sms-brake-lifted", operator=message.from_user.full_name, sent=before.sent)
    )
