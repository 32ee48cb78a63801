"""The operators' desk in the group `OPERATORS_CHAT_ID`: posts with action buttons, and support
commands. Only the group's members (getChatMember, cached a minute) and `ADMIN_IDS` may act;
anyone else — pressing a button or forging its data — is refused and nothing happens."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import CallbackQuery, Message
from aiogram.types import User as TelegramUser

from bot.common.operators import InDesk, IsOperator, OperatorCheck, arguments
from bot.features import Feature
from bot.fsm.identity import DeskReason
from core.desk import AlreadyDecided, Desk, ProfileFrozen
from core.i18n import Markup, Translator
from core.identity import Identity, NoSuchPolicy
from core.notifications import Intent
from core.recovery import RecoveryRefused
from core.settings import Settings

logger = logging.getLogger(__name__)

# Why an identity check's decision was refused, in the operator's words.
REFUSED_DECISION: dict[type[Exception], str] = {
    AlreadyDecided: "desk-already-decided",
    NoSuchPolicy: "desk-no-policy",
    ProfileFrozen: "desk-frozen",
}


def feature() -> Feature:
    operator = IsOperator()
    router = Router(name="desk")
    router.message.filter(InDesk())

    async def refuse(message: Message, _: Translator) -> None:
        await message.reply(_("desk-not-allowed"))

    async def find(message: Message, command: CommandObject, _: Translator, desk: Desk) -> None:
        query = await arguments(message, command, _)
        if query is None:
            return
        assert message.from_user is not None
        found = await desk.find(query, message.from_user.id)
        if found is None:
            await message.reply(_("desk-not-found", query=query))
            return
        state = (
            "desk-state-frozen"
            if found.frozen
            else "desk-state-pin-locked"
            if found.pin_locked
            else "desk-state-ok"
        )
        await message.reply(
            _(
                "desk-found",
                name=found.name,
                profile=found.profile_id,
                email=found.email,
                phone=found.phone,
                policies=", ".join(found.policies) or _("desk-no-policies"),
                state=_(state),
            )
        )

    async def unlink(message: Message, command: CommandObject, _: Translator, desk: Desk) -> None:
        number = await arguments(message, command, _)
        if number is None:
            return
        assert message.from_user is not None
        done = await desk.unlink(number, message.from_user.id)
        await message.reply(_("desk-unlinked" if done else "desk-unlink-none", number=number))

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
        said = [_("desk-sms-brake-on", sent=brake.sent, limit=brake.limit)] if brake.engaged else []
        waiting = await desk.pending()
        items = "\n".join(
            _(
                "desk-pending-line",
                kind=_(f"desk-kind-{item.kind}"),
                number=item.label or _("desk-number", number=item.number),
                since=f"{item.since.astimezone(settings.timezone):%d.%m %H:%M}",
            )
            for item in waiting
        )
        said.append(_("desk-pending", items=Markup(items)) if waiting else _("desk-pending-none"))
        await message.reply("\n\n".join(said))

    async def lift_sms(message: Message, _: Translator, desk: Desk) -> None:
        assert message.from_user is not None
        before = await desk.sms_brake.lift(message.from_user.id)
        if not before.engaged:
            await message.reply(_("desk-sms-brake-off", sent=before.sent, limit=before.limit))
            return
        await message.reply(
            _("desk-sms-brake-lifted", operator=message.from_user.full_name, sent=before.sent)
        )

    async def decide_incident(
        callback: CallbackQuery,
        _: Translator,
        desk: Desk,
        bot: Bot,
        settings: Settings,
        operators: OperatorCheck,
        fsm_storage: BaseStorage,
    ) -> None:
        """«Разморозить» or «Вернуть прежнему аккаунту» on an incident's post."""
        _prefix, verb, number = (callback.data or "").split(":")
        in_desk = (
            isinstance(callback.message, Message)
            and callback.message.chat.id == settings.operators_chat_id
        )
        if not in_desk or not await operators.allows(bot, settings, callback.from_user.id):
            await callback.answer(_("desk-not-allowed"), show_alert=True)
            return
        try:
            if verb == "unfreeze":
                await desk.unfreeze(int(number), callback.from_user.id)
            else:
                loser = await desk.give_back(int(number), callback.from_user.id)
                # What that account was entering in a dialogue goes too (with its profile data).
                chat = StorageKey(bot.id, chat_id=loser.telegram_id, user_id=loser.telegram_id)
                await FSMContext(fsm_storage, chat).clear()
        except AlreadyDecided:
            await callback.answer(_("desk-already-decided"), show_alert=True)
            return
        except RecoveryRefused as refused:
            await callback.answer(_(f"desk-give-back-{refused.reason}"), show_alert=True)
            return
        await callback.answer()
        assert isinstance(callback.message, Message)
        key = "desk-unfrozen" if verb == "unfreeze" else "desk-given-back"
        done = _(key, operator=callback.from_user.full_name)
        await callback.message.edit_text(
            f"{callback.message.html_text}\n\n{done}", reply_markup=None
        )

    async def decide_check(
        callback: CallbackQuery,
        state: FSMContext,
        _: Translator,
        identity: Identity,
        bot: Bot,
        settings: Settings,
        operators: OperatorCheck,
    ) -> None:
        _prefix, verb, number = (callback.data or "").split(":")
        in_desk = (
            isinstance(callback.message, Message)
            and callback.message.chat.id == settings.operators_chat_id
        )
        if not in_desk or not await operators.allows(bot, settings, callback.from_user.id):
            await callback.answer(_("desk-not-allowed"), show_alert=True)
            return
        assert isinstance(callback.message, Message)
        if verb == "idno":  # a rejection needs its reason first
            await callback.answer()
            await state.set_state(DeskReason.reason)
            await state.update_data(check=int(number))
            await callback.message.reply(_("desk-ask-reason", number=int(number)))
            return
        await finish_check(
            callback.message,
            callback.from_user,
            int(number),
            True,
            None,
            _,
            identity,
            bot,
            settings,
            callback,
        )

    async def reason_given(
        message: Message,
        state: FSMContext,
        _: Translator,
        identity: Identity,
        bot: Bot,
        settings: Settings,
        operators: OperatorCheck,
    ) -> None:
        reason = (message.text or "").strip()[:500]
        if not reason:  # a sticker, a photo: the reason is still awaited
            await message.reply(_("desk-reason-text"))
            return
        number = (await state.get_data()).get("check")
        await state.clear()
        assert message.from_user is not None
        if number is None or not await operators.allows(bot, settings, message.from_user.id):
            await message.reply(_("desk-not-allowed"))
            return
        await finish_check(
            message, message.from_user, int(number), False, reason, _, identity, bot, settings, None
        )

    async def finish_check(
        message: Message,
        operator: TelegramUser,
        number: int,
        approve: bool,
        reason: str | None,
        _: Translator,
        identity: Identity,
        bot: Bot,
        settings: Settings,
        callback: CallbackQuery | None,
    ) -> None:
        try:
            await identity.decide(number, operator.id, approve=approve, reason=reason)
        except (AlreadyDecided, NoSuchPolicy, ProfileFrozen) as refused:
            key = REFUSED_DECISION[type(refused)]
            if callback is not None:
                await callback.answer(_(key), show_alert=True)
            else:
                await message.reply(_(key))
            return
        if callback is not None:
            await callback.answer()
        key = "desk-decided-approved" if approve else "desk-decided-rejected"
        assert settings.operators_chat_id is not None
        await bot.send_message(
            settings.operators_chat_id,
            _(key, number=number, operator=operator.full_name, reason=reason or ""),
        )

    router.callback_query.register(decide_check, F.data.regexp(r"^dk:id(ok|no):\d{1,18}$"))
    router.message.register(reason_given, StateFilter(DeskReason.reason), ~F.text.startswith("/"))
    commands = ("find", "unlink", "unlock", "pending", "liftsms")
    router.message.register(refuse, Command(*commands), ~operator)
    router.message.register(find, Command("find"))
    router.message.register(unlink, Command("unlink"))
    router.message.register(unlock, Command("unlock"))
    router.message.register(pending, Command("pending"))
    router.message.register(lift_sms, Command("liftsms"))
    router.callback_query.register(
        decide_incident, F.data.regexp(r"^dk:(unfreeze|giveback):\d{1,18}$")
    )
    return Feature(
        name="desk",
        router=router,
        intents={
            Intent.DESK_APPROVE_IDENTITY: lambda ref: f"dk:idok:{ref}",
            Intent.DESK_REJECT_IDENTITY: lambda ref: f"dk:idno:{ref}",
            Intent.DESK_UNFREEZE: lambda ref: f"dk:unfreeze:{ref}",
            Intent.DESK_GIVE_BACK: lambda ref: f"dk:giveback:{ref}",
        },
    )
