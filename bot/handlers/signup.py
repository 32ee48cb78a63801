"""Sign-up (flow 1): consents → e-mail and its code → phone (own contact, or typed and an SMS
code) → names → birth date → sex → document → summary with fixes → optional PIN → the menu.

Every step takes typed text as well as its buttons; a bad answer says what is expected and the
step stays. Passport data is encrypted before it enters the dialogue state.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram import BaseMiddleware, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
)

from bot.codes import too_many
from bot.common.entries import POLICY_NOT_LINKED, Entries
from bot.common.keyboards import drop_buttons, inline
from bot.common.screens import show_main_menu
from bot.features import Feature, Menu, MenuSection
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from bot.fsm.recovery import RecoverAction
from bot.fsm.signup import SignUp, SignupAction
from bot.middlewares import NextHandler
from bot.pin import forget
from core.clock import Clock
from core.codes import (
    Channel,
    CodeExpired,
    CodeLocked,
    NoCode,
    TooMany,
    TooSoon,
    WrongCode,
)
from core.gateways import DeliveryFailed
from core.i18n import Catalogue, Translator
from core.identity import Identity
from core.invitations import PREFIX as INVITATION
from core.invitations import InvalidInvitation, Invitations
from core.legal import PERSONAL_DATA, TERMS
from core.masking import mask_email
from core.notifications import Intent
from core.people import (
    DocumentType,
    Invalid,
    normalize_email,
    normalize_phone,
    parse_birth_date,
    parse_document,
    parse_name,
)
from core.policies import LinkOutcome, Policies
from core.profile import Profiles, valid_pin
from core.settings import Settings
from core.signup import AlreadyRegistered, PersonData, Signup, hash_pin, pin_matches
from storage.models import User

SECTION = MenuSection("menu-signup", "help-section-signup", order=10, audience="guests")
EMAIL, PHONE = "signup-email", "signup-phone"  # code purposes


def button(_: Translator, key: str, action: str) -> tuple[str, str]:
    return _(key), SignupAction(action=action).pack()


Prompt = Callable[[Message, FSMContext, Translator, Signup, Settings], Awaitable[None]]


# -- prompts: each shows its step (again) ---------------------------------------------------


async def show_terms(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    version = signup.legal.current(TERMS).version
    keyboard = inline(
        [
            [button(_, "signup-read-terms", "read-terms")],
            [button(_, "signup-accept-terms", "accept-terms")],
        ]
    )
    await message.answer(_("signup-terms", version=version), reply_markup=keyboard)


async def show_personal_data(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    version = signup.legal.current(PERSONAL_DATA).version
    keyboard = inline(
        [
            [button(_, "signup-read-personal-data", "read-pd")],
            [button(_, "signup-accept-personal-data", "accept-pd")],
        ]
    )
    await message.answer(_("signup-personal-data", version=version), reply_markup=keyboard)


async def ask_email(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    await message.answer(_("signup-ask-email"))


async def show_email_code(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    data = await state.get_data()
    address = data["email"]
    if address == data.get("invite_email"):
        # The roster's address, not typed here: a forwarded link must not show it whole.
        address = mask_email(address)
    await message.answer(
        _("signup-email-sent", address=address, minutes=minutes(settings)),
        reply_markup=code_buttons(_, "signup-other-email"),
    )


async def ask_phone(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    share = KeyboardButton(text=_("signup-share-phone"), request_contact=True)
    keyboard = ReplyKeyboardMarkup(keyboard=[[share]], resize_keyboard=True, one_time_keyboard=True)
    await message.answer(_("signup-ask-phone"), reply_markup=keyboard)


async def show_phone_code(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    address = (await state.get_data())["phone"]
    await message.answer(
        _("signup-sms-sent", address=address, minutes=minutes(settings)),
        reply_markup=code_buttons(_, "signup-other-phone"),
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
    keyboard = inline([[button(_, "signup-no-middle-name", "no-middle")]])
    await message.answer(_("signup-ask-middle-name"), reply_markup=keyboard)


async def ask_sex(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    keyboard = inline([[button(_, "signup-sex-m", "sex-m"), button(_, "signup-sex-f", "sex-f")]])
    await message.answer(_("signup-ask-sex"), reply_markup=keyboard)


async def ask_document_type(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    keyboard = inline([[button(_, f"signup-doc-{kind}", f"doc-{kind}")] for kind in DocumentType])
    await message.answer(_("signup-ask-document-type"), reply_markup=keyboard)


async def ask_document(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    kind = (await state.get_data())["document_type"]
    await message.answer(_(f"signup-ask-document-{kind}"))


FIELDS = (
    "email",
    "phone",
    "last-name",
    "first-name",
    "middle-name",
    "birth-date",
    "sex",
    "document",
)
FIELD_STEPS = {
    "email": SignUp.email,
    "phone": SignUp.phone,
    "last-name": SignUp.last_name,
    "first-name": SignUp.first_name,
    "middle-name": SignUp.middle_name,
    "birth-date": SignUp.birth_date,
    "sex": SignUp.sex,
    "document": SignUp.document_type,
}


async def show_summary(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    data = await state.get_data()
    document = signup.open_document(data["document"])
    text = _(
        "signup-summary",
        email=data["email"],
        phone=data["phone"],
        last_name=data["last_name"],
        first_name=data["first_name"],
        middle_name=data.get("middle_name") or _("signup-no-middle-name-shown"),
        birth_date=date.fromisoformat(data["birth_date"]).strftime("%d.%m.%Y"),
        sex=_(f"signup-sex-{data['sex']}"),
        document_type=_(f"signup-doc-{document.type}"),
        document=document.masked(),  # the owner just typed it; the screen need not repeat it
    )
    fixes = [button(_, f"signup-fix-{field}", f"fix-{field}") for field in FIELDS]
    rows = [[button(_, "signup-all-correct", "confirm")]]
    rows += [fixes[i : i + 2] for i in range(0, len(fixes), 2)]
    await message.answer(text, reply_markup=inline(rows))


async def ask_pin(
    message: Message, state: FSMContext, _: Translator, signup: Signup, settings: Settings
) -> None:
    await message.answer(
        _("signup-ask-pin"), reply_markup=inline([[button(_, "signup-skip-pin", "skip-pin")]])
    )


PROMPTS: dict[State, Prompt] = {
    SignUp.terms: show_terms,
    SignUp.personal_data: show_personal_data,
    SignUp.email: ask_email,
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


def minutes(settings: Settings) -> int:
    return max(1, int(settings.code_ttl.total_seconds() // 60))


def code_buttons(_: Translator, other_key: str) -> InlineKeyboardMarkup:
    return inline([[button(_, "signup-resend", "resend")], [button(_, other_key, "other-address")]])


class Step:
    """What every step handler needs, bundled: the message to answer and the services."""

    def __init__(
        self,
        message: Message,
        state: FSMContext,
        _: Translator,
        signup: Signup,
        settings: Settings,
        user: User,
        menu: Menu,
        invitations: Invitations | None = None,
        policies: Policies | None = None,
    ) -> None:
        self.message = message
        self.state = state
        self._ = _
        self.signup = signup
        self.settings = settings
        self.user = user
        self.menu = menu
        # For sign-up from an invitation: the roster's policy is linked right after.
        self.invitations = invitations
        self.policies = policies

    async def show(self, step: State) -> None:
        await PROMPTS[step](self.message, self.state, self._, self.signup, self.settings)

    async def go(self, step: State) -> None:
        await self.state.set_state(step)
        await self.show(step)

    async def advance(self, current: State) -> None:
        """On to the next step; after a fix from the summary, back to the summary; after an
        edit from the profile, the profile is saved."""
        data = await self.state.get_data()
        if not data.get("fixing") or current == SignUp.document_type:  # a type needs its number
            await self.go(NEXT[current])
        elif data.get("editing"):
            await self.save_edit(data)
        else:
            await self.state.update_data(fixing=False)
            await self.go(SignUp.summary)

    async def save_edit(self, data: dict[str, Any]) -> None:
        try:
            await self.signup.update_profile(self.user, person_from(data, self.signup))
        except AlreadyRegistered:
            await self.say("signup-account-exists", phone=self.settings.hotline_phone)
        else:
            # With the menu: an edited phone may have replaced it with «Поделиться номером».
            await show_main_menu(self.message, self._, self.menu, self._("profile-saved"))
        await self.state.clear()

    async def say(self, key: str, **params: object) -> None:
        await self.message.answer(self._(key, **params))


class StepMiddleware(BaseMiddleware):
    """Hands each sign-up message handler its `Step`, built from the handler data (handlers still
    take the message first: aiogram passes it positionally)."""

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        if isinstance(event, Message):
            data["step"] = Step(
                event,
                data["state"],
                data["_"],
                data["signup"],
                data["settings"],
                data["user"],
                data["menu"],
                data.get("invitations"),
                data.get("policies"),
            )
        return await handler(event, data)


# -- entering ---------------------------------------------------------------------------------


async def begin(
    message: Message,
    state: FSMContext,
    _: Translator,
    signup: Signup,
    settings: Settings,
    member: bool,
    menu: Menu,
    user: User,
) -> None:
    """Sign-up from its first step, or from where it stopped: nothing entered is lost."""
    if member:
        await show_main_menu(message, _, menu, _("signup-already"))
        return
    current = await state.get_state()
    prompt = next((p for s, p in PROMPTS.items() if s.state == current), None)
    if prompt is not None:
        await prompt(message, state, _, signup, settings)
        return
    await state.set_data({})
    await Step(message, state, _, signup, settings, user, menu).go(SignUp.terms)


async def go_on(
    callback: CallbackQuery,
    state: FSMContext,
    _: Translator,
    signup: Signup,
    settings: Settings,
    member: bool,
    menu: Menu,
    user: User,
) -> None:
    """«Продолжить регистрацию» from a section that needs it: the current step, or the first."""
    await callback.answer()
    if isinstance(callback.message, Message):
        await begin(callback.message, state, _, signup, settings, member, menu, user)


async def follow_invitation(
    message: Message,
    payload: str,
    state: FSMContext,
    _: Translator,
    signup: Signup,
    settings: Settings,
    member: bool,
    menu: Menu,
    user: User,
    invitations: Invitations,
    policies: Policies,
    identity: Identity,
    entries: Entries,
) -> None:
    """`/start inv_<token>` from an invitation mail."""
    try:
        invitation = await invitations.open(payload)
    except InvalidInvitation as error:
        await message.answer(_(f"invite-invalid-{error.reason}"))
        await begin(message, state, _, signup, settings, member, menu, user)
        return
    profile = await signup.profile_of(user)
    if profile is not None and profile.frozen_at is None:  # signed up already: link it now
        policy = await invitations.use(invitation.id)
        assert policy is not None
        result = await policies.link_proven(profile, policy)  # the link proves its e-mail
        key = {
            LinkOutcome.LINKED: "policies-linked",
            LinkOutcome.ALREADY_YOURS: "policies-already",
        }.get(result.outcome)
        if key is not None:
            await show_main_menu(message, _, menu, _(key, number=policy.number))
        else:
            await entries.begin(
                POLICY_NOT_LINKED,
                message,
                state=state,
                _=_,
                result=result,
                settings=settings,
                identity=identity,
                profile=profile,
                entries=entries,
            )
        return
    await message.answer(_("invite-welcome"))
    await state.set_state(None)
    await state.set_data({"invite": invitation.id, "invite_email": invitation.email})
    step = Step(message, state, _, signup, settings, user, menu, invitations, policies)
    await step.go(SignUp.terms)


# -- sending and checking codes --------------------------------------------------------------


async def send_code(step: Step, user: User, channel: Channel, address: str) -> None:
    """Send a code to `address` and show the code step, or say why it did not go."""
    _ = step._
    try:
        await step.signup.send_code(user, channel, address, _)
    except TooSoon as error:
        await step.message.answer(_("signup-resend-wait", seconds=error.seconds))
        return
    except TooMany as error:
        await step.message.answer(too_many(_, error, step.settings.hotline_phone))
        return
    except DeliveryFailed:
        other = "signup-other-email" if channel is Channel.EMAIL else "signup-other-phone"
        failed = "signup-mail-failed" if channel is Channel.EMAIL else "signup-sms-failed"
        await step.message.answer(_(failed), reply_markup=code_buttons(_, other))
        return
    code_step = SignUp.email_code if channel is Channel.EMAIL else SignUp.phone_code
    await step.state.set_state(code_step)
    await PROMPTS[code_step](step.message, step.state, _, step.signup, step.settings)


async def check_code(step: Step, user: User, channel: Channel, typed: str) -> bool:
    """True when `typed` is the code; otherwise the person has been told what is wrong."""
    key, purpose = ("email", EMAIL) if channel is Channel.EMAIL else ("phone", PHONE)
    address = (await step.state.get_data())[key]
    digits = "".join(typed.split())
    if not (digits.isdigit() and len(digits) == 6):
        await step.say("signup-code-format")
        return False
    try:
        await step.signup.codes.verify(user.id, purpose, address, digits)
    except WrongCode as error:
        await step.say("signup-code-wrong", left=error.tries_left)
    except CodeLocked:
        await step.say("signup-code-locked")
    except CodeExpired:
        await step.say("signup-code-expired")
    except NoCode:
        await step.say("signup-code-missing")
    else:
        return True
    return False


async def contact_confirmed(step: Step, channel: Channel) -> None:
    """The address is confirmed: on to the next step, unless an account already has it (only
    now may the bot say so: before, anyone could probe which addresses are registered)."""
    key = "email" if channel is Channel.EMAIL else "phone"
    address = (await step.state.get_data())[key]
    taken = (  # by someone else: one's own address, re-entered in an edit, is no news
        await step.signup.email_taken(address, step.user)
        if channel is Channel.EMAIL
        else await step.signup.phone_taken(address, step.user)
    )
    if taken:
        # Proven just now: «Восстановить доступ» may count this code as the first proof.
        await step.go(SignUp.email if channel is Channel.EMAIL else SignUp.phone)
        await step.state.update_data(taken=[channel.value, address])
        other = "signup-other-email" if channel is Channel.EMAIL else "signup-other-phone"
        rows = [
            [(step._("recovery-start"), RecoverAction(action="start").pack())],
            [button(step._, other, "other-address")],
        ]
        await step.message.answer(
            step._("signup-taken-recover", what=step._(f"signup-what-{key}")),
            reply_markup=inline(rows),
        )
        return
    await step.state.update_data({f"{key}_confirmed": True})
    # The «Поделиться номером» keyboard has done its job (the menu returns at the end).
    keyboard = ReplyKeyboardRemove() if channel is Channel.SMS else None
    await step.message.answer(
        step._(f"signup-{key}-confirmed", address=address), reply_markup=keyboard
    )
    await step.advance(SignUp.email_code if channel is Channel.EMAIL else SignUp.phone)


# -- typed answers (each gets its `Step` from StepMiddleware) ---------------------------------


async def on_consent_text(
    message: Message, step: Step, raw_state: str, user: User, catalogue: Catalogue
) -> None:
    terms = raw_state == SignUp.terms.state
    key = "signup-accept-terms" if terms else "signup-accept-personal-data"
    if catalogue.matches(key, step.message.text):
        await accept(step, user, terms=terms)
        return
    await step.say("signup-need-consent")
    await step.show(SignUp.terms if terms else SignUp.personal_data)


async def accept(step: Step, user: User, *, terms: bool) -> None:
    await step.signup.accept(user, TERMS if terms else PERSONAL_DATA)
    invited = (await step.state.get_data()).get("invite_email")
    if not terms and invited:
        # From an invitation: the roster's address, still confirmed by a code ("Другой адрес"
        # is one press away).
        await step.state.update_data(email=invited, email_confirmed=False)
        await send_code(step, user, Channel.EMAIL, invited)
        return
    await step.advance(SignUp.terms if terms else SignUp.personal_data)


async def on_email(message: Message, step: Step, user: User) -> None:
    try:
        address = normalize_email(step.message.text or "")
    except Invalid:
        await step.say("signup-bad-email")
        return
    await step.state.update_data(email=address, email_confirmed=False)
    await send_code(step, user, Channel.EMAIL, address)


async def on_email_code(message: Message, step: Step, user: User) -> None:
    if "@" in (step.message.text or ""):  # a new address instead of the code
        await on_email(message, step, user)
    elif await check_code(step, user, Channel.EMAIL, step.message.text or ""):
        await contact_confirmed(step, Channel.EMAIL)


async def on_contact(message: Message, step: Step) -> None:
    contact, sender = step.message.contact, step.message.from_user
    assert contact is not None
    assert sender is not None
    if contact.user_id != sender.id:
        await step.say("signup-contact-foreign")
        return
    number = contact.phone_number
    try:
        phone = normalize_phone(number if number.startswith("+") else f"+{number}")
    except Invalid:
        await step.say("signup-bad-phone")
        return
    # Telegram has confirmed this number belongs to the sender: no SMS needed.
    await step.state.update_data(phone=phone)
    await contact_confirmed(step, Channel.SMS)


async def on_phone(message: Message, step: Step, user: User) -> None:
    try:
        phone = normalize_phone(step.message.text or "")
    except Invalid:
        await step.say("signup-bad-phone")
        return
    await step.state.update_data(phone=phone, phone_confirmed=False)
    await send_code(step, user, Channel.SMS, phone)


async def on_phone_code(message: Message, step: Step, user: User) -> None:
    if await check_code(step, user, Channel.SMS, step.message.text or ""):
        await contact_confirmed(step, Channel.SMS)


def name_step(field: str, current: State) -> Callable[..., Awaitable[None]]:
    async def on_name(message: Message, step: Step, catalogue: Catalogue) -> None:
        typed = step.message.text
        if current == SignUp.middle_name and catalogue.matches("signup-no-middle-name", typed):
            await step.state.update_data(middle_name=None)
            await step.advance(current)
            return
        try:
            name = parse_name(typed or "")
        except Invalid:
            await step.say("signup-bad-name")
            return
        await step.state.update_data({field: name})
        await step.advance(current)

    return on_name


async def on_birth_date(message: Message, step: Step, clock: Clock) -> None:
    today = clock.now().astimezone(step.settings.timezone).date()
    try:
        born = parse_birth_date(step.message.text or "", today)
    except Invalid as error:
        await step.say(f"signup-bad-{error.reason}")
        return
    await step.state.update_data(birth_date=born.isoformat())
    await step.advance(SignUp.birth_date)


async def on_sex(message: Message, step: Step, catalogue: Catalogue) -> None:
    typed = step.message.text
    chosen = next((sex for sex in "mf" if catalogue.matches(f"signup-sex-{sex}", typed)), None)
    if chosen is None:
        await step.say("signup-bad-sex")
        await step.show(SignUp.sex)
        return
    await choose_sex(step, chosen)


async def choose_sex(step: Step, sex: str) -> None:
    await step.state.update_data(sex=sex)
    await step.advance(SignUp.sex)


async def on_document_type(message: Message, step: Step, catalogue: Catalogue) -> None:
    typed = step.message.text
    chosen = next(
        (kind for kind in DocumentType if catalogue.matches(f"signup-doc-{kind}", typed)), None
    )
    if chosen is None:
        await step.say("signup-bad-document-type")
        await step.show(SignUp.document_type)
        return
    await choose_document_type(step, chosen)


async def choose_document_type(step: Step, kind: DocumentType) -> None:
    await step.state.update_data(document_type=kind.value)
    await step.advance(SignUp.document_type)


async def on_document(message: Message, step: Step) -> None:
    kind = DocumentType((await step.state.get_data())["document_type"])
    try:
        document = parse_document(kind, step.message.text or "")
    except Invalid as error:
        await step.say(f"signup-bad-{error.reason}")
        return
    # Encrypted before it enters the dialogue state: never stored in clear, not even there.
    await step.state.update_data(document=step.signup.seal_document(document))
    await step.advance(SignUp.document)


async def on_summary_text(
    message: Message, step: Step, user: User, catalogue: Catalogue, menu: Menu
) -> None:
    if catalogue.matches("signup-all-correct", step.message.text):
        await confirm(step, user, menu)
        return
    await step.say("signup-summary-hint")
    await step.show(SignUp.summary)


def person_from(data: dict[str, Any], signup: Signup) -> PersonData:
    return PersonData(
        email=data["email"],
        phone=data["phone"],
        last_name=data["last_name"],
        first_name=data["first_name"],
        middle_name=data.get("middle_name"),
        birth_date=date.fromisoformat(data["birth_date"]),
        sex=data["sex"],
        document=signup.open_document(data["document"]),
    )


async def confirm(step: Step, user: User, menu: Menu) -> None:
    data = await step.state.get_data()
    person = person_from(data, step.signup)
    try:
        profile = await step.signup.complete(user, person)
    except AlreadyRegistered as error:
        if error.field == "account":
            await step.state.clear()
            await show_main_menu(
                step.message, step._, menu.for_person(True), step._("signup-already")
            )
            return
        await step.say("signup-account-exists", phone=step.settings.hotline_phone)
        await step.go(SignUp.summary)
        return
    # The profile holds it all now: the dialogue keeps only the first name, for the greeting.
    await step.state.set_data({"first_name": person.first_name})
    if data.get("invite") and step.invitations is not None and step.policies is not None:
        policy = await step.invitations.use(data["invite"])
        if policy is not None:
            result = await step.policies.link_proven(profile, policy)
            if result.outcome is LinkOutcome.LINKED:
                await step.say("policies-linked", number=policy.number)
    await step.go(SignUp.pin)


async def finish(step: Step, menu: Menu) -> None:
    name = (await step.state.get_data()).get("first_name", "")
    await step.state.clear()
    await show_main_menu(
        step.message, step._, menu.for_person(True), step._("signup-done", name=name)
    )


async def on_pin(message: Message, step: Step, catalogue: Catalogue, menu: Menu) -> None:
    if catalogue.matches("signup-skip-pin", step.message.text):
        await finish(step, menu)
        return
    await forget(step.message)
    pin = (step.message.text or "").strip()
    if not valid_pin(pin):
        await step.say("signup-bad-pin")
        return
    await step.state.update_data(pin_hash=await hash_pin(pin))
    await step.go(SignUp.pin_repeat)


async def on_pin_repeat(
    message: Message, step: Step, user: User, menu: Menu, profiles: Profiles
) -> None:
    await forget(step.message)
    first = (await step.state.get_data()).get("pin_hash")
    if not first or not await pin_matches(first, (step.message.text or "").strip()):
        await step.say("signup-pin-mismatch")
        await step.state.update_data(pin_hash=None)
        await step.go(SignUp.pin)
        return
    profile = await step.signup.profile_of(user)
    assert profile is not None
    await profiles.adopt_pin_hash(profile, first)  # the profile's own way: audited
    await finish(step, menu)


# -- buttons ----------------------------------------------------------------------------------

# The step each button belongs to: a button from another step (an old message) is stale.
ACTION_STEPS: dict[str, tuple[State, ...]] = {
    "read-terms": (SignUp.terms,),
    "accept-terms": (SignUp.terms,),
    "read-pd": (SignUp.personal_data,),
    "accept-pd": (SignUp.personal_data,),
    "resend": (SignUp.email_code, SignUp.phone_code, SignUp.email, SignUp.phone),
    "other-address": (SignUp.email_code, SignUp.phone_code, SignUp.email, SignUp.phone),
    "no-middle": (SignUp.middle_name,),
    "sex-m": (SignUp.sex,),
    "sex-f": (SignUp.sex,),
    **{f"doc-{kind}": (SignUp.document_type,) for kind in DocumentType},
    **{f"fix-{field}": (SignUp.summary,) for field in FIELDS},
    "confirm": (SignUp.summary,),
    "skip-pin": (SignUp.pin, SignUp.pin_repeat),
}


async def pressed(
    callback: CallbackQuery,
    callback_data: SignupAction,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    signup: Signup,
    settings: Settings,
    user: User,
    menu: Menu,
    invitations: Invitations,
    policies: Policies,
) -> None:
    action = callback_data.action
    steps = ACTION_STEPS.get(action, ())
    if not isinstance(callback.message, Message) or raw_state not in {s.state for s in steps}:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    message = callback.message
    step = Step(message, state, _, signup, settings, user, menu, invitations, policies)
    data = await state.get_data()
    if action in {"read-terms", "read-pd"}:
        document = signup.legal.current(TERMS if action == "read-terms" else PERSONAL_DATA)
        text = document.text(_.locale)
        for start in range(0, len(text), 4000):
            await message.answer(text[start : start + 4000], parse_mode=None)
        await PROMPTS[SignUp.terms if action == "read-terms" else SignUp.personal_data](
            message, state, _, signup, settings
        )
        return
    if action != "resend":  # a resend may be refused ("wait 40 s"): its buttons stay
        await drop_buttons(message)
    if action in {"accept-terms", "accept-pd"}:
        await accept(step, user, terms=action == "accept-terms")
    elif action == "resend":
        email = raw_state in {SignUp.email_code.state, SignUp.email.state}
        channel, key = (Channel.EMAIL, "email") if email else (Channel.SMS, "phone")
        if data.get(key):
            await send_code(step, user, channel, data[key])
        else:
            await step.go(SignUp.email if email else SignUp.phone)
    elif action == "other-address":
        email = raw_state in {SignUp.email_code.state, SignUp.email.state}
        await step.go(SignUp.email if email else SignUp.phone)
    elif action == "no-middle":
        await state.update_data(middle_name=None)
        await step.advance(SignUp.middle_name)
    elif action.startswith("sex-"):
        await choose_sex(step, action.removeprefix("sex-"))
    elif action.startswith("doc-"):
        await choose_document_type(step, DocumentType(action.removeprefix("doc-")))
    elif action.startswith("fix-"):
        await state.update_data(fixing=True)
        await step.go(FIELD_STEPS[action.removeprefix("fix-")])
    elif action == "confirm":
        await confirm(step, user, menu)
    elif action == "skip-pin":
        await finish(step, menu)


def feature() -> Feature:
    router = Router(name="signup")
    private_only(router)
    router.message.middleware(StepMiddleware())
    router.message.register(begin, Command("signup"))
    # The menu button works in any state: mid-sign-up it shows the current step again.
    router.message.register(begin, ButtonText(SECTION.key))
    router.callback_query.register(go_on, SignupAction.filter(F.action == "go"))
    router.callback_query.register(pressed, SignupAction.filter())
    text = F.text & ~F.text.startswith("/")
    steps: list[tuple[State, Callable[..., Awaitable[None]]]] = [
        (SignUp.terms, on_consent_text),
        (SignUp.personal_data, on_consent_text),
        (SignUp.email, on_email),
        (SignUp.email_code, on_email_code),
        (SignUp.phone, on_phone),
        (SignUp.phone_code, on_phone_code),
        (SignUp.last_name, name_step("last_name", SignUp.last_name)),
        (SignUp.first_name, name_step("first_name", SignUp.first_name)),
        (SignUp.middle_name, name_step("middle_name", SignUp.middle_name)),
        (SignUp.birth_date, on_birth_date),
        (SignUp.sex, on_sex),
        (SignUp.document_type, on_document_type),
        (SignUp.document, on_document),
        (SignUp.summary, on_summary_text),
        (SignUp.pin, on_pin),
        (SignUp.pin_repeat, on_pin_repeat),
    ]
    router.message.register(on_contact, StateFilter(SignUp.phone, SignUp.phone_code), F.contact)
    for state, handler in steps:
        router.message.register(handler, StateFilter(state), text)
    dialogue = Dialogue(
        states=SignUp,
        title_key="signup-title",
        begin=begin,
        prompts=PROMPTS,
        # «Восстановить доступ» is offered when the e-mail or phone is someone's already.
        buttons=frozenset({SignupAction.__prefix__, RecoverAction.__prefix__}),
        needs_profile=False,
    )
    return Feature(
        name="signup",
        intents={Intent.SIGN_UP: lambda ref: SignupAction(action="go").pack()},
        router=router,
        menu=[SECTION],
        dialogues=[dialogue],
        deep_links={INVITATION: follow_invitation},
    )
