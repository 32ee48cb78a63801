"""Each sign-up step shown (again), and where each step leads.

A prompt is also the dialogue's way to show a step again (`Dialogue.prompts`, after /start's
«Продолжить»): it takes the same handler data, by name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup

from bot.features.signup import keyboards, views
from bot.features.signup.dialogue import SignupData
from bot.features.signup.states import SignUp
from core.i18n import Translator
from core.legal import PERSONAL_DATA, TERMS
from core.settings import Settings
from core.signup import Signup

Prompt = Callable[[Message, FSMContext, Translator, Signup, Settings], Awaitable[None]]


async def show_terms(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    version = signup.legal.current(TERMS).version
    await message.answer(_("signup-terms", version=version), reply_markup=keyboards.terms(_))


async def show_personal_data(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    version = signup.legal.current(PERSONAL_DATA).version
    await message.answer(
        _("signup-personal-data", version=version), reply_markup=keyboards.personal_data(_)
    )


async def show_email_code(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    data = await SignupData.load(state)
    await message.answer(
        views.email_sent(_, data, views.code_minutes(settings.code_ttl)),
        reply_markup=keyboards.code_sent(_, "signup-other-email"),
    )


async def ask_phone(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    await message.answer(_("signup-ask-phone"), reply_markup=keyboards.share_phone(_))


async def show_phone_code(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    data = await SignupData.load(state)
    await message.answer(
        views.sms_sent(_, data, views.code_minutes(settings.code_ttl)),
        reply_markup=keyboards.code_sent(_, "signup-other-phone"),
    )


def text_prompt(key: str) -> Prompt:
    async def prompt(
        message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
    ) -> None:
        await message.answer(_(key))

    return prompt


async def ask_middle_name(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    await message.answer(_("signup-ask-middle-name"), reply_markup=keyboards.no_middle_name(_))


async def ask_sex(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    await message.answer(_("signup-ask-sex"), reply_markup=keyboards.sexes(_))


async def ask_document_type(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    await message.answer(_("signup-ask-document-type"), reply_markup=keyboards.document_types(_))


async def ask_document(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    kind = (await SignupData.load(state)).document_type
    await message.answer(_(f"signup-ask-document-{kind}"))


async def show_summary(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    data = await SignupData.load(state)
    assert data.document is not None
    document = signup.open_document(data.document)
    await message.answer(views.summary(_, data, document), reply_markup=keyboards.summary(_))


async def ask_pin(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    await message.answer(_("signup-ask-pin"), reply_markup=keyboards.skip_pin(_))


PROMPTS: dict[State, Prompt] = {
    SignUp.terms: show_terms,
    SignUp.personal_data: show_personal_data,
    SignUp.email: text_prompt("signup-ask-email"),
    SignUp.email_code: show_email_code,
    SignUp.phone: ask_phone,
    SignUp.phone_code: show_phone_code,
    SignUp.last_name: text_prompt("signup-ask-last-name"),
    SignUp.first_name: text_prompt("signup-ask-first-name"),
    SignUp.middle_name: ask_middle_name,
    SignUp.birth_date: text_prompt("signup-ask-birth-date"),
    SignUp.sex: ask_sex,
    SignUp.document_type: ask_document_type,
    SignUp.document: ask_document,
    SignUp.summary: show_summary,
    SignUp.pin: ask_pin,
    SignUp.pin_repeat: text_prompt("signup-repeat-pin"),
}
# The buttons each step shows, by the step's stored name: an answer the step refuses is said
# under them again (`Step.refuse`), so what answers it stays one tap away.
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup
KEYBOARDS: dict[str | None, Callable[[Translator], Markup]] = {
    SignUp.terms.state: keyboards.terms,
    SignUp.personal_data.state: keyboards.personal_data,
    SignUp.email_code.state: lambda _: keyboards.code_sent(_, "signup-other-email"),
    SignUp.phone.state: keyboards.share_phone,
    SignUp.phone_code.state: lambda _: keyboards.code_sent(_, "signup-other-phone"),
    SignUp.middle_name.state: keyboards.no_middle_name,
    SignUp.sex.state: keyboards.sexes,
    SignUp.document_type.state: keyboards.document_types,
    SignUp.summary.state: keyboards.summary,
    SignUp.pin.state: keyboards.skip_pin,
}
# Where each step leads; a fix from the summary goes back to the summary instead.
NEXT: dict[State, State] = {
    SignUp.terms: SignUp.personal_data,
    SignUp.personal_data: SignUp.email,
    SignUp.email: SignUp.email_code,
    SignUp.email_code: SignUp.phone,
    SignUp.phone: SignUp.last_name,
    SignUp.phone_code: SignUp.last_name,
    SignUp.last_name: SignUp.first_name,
    SignUp.first_name: SignUp.middle_name,
    SignUp.middle_name: SignUp.birth_date,
    SignUp.birth_date: SignUp.sex,
    SignUp.sex: SignUp.document_type,
    SignUp.document_type: SignUp.document,
    SignUp.document: SignUp.summary,
}
# The step that asks each of core.signup.EDITABLE_FIELDS (a fix from the summary, or an edit).
FIELD_STEPS: dict[str, State] = {
    "email": SignUp.email,
    "phone": SignUp.phone,
    "last-name": SignUp.last_name,
    "first-name": SignUp.first_name,
    "middle-name": SignUp.middle_name,
    "birth-date": SignUp.birth_date,
    "sex": SignUp.sex,
    "document": SignUp.document_type,
}
