"""The claims on the desk (the operators' group): «✅ Одобрить» (the amount to pay asked next),
«📎 Запросить документ» (what is missing asked next), «❌ Отказать» (the reason asked next), each
on a claim's post. Only operators may act (`DeskButton`, `IsOperator`, and again when the answer
comes); anyone else — pressing a button or forging its data — is refused and nothing happens.
What a decision needs is typed as a reply to the bot's prompt (bot/features/desk/prompt.py: the
operators' other talk in the group is not taken for it; it lapses)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, ForceReply, Message

from bot.common.operators import OperatorCheck
from bot.features.claims.callbacks import DeskClaimAction
from bot.features.claims.dialogue import Deciding
from bot.features.claims.states import DeskClaim
from bot.features.desk import prompt
from core.claim_details import Unreadable, parse_amount
from core.claims import MAX_TEXT, Claims
from core.clock import Clock
from core.desk import AlreadyDecided
from core.i18n import Translator
from core.settings import Settings
from storage.models import Claim


def refusal(error: LookupError | AlreadyDecided) -> str:
    return "desk-claim-unknown" if isinstance(error, LookupError) else "desk-claim-decided"


async def _ask(
    callback: CallbackQuery,
    callback_data: DeskClaimAction,
    state: FSMContext,
    _: Translator,
    claims: Claims,
    step: State,
    key: str,
    clock: Clock,
) -> None:
    """The decision's next question, as a reply to the post; the operator's reply to it answers
    it."""
    assert isinstance(callback.message, Message)  # DeskButton
    try:
        claim = await claims.pending(callback_data.claim)
    except (LookupError, AlreadyDecided) as error:
        await callback.answer(_(refusal(error)), show_alert=True)
        return
    await callback.answer()
    await state.set_state(step)
    await state.update_data(Deciding(claim=claim.id).to_dict())
    sent = await callback.message.reply(
        prompt.addressed(
            _(key, number=claim.label, amount=claim.amount, currency=claim.currency, max=MAX_TEXT),
            callback.from_user,
        ),
        reply_markup=ForceReply(selective=True),
    )
    await prompt.ask(state, clock, sent)


async def approve(
    callback: CallbackQuery,
    callback_data: DeskClaimAction,
    state: FSMContext,
    _: Translator,
    claims: Claims,
    clock: Clock,
) -> None:
    await _ask(
        callback, callback_data, state, _, claims, DeskClaim.amount, "desk-claim-ask-amount", clock
    )


async def ask_document(
    callback: CallbackQuery,
    callback_data: DeskClaimAction,
    state: FSMContext,
    _: Translator,
    claims: Claims,
    clock: Clock,
) -> None:
    await _ask(
        callback, callback_data, state, _, claims, DeskClaim.request, "desk-claim-ask-request",
        clock,
    )  # fmt: skip


async def reject(
    callback: CallbackQuery,
    callback_data: DeskClaimAction,
    state: FSMContext,
    _: Translator,
    claims: Claims,
    clock: Clock,
) -> None:
    await _ask(
        callback, callback_data, state, _, claims, DeskClaim.reason, "desk-claim-ask-reason", clock
    )


async def not_allowed(callback: CallbackQuery, _: Translator) -> None:
    """A claim's button pressed outside the desk, or by someone not an operator."""
    await callback.answer(_("desk-not-allowed"), show_alert=True)


# -- the answers -------------------------------------------------------------------------------


async def _deciding(
    message: Message,
    state: FSMContext,
    _: Translator,
    claims: Claims,
    bot: Bot,
    settings: Settings,
    operators: OperatorCheck,
) -> Claim | None:
    """The claim the operator's answer is for, still open, the sender still an operator; else
    they are told why and nothing is awaited any more."""
    operator = message.from_user
    assert operator is not None
    number = (await Deciding.load(state)).claim
    if number is None or not await operators.allows(bot, settings, operator.id):
        await state.clear()
        await message.reply(_("desk-not-allowed"))
        return None
    try:
        return await claims.pending(number)
    except (LookupError, AlreadyDecided) as error:
        await state.clear()
        await message.reply(_(refusal(error)))
        return None


async def amount_given(
    message: Message,
    state: FSMContext,
    _: Translator,
    claims: Claims,
    bot: Bot,
    settings: Settings,
    operators: OperatorCheck,
) -> None:
    """The amount to pay, in the claim's currency: «12 000», «11 500,50», «120 EUR»."""
    claim = await _deciding(message, state, _, claims, bot, settings, operators)
    if claim is None:
        return
    try:
        amount = parse_amount(
            message.text or "", policy_kind=claim.policy_kind, currency=claim.currency
        )
    except Unreadable:
        said = await message.reply(_("desk-claim-amount-expected", currency=claim.currency))
        await prompt.remember(state, said)
        return
    if amount.minor > claim.amount:  # never more than the person paid and claimed
        said = await message.reply(
            _("desk-claim-amount-over", amount=claim.amount, currency=claim.currency)
        )
        await prompt.remember(state, said)
        return
    operator = message.from_user
    assert operator is not None
    await state.clear()
    try:
        claim = await claims.approve(claim.id, operator.id, operator.full_name, amount.minor)
    except (LookupError, AlreadyDecided) as error:
        await message.reply(_(refusal(error)))
        return
    await message.reply(
        _(
            "desk-claim-approved",
            number=claim.label,
            amount=amount.minor,
            currency=claim.currency,
            operator=operator.full_name,
        )
    )


async def _text(message: Message, state: FSMContext, _: Translator) -> str | None:
    text = (message.text or "").strip()
    if not text:  # a sticker, a photo: still awaited
        said = await message.reply(_("desk-claim-text-expected", max=MAX_TEXT))
        await prompt.remember(state, said)
        return None
    if len(text) > MAX_TEXT:
        said = await message.reply(_("desk-claim-text-long", max=MAX_TEXT, length=len(text)))
        await prompt.remember(state, said)
        return None
    return text


async def text_given(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    claims: Claims,
    bot: Bot,
    settings: Settings,
    operators: OperatorCheck,
) -> None:
    """What the person is to send (they are asked, and the claim waits for it), or why the claim
    is refused (they are told)."""
    claim = await _deciding(message, state, _, claims, bot, settings, operators)
    text = await _text(message, state, _) if claim is not None else None
    if claim is None or text is None:
        return
    operator = message.from_user
    assert operator is not None
    await state.clear()
    asking = raw_state == DeskClaim.request.state
    decide = claims.request_document if asking else claims.reject
    try:
        claim = await decide(claim.id, operator.id, operator.full_name, text)
    except (LookupError, AlreadyDecided) as error:
        await message.reply(_(refusal(error)))
        return
    key = "desk-claim-requested" if asking else "desk-claim-rejected"
    await message.reply(_(key, number=claim.label, operator=operator.full_name, reason=text))
