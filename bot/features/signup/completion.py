"""The end of sign-up: the summary confirmed (the profile made, an invitation's policy linked),
then the optional PIN, then the menu."""

from __future__ import annotations

from bot.common.screens import show_main_menu
from bot.features.signup.dialogue import SignupData
from bot.features.signup.states import SignUp
from bot.features.signup.step import Step
from core.policies import LinkOutcome
from core.signup import AlreadyRegistered


async def confirm(step: Step) -> None:
    data = await step.data()
    person = data.person(step.signup)
    try:
        profile = await step.signup.complete(step.user, person)
    except AlreadyRegistered as error:
        if error.field == "account":
            await step.state.clear()
            await show_main_menu(
                step.message, step._, step.menu.for_person(True), step._("signup-already")
            )
            return
        await step.say("signup-account-exists", phone=step.settings.hotline_phone)
        await step.go(SignUp.summary)
        return
    # The profile holds it all now: the dialogue keeps only the first name, for the greeting.
    kept = SignupData(first_name=person.first_name)
    if data.invite:
        policy = await step.invitations.use(data.invite)
        if policy is not None:
            result = await step.policies.link_proven(profile, policy)
            if result.outcome is LinkOutcome.LINKED:
                kept.policy_linked = True
                await step.say("policies-linked", number=policy.printed_number)
    await kept.save(step.state)
    await step.go(SignUp.pin)


async def finish(step: Step) -> None:
    data = await step.data()
    await step.state.clear()
    done = step._("signup-done", name=data.first_name or "", linked=str(data.policy_linked).lower())
    await show_main_menu(step.message, step._, step.menu.for_person(True), done)
