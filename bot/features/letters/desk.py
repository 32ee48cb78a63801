"""The requests on the desk (the operators' group): «✅ Согласовать» (then the letter's number,
validity and limit), «❌ Отказать» (then the reason), «❓ Уточнить» (then the question) —
operators only; each typed as a reply to the bot's prompt (bot/features/desk/prompt.py: the
operators' other talk in the group is not taken for it; it lapses). The request's card is kept
showing its status; a decided one refuses another decision."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ForceReply, Message, TelegramObject

from bot.common.intents import Intents
from bot.common.operators import OperatorCheck
from bot.delivery import edit_desk_card
from bot.features.desk import prompt
from bot.features.letters.callbacks import DeskLetterAction, Verdict
from bot.features.letters.dialogue import Deciding
from bot.features.letters.states import LetterDesk
from core.clock import Clock
from core.desk import AlreadyDecided
from core.i18n import Catalogue, Translator
from core.letters import (
    DEFAULT_VALIDITY,
    MAX_QUESTION,
    MAX_REASON,
    ApprovalProblem,
    Letters,
)
from core.settings import Settings
from storage.models import GuaranteeLetter

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

ASKED = {
    Verdict.APPROVE: LetterDesk.approve,
    Verdict.REFUSE: LetterDesk.refuse,
    Verdict.CLARIFY: LetterDesk.clarify,
}


@dataclass(frozen=True)
class LetterPosts:
    """The requests' cards on the desk: refreshed after each decision. Handed to the desk's
    handlers as `letter_posts` (by `DeskPosts`)."""

    bot: Bot
    settings: Settings
    catalogue: Catalogue
    intents: Intents
    letters: Letters

    async def refresh(self, letter: GuaranteeLetter) -> None:
        await edit_desk_card(
            self.bot,
            self.settings,
            self.catalogue,
            self.intents,
            await self.letters.post_message(letter),
            lambda: self.letters.card(letter),
            f"letter {letter.id}",
        )


class DeskPosts(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        names = ("bot", "settings", "catalogue", "intents", "letters")
        data["letter_posts"] = LetterPosts(*(data[name] for name in names))
        return await handler(event, data)


def refusal(error: LookupError | AlreadyDecided) -> str:
    return "desk-letter-unknown" if isinstance(error, LookupError) else "desk-letter-decided"


# -- the buttons ------------------------------------------------------------------------------


async def ask(
    callback: CallbackQuery,
    callback_data: DeskLetterAction,
    state: FSMContext,
    _: Translator,
    letters: Letters,
    clock: Clock,
) -> None:
    """«Согласовать», «Отказать», «Уточнить»: what the decision needs is asked for, as a reply to
    the bot's prompt."""
    message = callback.message
    assert isinstance(message, Message)  # OperatorsOnly: on the desk
    verdict = Verdict(callback_data.action)
    letter = await letters.by_id(callback_data.letter)
    if letter is None or not letter.is_open:
        error: LookupError | AlreadyDecided = (
            LookupError(callback_data.letter) if letter is None else AlreadyDecided()
        )
        await callback.answer(_(refusal(error)), show_alert=True)
        return
    await callback.answer()
    await state.set_state(ASKED[verdict])
    await Deciding(letter=letter.id, number=letter.label).save(state)
    # Not a reply to the card: a reply carries the card's text along (the person's data), and the
    # operator's answer to the prompt would carry it again, out of reach of an erasure.
    sent = await message.answer(
        prompt.addressed(
            _(
                f"desk-letter-ask-{verdict}",
                number=letter.label,
                days=DEFAULT_VALIDITY,
                max=MAX_QUESTION if verdict == Verdict.CLARIFY else MAX_REASON,
            ),
            callback.from_user,
        ),
        reply_markup=ForceReply(selective=True),
    )
    await prompt.ask(state, clock, sent)


async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)


# -- what the operator types ------------------------------------------------------------------


async def typed(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    letters: Letters,
    letter_posts: LetterPosts,
    bot: Bot,
    settings: Settings,
    operators: OperatorCheck,
) -> None:
    """The approval («номер; срок; лимит»), the reason or the question: a reply to the prompt
    (`DeskPrompt`). Text only; what does not read is explained (a reply to that counts too) and
    still awaited."""
    operator = message.from_user
    assert operator is not None
    if not await operators.allows(bot, settings, operator.id):
        await message.reply(_("desk-not-allowed"))
        return
    text = (message.text or "").strip()
    deciding = await Deciding.load(state)

    async def explain(said: str) -> None:
        await prompt.remember(state, await message.reply(said))

    if not text:
        await explain(_("desk-letter-text-expected", number=deciding.number))
        return
    try:
        if raw_state == LetterDesk.approve.state:
            try:
                approval = await letters.read_approval(deciding.letter, text)
            except ApprovalProblem as problem:
                await explain(_(problem.key, number=deciding.number, **problem.params))
                return
            letter = await letters.approve(deciding.letter, operator.id, approval)
            done = _(
                "desk-letter-approved",
                number=letter.label,
                letter=approval.number,
                valid_until=f"{approval.valid_until:%d.%m.%Y}",
                operator=operator.full_name,
            )
        elif raw_state == LetterDesk.refuse.state:
            if len(text) > MAX_REASON:
                await explain(_("desk-letter-long", max=MAX_REASON, length=len(text)))
                return
            letter = await letters.refuse(deciding.letter, operator.id, text)
            done = _("desk-letter-refused", number=letter.label, operator=operator.full_name)
        else:
            if len(text) > MAX_QUESTION:
                await explain(_("desk-letter-long", max=MAX_QUESTION, length=len(text)))
                return
            letter = await letters.clarify(deciding.letter, operator.id, text)
            done = _("desk-letter-asked", number=letter.label, operator=operator.full_name)
    except (LookupError, AlreadyDecided) as error:
        await state.clear()
        await message.reply(_(refusal(error)))
        return
    await state.clear()
    await letter_posts.refresh(letter)
    await message.reply(done)
