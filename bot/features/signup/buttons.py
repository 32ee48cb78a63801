"""Sign-up's buttons: one handler per action. Each counts only in the step it belongs to
(`feature()` registers it with that step's state); a button from another step (an old message)
or a forged one reaches `stale`."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.common.entries import RECOVERY_CONFIRMED_CONTACT, Entries
from bot.common.intents import Intents
from bot.common.keyboards import drop_buttons
from bot.features.signup import views
from bot.features.signup.callbacks import DOCUMENT_TYPES, SEXES, SignupAction, fixed_field
from bot.features.signup.completion import confirm, finish
from bot.features.signup.contacts import ADDRESS_STEPS, accept, channel_of, send_code
from bot.features.signup.prompts import FIELD_STEPS
from bot.features.signup.states import SignUp
from bot.features.signup.step import Step
from bot.features.signup.steps import choose_document_type, choose_sex, no_middle_name
from core.codes import Channel
from core.i18n import Translator
from core.legal import PERSONAL_DATA, TERMS
from core.notifications import Intent
from core.recovery import Recoveries


async def under_message(callback: CallbackQuery) -> bool:
    """A filter: the button's message is there to answer under (Telegram may withhold it)."""
    return isinstance(callback.message, Message)


async def recovery_button(callback: CallbackQuery, intents: Intents) -> bool:
    """A filter: recovery's «Восстановить доступ», which sign-up shows when a contact is taken."""
    return callback.data == intents.pack(Intent.RECOVER)


async def took(callback: CallbackQuery, step: Step) -> None:
    """The press answered, and the buttons taken off its message (they did their job)."""
    await callback.answer()
    await drop_buttons(step.message)


async def read(step: Step, *, terms: bool) -> None:
    document = step.signup.legal.current(TERMS if terms else PERSONAL_DATA)
    for page in views.pages(document.text(step._.locale)):
        await step.message.answer(page, parse_mode=None)
    await step.show(SignUp.terms if terms else SignUp.personal_data)


async def read_terms(callback: CallbackQuery, step: Step) -> None:
    await callback.answer()
    await read(step, terms=True)


async def read_personal_data(callback: CallbackQuery, step: Step) -> None:
    await callback.answer()
    await read(step, terms=False)


async def accept_terms(callback: CallbackQuery, step: Step) -> None:
    await took(callback, step)
    await accept(step, terms=True)


async def accept_personal_data(callback: CallbackQuery, step: Step) -> None:
    await took(callback, step)
    await accept(step, terms=False)


async def resend(callback: CallbackQuery, step: Step, raw_state: str) -> None:
    await callback.answer()  # its buttons stay: a resend may be refused ("wait 40 s")
    channel = channel_of(raw_state)
    data = await step.data()
    address = data.email if channel is Channel.EMAIL else data.phone
    if address:
        await send_code(step, channel, address)
    else:
        await step.go(ADDRESS_STEPS[channel])


async def other_address(callback: CallbackQuery, step: Step, raw_state: str) -> None:
    await took(callback, step)
    await step.go(ADDRESS_STEPS[channel_of(raw_state)])


async def no_middle(callback: CallbackQuery, step: Step) -> None:
    await took(callback, step)
    await no_middle_name(step)


async def sex(callback: CallbackQuery, callback_data: SignupAction, step: Step) -> None:
    await took(callback, step)
    await choose_sex(step, SEXES[callback_data.action])


async def document_type(callback: CallbackQuery, callback_data: SignupAction, step: Step) -> None:
    await took(callback, step)
    await choose_document_type(step, DOCUMENT_TYPES[callback_data.action])


async def fix(callback: CallbackQuery, callback_data: SignupAction, step: Step) -> None:
    """«✏️ …» on the summary: that field's step, then back to the summary."""
    await took(callback, step)
    data = await step.data()
    data.fixing = True
    await data.save(step.state)
    await step.go(FIELD_STEPS[fixed_field(callback_data.action)])


async def all_correct(callback: CallbackQuery, step: Step) -> None:
    await took(callback, step)
    await confirm(step)


async def skip_pin(callback: CallbackQuery, step: Step) -> None:
    await took(callback, step)
    await finish(step)


async def recover(
    callback: CallbackQuery, step: Step, entries: Entries, recoveries: Recoveries
) -> None:
    """«Восстановить доступ» under «this address is an account's»: recovery begins, and the
    contact whose code was typed in this dialogue counts as its first proof. Only sign-up knows
    that it was, so sign-up hands it over (anywhere else recovery says the button is stale)."""
    taken = (await step.data()).taken
    if not taken:
        await callback.answer(step._("button-stale"), show_alert=True)
        return
    await callback.answer()
    await entries.begin(
        RECOVERY_CONFIRMED_CONTACT,
        step.message,
        state=step.state,
        _=step._,
        user=step.user,
        signup=step.signup,
        recoveries=recoveries,
        settings=step.settings,
        menu=step.menu,
        contact=taken,
    )


async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)
