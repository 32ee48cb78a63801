"""«👤 Профиль»: the person's own data (document masked; in full after the PIN, audited), the PIN,
the time zone, and their rights: a copy of all their data, and erasure (withdrawing consent).

With a PIN set, the full document, the export (it holds the document's number), erasure and a new
e-mail or phone ask it first (bot/pin.py), in one PIN step that remembers which of them follows.
"""

from __future__ import annotations

import json
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.common.intents import Intents
from bot.common.keyboards import drop_buttons, inline
from bot.common.screens import offer_signup, show_main_menu
from bot.features import Feature, Menu, MenuSection
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from bot.fsm.profile import ProfileAction, ProfileSteps
from bot.handlers.language import ask_language
from bot.handlers.signup import FIELD_STEPS, FIELDS, PROMPTS
from bot.pin import forget, guard, passed
from core.data_rights import DataRights, render_html
from core.i18n import Catalogue, Translator
from core.profile import Profiles, UnknownZone, parse_zone, valid_pin
from core.settings import Settings
from core.signup import Signup, hash_pin, pin_matches
from storage.models import Profile, User

SECTION = MenuSection("menu-profile", "help-section-profile", order=800, audience="members")
# Russia's zones, west to east: the buttons; any IANA name may be typed.
ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)


def action(_: Translator, key: str, name: str, value: str = "") -> tuple[str, str]:
    return _(key), ProfileAction(action=name, value=value).pack()


async def show_profile(
    message: Message,
    _: Translator,
    intents: Intents,
    user: User,
    profiles: Profiles,
    settings: Settings,
) -> None:
    profile = await profiles.of(user)
    if profile is None:
        await offer_signup(message, _, intents)
        return
    document = profiles.document(profile)
    name = " ".join(p for p in (profile.last_name, profile.first_name, profile.middle_name) if p)
    text = _(
        "profile-card",
        name=name,
        birth_date=profile.birth_date.strftime("%d.%m.%Y"),
        sex=_(f"signup-sex-{profile.sex}"),
        email=profile.email,
        phone=profile.phone,
        document_type=_(f"signup-doc-{document.type}"),
        document=document.masked(),
        pin=_("profile-pin-on" if profile.pin_hash else "profile-pin-off"),
        zone=user.time_zone or settings.timezone.key,
    )
    rows = [
        [action(_, "profile-show-document", "doc"), action(_, "profile-edit", "edit")],
        [action(_, "profile-pin", "pin"), action(_, "profile-zone", "zone")],
        [action(_, "profile-language", "language"), action(_, "profile-export", "export")],
        [action(_, "profile-withdraw", "erase"), action(_, "profile-erase", "erase")],
    ]
    await message.answer(text, reply_markup=inline(rows))


async def show_full_document(
    message: Message, profile: Profile, profiles: Profiles, _: Translator
) -> None:
    document = await profiles.full_document(profile)
    await message.answer(
        _(
            "profile-document-full",
            document_type=_(f"signup-doc-{document.type}"),
            document=document.full(),
        )
    )


async def ask_new_pin(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(ProfileSteps.pin_new)
    await message.answer(_("profile-pin-new"))


def zone_button(zone: str) -> tuple[str, str]:
    city = zone.split("/", 1)[1].replace("_", " ")
    return city, ProfileAction(action="zone-set", value=zone).pack()


async def ask_zone(
    message: Message, state: FSMContext, _: Translator, user: User, settings: Settings
) -> None:
    await state.set_state(ProfileSteps.time_zone)
    rows = [[zone_button(zone) for zone in ZONES[i : i + 3]] for i in range(0, len(ZONES), 3)]
    current = user.time_zone or settings.timezone.key
    await message.answer(_("profile-zone-ask", zone=current), reply_markup=inline(rows))


async def ask_erase(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(ProfileSteps.erase)
    rows = [
        [action(_, "profile-erase-yes", "erase-yes"), action(_, "profile-erase-no", "erase-no")]
    ]
    await message.answer(_("profile-erase-ask"), reply_markup=inline(rows))


async def send_export(message: Message, _: Translator, user: User, rights: DataRights) -> None:
    data = await rights.export(user)
    stamp = datetime.fromisoformat(data["exported_at"]).strftime("%Y%m%d")
    as_json = json.dumps(data, ensure_ascii=False, indent=2).encode()
    page = render_html(data, _).encode()
    await message.answer_document(
        BufferedInputFile(as_json, filename=f"my-data-{stamp}.json"),
        caption=_("profile-export-ready"),
    )
    await message.answer_document(BufferedInputFile(page, filename=f"my-data-{stamp}.html"))


async def erase(
    message: Message, state: FSMContext, _: Translator, user: User, rights: DataRights, menu: Menu
) -> None:
    await rights.erase(user)
    await state.clear()
    await show_main_menu(message, _, menu.for_person(False), _("profile-erase-done"))


# -- buttons ----------------------------------------------------------------------------------

# Buttons that belong to a step count only in it; the rest work from the profile card anytime.
STEP_ACTIONS = {"erase-yes": ProfileSteps.erase, "erase-no": ProfileSteps.erase}
# What the PIN guards, when one is set: the button's action (an edit: "edit-" and the field).
GUARDED = frozenset({"doc", "export", "erase", "edit-email", "edit-phone"})
# What follows the PIN too, when there is one to change or remove.
PIN_CHANGES = frozenset({"pin-change", "pin-remove"})


async def pressed(
    callback: CallbackQuery,
    callback_data: ProfileAction,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    user: User,
    profiles: Profiles,
    rights: DataRights,
    settings: Settings,
    menu: Menu,
    signup: Signup,
) -> None:
    profile = await profiles.of(user)
    name = callback_data.action
    expected = STEP_ACTIONS.get(name)
    stale = expected is not None and raw_state != expected.state
    if profile is None or not isinstance(callback.message, Message) or stale:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    message = callback.message
    then = f"edit-{callback_data.value}" if name == "edit-field" else name
    if then in GUARDED or (then in PIN_CHANGES and profile.pin_hash is not None):
        if await guard(message, state, profile, ProfileSteps.pin, then, _("profile-enter-pin")):
            await go_on(then, message, state, _, user, profile, profiles, rights, settings, signup)
    elif name == "pin":
        if profile.pin_hash is None:
            await ask_new_pin(message, state, _)
        else:
            rows = [
                [
                    action(_, "profile-pin-change", "pin-change"),
                    action(_, "profile-pin-remove", "pin-remove"),
                ]
            ]
            await message.answer(_("profile-pin-menu"), reply_markup=inline(rows))
    elif name == "edit":
        fields = [action(_, f"signup-fix-{field}", "edit-field", field) for field in FIELDS]
        rows = [fields[i : i + 2] for i in range(0, len(fields), 2)]
        await message.answer(_("profile-edit-which"), reply_markup=inline(rows))
    elif name == "edit-field" and callback_data.value in FIELD_STEPS:
        await edit(message, state, _, profile, signup, settings, callback_data.value)
    elif name == "language":
        await ask_language(message, _)
    elif name == "zone":
        await ask_zone(message, state, _, user, settings)
    elif name == "zone-set":
        await set_zone(message, state, _, user, profiles, callback_data.value)
    elif name == "erase-yes":
        await drop_buttons(message)
        await erase(message, state, _, user, rights, menu)
    elif name == "erase-no":
        await drop_buttons(message)
        await state.clear()
        await message.answer(_("profile-erase-kept"))
    else:  # forged, or left from before (a PIN since removed): the spinner alone says nothing
        await message.answer(_("button-stale"))


async def go_on(
    then: str,
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profile: Profile,
    profiles: Profiles,
    rights: DataRights,
    settings: Settings,
    signup: Signup,
) -> None:
    """What the PIN guards, once it was typed right (or when none is set)."""
    if then in {"doc", "export"}:
        await state.clear()
        if then == "doc":
            await show_full_document(message, profile, profiles, _)
        else:
            await send_export(message, _, user, rights)
    elif then == "erase":
        await ask_erase(message, state, _)
    elif then.startswith("edit-"):
        await edit(message, state, _, profile, signup, settings, then.removeprefix("edit-"))
    elif then == "pin-remove":
        await profiles.remove_pin(profile)
        await state.clear()
        await message.answer(_("profile-pin-removed"))
    else:  # pin-change
        await ask_new_pin(message, state, _)


async def edit(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    signup: Signup,
    settings: Settings,
    field: str,
) -> None:
    """The sign-up steps do the asking and checking (a new e-mail or phone gets a code); in
    editing mode the first step completed saves the profile."""
    await state.set_data(signup.as_dialogue_data(profile))
    step = FIELD_STEPS[field]
    await state.set_state(step)
    await PROMPTS[step](message, state, _, signup, settings)


async def set_zone(
    message: Message, state: FSMContext, _: Translator, user: User, profiles: Profiles, typed: str
) -> None:
    try:
        zone = parse_zone(typed)
    except UnknownZone:
        await message.answer(_("profile-zone-bad"))
        return
    await profiles.set_time_zone(user, zone)
    await state.clear()
    await message.answer(_("profile-zone-set", zone=zone))


# -- typed answers ----------------------------------------------------------------------------


async def on_pin(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    rights: DataRights,
    settings: Settings,
    signup: Signup,
) -> None:
    profile = await profiles.of(user)
    if profile is None:
        await forget(message)
        await state.clear()
        return
    then = await passed(message, state, _, user, profile, profiles, settings)
    if then in GUARDED | PIN_CHANGES:
        await go_on(then, message, state, _, user, profile, profiles, rights, settings, signup)
    elif then is not None:  # a step from before that remembers nothing to follow
        await state.clear()


async def on_pin_new(message: Message, state: FSMContext, _: Translator) -> None:
    await forget(message)
    pin = (message.text or "").strip()
    if not valid_pin(pin):
        await message.answer(_("profile-pin-bad"))
        return
    await state.update_data(pin_hash=await hash_pin(pin))
    await state.set_state(ProfileSteps.pin_repeat)
    await message.answer(_("profile-pin-repeat"))


async def on_pin_repeat(
    message: Message, state: FSMContext, _: Translator, user: User, profiles: Profiles
) -> None:
    await forget(message)
    first = (await state.get_data()).get("pin_hash")
    profile = await profiles.of(user)
    if profile is None:
        await state.clear()
        return
    if not first or not await pin_matches(first, (message.text or "").strip()):
        await message.answer(_("profile-pin-mismatch"))
        await ask_new_pin(message, state, _)
        return
    await profiles.adopt_pin_hash(profile, first)
    await state.clear()
    await message.answer(_("profile-pin-set"))


async def on_zone(
    message: Message, state: FSMContext, _: Translator, user: User, profiles: Profiles
) -> None:
    await set_zone(message, state, _, user, profiles, message.text or "")


async def on_erase_text(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    rights: DataRights,
    menu: Menu,
    catalogue: Catalogue,
) -> None:
    if catalogue.matches("profile-erase-yes", message.text) or catalogue.matches(
        "profile-erase-word", message.text
    ):
        await erase(message, state, _, user, rights, menu)
    elif catalogue.matches("profile-erase-no", message.text):
        await state.clear()
        await message.answer(_("profile-erase-kept"))
    else:
        await message.answer(_("profile-erase-hint"))


async def reprompt(
    message: Message,
    raw_state: str,
    _: Translator,
    state: FSMContext,
    user: User,
    settings: Settings,
) -> None:
    """Shows a step again (after /start «Продолжить», or an answer the step could not read)."""
    if raw_state == ProfileSteps.pin.state:
        await message.answer(_("profile-enter-pin"))
    elif raw_state == ProfileSteps.pin_new.state:
        await message.answer(_("profile-pin-new"))
    elif raw_state == ProfileSteps.pin_repeat.state:
        await message.answer(_("profile-pin-repeat"))
    elif raw_state == ProfileSteps.time_zone.state:
        await ask_zone(message, state, _, user, settings)
    elif raw_state == ProfileSteps.erase.state:
        await ask_erase(message, state, _)


def feature() -> Feature:
    router = Router(name="profile")
    private_only(router)
    router.message.register(show_profile, Command("profile"))
    router.message.register(show_profile, StateFilter(None), ButtonText(SECTION.key))
    router.callback_query.register(pressed, ProfileAction.filter())
    text = F.text & ~F.text.startswith("/")
    router.message.register(on_pin, StateFilter(ProfileSteps.pin), text)
    router.message.register(on_pin_new, StateFilter(ProfileSteps.pin_new), text)
    router.message.register(on_pin_repeat, StateFilter(ProfileSteps.pin_repeat), text)
    router.message.register(on_zone, StateFilter(ProfileSteps.time_zone), text)
    router.message.register(on_erase_text, StateFilter(ProfileSteps.erase), text)
    dialogue = Dialogue(
        states=ProfileSteps,
        title_key="profile-title",
        begin=show_profile,
        prompts={state: reprompt for state in ProfileSteps.__all_states__},
        buttons=frozenset(
            f"{ProfileAction.__prefix__}:{action}"
            for action in ("erase-yes", "erase-no", "zone-set")
        ),
    )
    return Feature(name="profile", router=router, menu=[SECTION], dialogues=[dialogue])
