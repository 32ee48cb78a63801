"""The identity check, the operators' side: «✅ Одобрить» and «❌ Отклонить» (then the reason)
on a check's post in the desk group. Only operators may decide (`DeskButton`, `IsOperator`);
anyone else — pressing a button or forging its data — is refused and nothing happens."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ForceReply, Message

from bot.common.operators import OperatorCheck
from bot.features.desk import prompt
from bot.features.identity.callbacks import IdentityDecision
from bot.features.identity.dialogue import Rejection
from bot.features.identity.states import DeskReason
from core.clock import Clock
from core.desk import AlreadyDecided, ProfileFrozen
from core.i18n import Translator
from core.identity import Identity, NoSuchPolicy
from core.settings import Settings

# Why a decision was refused, in the operator's words.
REFUSED_DECISION: dict[type[Exception], str] = {
    AlreadyDecided: "desk-already-decided",
    NoSuchPolicy: "desk-no-policy",
    ProfileFrozen: "desk-frozen",
}
REFUSALS = (AlreadyDecided, NoSuchPolicy, ProfileFrozen)


async def approve(
    callback: CallbackQuery,
    callback_data: IdentityDecision,
    _: Translator,
    identity: Identity,
    bot: Bot,
    settings: Settings,
) -> None:
    operator, number = callback.from_user, callback_data.check
    try:
        await identity.decide(number, operator.id, approve=True, reason=None)
    except REFUSALS as refused:
        await callback.answer(_(REFUSED_DECISION[type(refused)]), show_alert=True)
        return
    await callback.answer()
    done = _("desk-decided-approved", number=number, operator=operator.full_name)
    await tell_desk(bot, settings, done)


async def ask_reason(
    callback: CallbackQuery,
    callback_data: IdentityDecision,
    state: FSMContext,
    _: Translator,
    clock: Clock,
) -> None:
    """A rejection needs its reason first: typed as a reply to the prompt (the operators' other
    talk in the group is no reason; bot/features/desk/prompt.py)."""
    assert isinstance(callback.message, Message)  # `DeskButton`
    await callback.answer()
    await state.set_state(DeskReason.reason)
    await state.update_data(Rejection(check=callback_data.check).to_dict())
    sent = await callback.message.reply(
        prompt.addressed(_("desk-ask-reason", number=callback_data.check), callback.from_user),
        reply_markup=ForceReply(selective=True),
    )
    await prompt.ask(state, clock, sent)


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
        await prompt.remember(state, await message.reply(_("desk-reason-text")))
        return
    number = (await Rejection.load(state)).check
    await state.clear()
    operator = message.from_user
    assert operator is not None
    if number is None or not await operators.allows(bot, settings, operator.id):
        await message.reply(_("desk-not-allowed"))
        return
    try:
        await identity.decide(number, operator.id, approve=False, reason=reason)
    except REFUSALS as refused:
        await message.reply(_(REFUSED_DECISION[type(refused)]))
        return
    done = _("desk-decided-rejected", number=number, operator=operator.full_name, reason=reason)
    await tell_desk(bot, settings, done)


async def not_allowed(callback: CallbackQuery, _: Translator) -> None:
    """A decision pressed outside the desk, or by someone not an operator."""
    await callback.answer(_("desk-not-allowed"), show_alert=True)


async def tell_desk(bot: Bot, settings: Settings, text: str) -> None:
    assert settings.operators_chat_id is not None
    await bot.send_message(settings.operators_chat_id, text)
