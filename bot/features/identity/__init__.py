"""The identity check: the person's dialogue when a typed policy number did not link (steps.py,
buttons.py), and the operators' decision on it in the desk group (desk.py)."""

from __future__ import annotations

from datetime import timedelta

from aiogram import F, Router
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.state import State

from bot.common.entries import IDENTITY_OFFER
from bot.common.operators import DeskButton, InDesk, IsOperator
from bot.features import Feature, Job
from bot.features.desk.prompt import DeskPrompt
from bot.features.identity import buttons, desk, steps
from bot.features.identity.callbacks import Action, IdentityAction, IdentityDecision, Verdict
from bot.features.identity.filters import Shown
from bot.features.identity.jobs import forget_files
from bot.features.identity.states import DeskReason, IdentitySteps
from bot.filters import private_only
from bot.fsm.dialogues import Dialogue
from core.notifications import Intent


def _in_step(action: Action, step: State) -> tuple[Filter, ...]:
    """A button counts only in the step it belongs to, on a message still there."""
    return IdentityAction.filter(F.action == action), StateFilter(step), Shown()


def person_router() -> Router:
    router = Router(name="identity-person")
    private_only(router)
    router.message.register(steps.on_photo, StateFilter(IdentitySteps.photo), F.photo | F.document)
    router.message.register(
        steps.on_consent_text, StateFilter(IdentitySteps.consent), F.text & ~F.text.startswith("/")
    )
    router.message.register(
        steps.on_photo, StateFilter(IdentitySteps.photo), ~F.text.startswith("/")
    )
    press = router.callback_query.register
    offer, consent, review = IdentitySteps.offer, IdentitySteps.consent, IdentitySteps.review
    press(buttons.start, *_in_step(Action.START, offer))
    press(buttons.renumber, *_in_step(Action.RENUMBER, offer))
    press(buttons.cancel, *_in_step(Action.CANCEL, offer))
    press(buttons.read, *_in_step(Action.READ, consent))
    press(buttons.accept, *_in_step(Action.ACCEPT, consent))
    press(buttons.replace, *_in_step(Action.REPLACE, review))
    press(buttons.send, *_in_step(Action.SEND, review))
    press(buttons.stale, IdentityAction.filter())  # not its step, or a message gone
    return router


def desk_router() -> Router:
    router = Router(name="identity-desk")
    router.message.filter(InDesk())
    decided_here = DeskButton(), IsOperator()
    router.callback_query.register(
        desk.approve, IdentityDecision.filter(F.action == Verdict.APPROVE), *decided_here
    )
    router.callback_query.register(
        desk.ask_reason, IdentityDecision.filter(F.action == Verdict.REJECT), *decided_here
    )
    router.callback_query.register(desk.not_allowed, IdentityDecision.filter())
    # Only a reply to the bot's prompt: the operators' other talk in the group is not a reason.
    router.message.register(desk.reason_given, DeskPrompt(DeskReason.reason))
    return router


def feature() -> Feature:
    router = Router(name="identity")
    router.include_routers(person_router(), desk_router())
    dialogue = Dialogue(
        states=IdentitySteps,
        title_key="identity-title",
        begin=steps.begin_again,
        prompts={state: steps.reprompt for state in IdentitySteps.__all_states__},
        buttons=frozenset({IdentityAction.__prefix__}),
    )
    return Feature(
        name="identity",
        router=router,
        dialogues=[dialogue],
        jobs=[Job("identity-files-forget", timedelta(hours=1), forget_files)],
        intents={
            Intent.DESK_APPROVE_IDENTITY: lambda ref: IdentityDecision(
                action=Verdict.APPROVE, check=ref
            ).pack(),
            Intent.DESK_REJECT_IDENTITY: lambda ref: IdentityDecision(
                action=Verdict.REJECT, check=ref
            ).pack(),
        },
        entries={IDENTITY_OFFER: steps.offer},
    )
