"""Into sign-up: /signup and the menu's «Регистрация», «Продолжить регистрацию» offered by a
section, /start's «Начать заново», the invitation link, and one field edited from the profile."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.entries import POLICY_NOT_LINKED, Entries
from bot.common.screens import show_main_menu
from bot.features.signup.dialogue import SignupData
from bot.features.signup.prompts import FIELD_STEPS, PROMPTS
from bot.features.signup.states import SignUp
from bot.features.signup.step import Step
from core.i18n import Translator
from core.identity import Identity
from core.invitations import InvalidInvitation
from core.policies import LinkOutcome
from core.settings import Settings
from core.signup import Signup
from storage.models import Profile


async def resume(step: Step, member: bool) -> None:
    """Sign-up from its first step, or from where it stopped: nothing entered is lost."""
    if member:
        await show_main_menu(step.message, step._, step.menu, step._("signup-already"))
        return
    current = await step.state.get_state()
    shown = next((state for state in PROMPTS if state.state == current), None)
    if shown is not None:
        await step.show(shown)
        return
    await step.state.set_data({})
    await step.go(SignUp.terms)


async def open_section(message: Message, step: Step, member: bool) -> None:
    """/signup, or the menu's «Регистрация» (in any state: mid-sign-up, the current step)."""
    await resume(step, member)


async def begin(message: Message, member: bool, **data: Any) -> None:
    """The dialogue's beginning as /start calls it (with all its handler data)."""
    await resume(Step.of(message, data), member)


async def go_on(callback: CallbackQuery, member: bool, step: Step | None = None) -> None:
    """«Продолжить регистрацию» from a section that needs it: the current step, or the first."""
    await callback.answer()
    if step is not None:
        await resume(step, member)


async def follow_invitation(
    message: Message,
    payload: str,
    member: bool,
    identity: Identity,
    entries: Entries,
    **data: Any,
) -> None:
    """`/start inv_<token>` from an invitation mail (/start gives all its handler data)."""
    step = Step.of(message, data)
    try:
        invitation = await step.invitations.open(payload)
    except InvalidInvitation as error:
        await step.say(f"invite-invalid-{error.reason}")
        await resume(step, member)
        return
    profile = await step.signup.profile_of(step.user)
    if profile is not None and profile.frozen_at is None:  # signed up already: link it now
        await link_invited(step, invitation.id, profile, identity, entries)
        return
    await step.say("invite-welcome")
    await step.state.set_state(None)
    await SignupData(invite=invitation.id, invite_email=invitation.email).save(step.state)
    await step.go(SignUp.terms)


async def link_invited(
    step: Step, invitation: int, profile: Profile, identity: Identity, entries: Entries
) -> None:
    policy = await step.invitations.use(invitation)
    assert policy is not None
    result = await step.policies.link_proven(profile, policy)  # the link proves its e-mail
    key = {
        LinkOutcome.LINKED: "policies-linked",
        LinkOutcome.ALREADY_YOURS: "policies-already",
    }.get(result.outcome)
    if key is not None:
        await show_main_menu(step.message, step._, step.menu, step._(key, number=result.number))
        return
    await entries.begin(
        POLICY_NOT_LINKED,
        step.message,
        state=step.state,
        _=step._,
        result=result,
        settings=step.settings,
        identity=identity,
        profile=profile,
        entries=entries,
    )


async def edit_field(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    signup: Signup,
    settings: Settings,
    field: str,
) -> None:
    """The entry SIGNUP_EDIT_FIELD (the profile's «Изменить»): the sign-up steps do the asking
    and checking (a new e-mail or phone gets a code); in editing mode the first step completed
    saves the profile."""
    await SignupData.from_dict(signup.as_dialogue_data(profile)).save(state)
    step = FIELD_STEPS[field]
    await state.set_state(step)
    await PROMPTS[step](message, state, _, signup, settings)
