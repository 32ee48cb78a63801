"""Sign-up's typed answers: one handler per step (each gets its `Step` from StepMiddleware; aiogram
passes the message first). Every step takes typed text as well as its buttons; a bad answer says
what is expected and the step stays."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram.fsm.state import State
from aiogram.types import Message

from bot.features.signup.completion import confirm, finish
from bot.features.signup.contacts import accept, check_code, contact_confirmed, send_code
from bot.features.signup.states import SignUp
from bot.features.signup.step import Step
from bot.fsm.dialogues import StepHandler
from bot.pin import forget
from core.clock import Clock
from core.codes import Channel
from core.i18n import Catalogue
from core.people import (
    DocumentType,
    Invalid,
    normalize_email,
    normalize_phone,
    parse_birth_date,
    parse_document,
    parse_name,
)
from core.profile import Profiles, valid_pin
from core.signup import hash_pin, pin_matches
from core.typed import means_correct, means_none, means_yes, typed_document_type, typed_sex


async def on_consent_text(
    message: Message, step: Step, raw_state: str, catalogue: Catalogue
) -> None:
    terms = raw_state == SignUp.terms.state
    key = "signup-accept-terms" if terms else "signup-accept-personal-data"
    if catalogue.matches(key, message.text) or means_yes(message.text):
        await accept(step, terms=terms)
        return
    await step.say("signup-need-consent")
    await step.show(SignUp.terms if terms else SignUp.personal_data)


async def on_email(message: Message, step: Step) -> None:
    try:
        address = normalize_email(message.text or "")
    except Invalid:
        await step.refuse("signup-bad-email")
        return
    data = await step.data()
    data.email, data.email_confirmed = address, False
    await data.save(step.state)
    await send_code(step, Channel.EMAIL, address)


async def on_email_code(message: Message, step: Step) -> None:
    if "@" in (message.text or ""):  # a new address instead of the code
        await on_email(message, step)
    elif await check_code(step, Channel.EMAIL, message.text or ""):
        await contact_confirmed(step, Channel.EMAIL)


async def on_contact(message: Message, step: Step) -> None:
    contact, sender = message.contact, message.from_user
    assert contact is not None
    assert sender is not None
    if contact.user_id != sender.id:
        await step.refuse("signup-contact-foreign")
        return
    number = contact.phone_number
    try:
        phone = normalize_phone(number if number.startswith("+") else f"+{number}")
    except Invalid:
        await step.refuse("signup-bad-phone")
        return
    # Telegram has confirmed this number belongs to the sender: no SMS needed.
    data = await step.data()
    data.phone = phone
    await data.save(step.state)
    await contact_confirmed(step, Channel.SMS)


async def on_phone(message: Message, step: Step) -> None:
    try:
        phone = normalize_phone(message.text or "")
    except Invalid:
        await step.refuse("signup-bad-phone")
        return
    data = await step.data()
    data.phone, data.phone_confirmed = phone, False
    await data.save(step.state)
    await send_code(step, Channel.SMS, phone)


async def on_phone_code(message: Message, step: Step) -> None:
    if await check_code(step, Channel.SMS, message.text or ""):
        await contact_confirmed(step, Channel.SMS)


def name_step(field: str, current: State) -> Callable[..., Awaitable[None]]:
    """The last, first or middle name (`field` of the dialogue data)."""

    async def on_name(message: Message, step: Step, catalogue: Catalogue) -> None:
        typed = message.text
        if current == SignUp.middle_name and (
            catalogue.matches("signup-no-middle-name", typed) or means_none(typed)
        ):
            await no_middle_name(step)
            return
        try:
            name = parse_name(typed or "")
        except Invalid:
            await step.refuse("signup-bad-name")
            return
        data = await step.data()
        setattr(data, field, name)
        await data.save(step.state)
        await step.advance(current)

    return on_name


async def no_middle_name(step: Step) -> None:
    data = await step.data()
    data.middle_name = None
    await data.save(step.state)
    await step.advance(SignUp.middle_name)


async def on_birth_date(message: Message, step: Step, clock: Clock) -> None:
    today = clock.now().astimezone(step.settings.timezone).date()
    try:
        born = parse_birth_date(message.text or "", today)
    except Invalid as error:
        await step.refuse(f"signup-bad-{error.reason}")
        return
    data = await step.data()
    data.birth_date = born.isoformat()
    await data.save(step.state)
    await step.advance(SignUp.birth_date)


async def on_sex(message: Message, step: Step, catalogue: Catalogue) -> None:
    typed = message.text
    chosen = next((sex for sex in "mf" if catalogue.matches(f"signup-sex-{sex}", typed)), None)
    chosen = chosen or typed_sex(typed)
    if chosen is None:
        await step.say("signup-bad-sex")
        await step.show(SignUp.sex)
        return
    await choose_sex(step, chosen)


async def choose_sex(step: Step, sex: str) -> None:
    data = await step.data()
    data.sex = sex
    await data.save(step.state)
    await step.advance(SignUp.sex)


async def on_document_type(message: Message, step: Step, catalogue: Catalogue) -> None:
    typed = message.text
    chosen = next(
        (kind for kind in DocumentType if catalogue.matches(f"signup-doc-{kind}", typed)),
        typed_document_type(typed),
    )
    if chosen is None:
        await step.say("signup-bad-document-type")
        await step.show(SignUp.document_type)
        return
    await choose_document_type(step, chosen)


async def choose_document_type(step: Step, kind: DocumentType) -> None:
    data = await step.data()
    data.document_type = kind.value
    await data.save(step.state)
    await step.advance(SignUp.document_type)


async def on_document(message: Message, step: Step) -> None:
    data = await step.data()
    kind = DocumentType(data.document_type or "")
    try:
        document = parse_document(kind, message.text or "")
    except Invalid as error:
        await step.refuse(f"signup-bad-{error.reason}")
        return
    # Encrypted before it enters the dialogue state: never stored in clear, not even there.
    data.document = step.signup.seal_document(document)
    await data.save(step.state)
    await step.advance(SignUp.document)


async def on_summary_text(message: Message, step: Step, catalogue: Catalogue) -> None:
    if catalogue.matches("signup-all-correct", message.text) or means_correct(message.text):
        await confirm(step)
        return
    await step.say("signup-summary-hint")
    await step.show(SignUp.summary)


async def on_pin(message: Message, step: Step, catalogue: Catalogue) -> None:
    if catalogue.matches("signup-skip-pin", message.text):
        await finish(step)
        return
    await forget(message)
    pin = (message.text or "").strip()
    if not valid_pin(pin):
        await step.refuse("signup-bad-pin")
        return
    data = await step.data()
    data.pin_hash = await hash_pin(pin)
    await data.save(step.state)
    await step.go(SignUp.pin_repeat)


async def on_pin_repeat(message: Message, step: Step, profiles: Profiles) -> None:
    await forget(message)
    data = await step.data()
    first = data.pin_hash
    if not first or not await pin_matches(first, (message.text or "").strip()):
        await step.say("signup-pin-mismatch")
        data.pin_hash = None
        await data.save(step.state)
        await step.go(SignUp.pin)
        return
    profile = await step.signup.profile_of(step.user)
    assert profile is not None
    await profiles.adopt_pin_hash(profile, first)  # the profile's own way: audited
    await finish(step)


STEPS: dict[State, StepHandler] = {
    SignUp.terms: on_consent_text,
    SignUp.personal_data: on_consent_text,
    SignUp.email: on_email,
    SignUp.email_code: on_email_code,
    SignUp.phone: on_phone,
    SignUp.phone_code: on_phone_code,
    SignUp.last_name: name_step("last_name", SignUp.last_name),
    SignUp.first_name: name_step("first_name", SignUp.first_name),
    SignUp.middle_name: name_step("middle_name", SignUp.middle_name),
    SignUp.birth_date: on_birth_date,
    SignUp.sex: on_sex,
    SignUp.document_type: on_document_type,
    SignUp.document: on_document,
    SignUp.summary: on_summary_text,
    SignUp.pin: on_pin,
    SignUp.pin_repeat: on_pin_repeat,
}
