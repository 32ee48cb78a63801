"""«📨 Гарантийное письмо»: a person's requests for guarantee letters (flow.py, steps.py,
buttons.py), the operators' decisions on the desk (desk.py), the job that posts, escalates,
delivers and reminds (jobs.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, Filter, StateFilter
from aiogram.fsm.state import State

from bot.common.entries import LETTERS_BEGIN
from bot.common.operators import InDesk, OperatorsOnly
from bot.common.profile import SignedUp
from bot.features import Feature, Job, MenuSection
from bot.features.desk.prompt import DeskPrompt
from bot.features.letters import buttons, desk, section, steps
from bot.features.letters.callbacks import (
    STEP_ACTIONS,
    Action,
    DeskLetterAction,
    LetterAction,
    Verdict,
    answer_letter,
    on_desk,
    open_letter,
)
from bot.features.letters.jobs import DESK_EVERY, letters_work
from bot.features.letters.states import LetterDesk, LetterFlow
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.holdings import Holding
from core.notifications import Intent

SECTION = MenuSection(
    "menu-letters",
    "help-section-letters",
    order=135,
    audience="members",
    applies=lambda held: Holding.DMS_POLICY in held,
)


def feature() -> Feature:
    router = Router(name="letters")
    router.include_routers(person_router(), desk_router())
    dialogue = Dialogue(
        states=LetterFlow,
        title_key="letters-title",
        begin=section.restart,
        prompts={step: section.reprompt for step in LetterFlow.__all_states__},
        free_text=frozenset({LetterFlow.service, LetterFlow.answer}),
        buttons=frozenset(f"{LetterAction.__prefix__}:{action}" for action in STEP_ACTIONS),
    )
    return Feature(
        entries={LETTERS_BEGIN: section.begin_typed},
        name="letters",
        router=router,
        menu=[SECTION],
        dialogues=[dialogue],
        jobs=[Job("letters-desk", DESK_EVERY, letters_work)],
        intents={
            Intent.OPEN_LETTER: open_letter,
            Intent.ANSWER_LETTER: answer_letter,
            Intent.DESK_APPROVE_LETTER: lambda ref: on_desk(Verdict.APPROVE, ref),
            Intent.DESK_REFUSE_LETTER: lambda ref: on_desk(Verdict.REFUSE, ref),
            Intent.DESK_CLARIFY_LETTER: lambda ref: on_desk(Verdict.CLARIFY, ref),
        },
    )


def person_router() -> Router:
    person = private_only(Router(name="letters-person"))
    text = F.text & ~F.text.startswith("/")
    member = SignedUp()
    on = person.message.register
    on(section.show, Command("letters"))
    on(section.show, StateFilter(None), ButtonText(SECTION.key))
    on(section.begin_typed, StateFilter(None), ButtonText("letters-new"))

    on(steps.on_policy, StateFilter(LetterFlow.policy), text, member)
    on(steps.on_kind, StateFilter(LetterFlow.kind), text, member)
    on(steps.on_clinic, StateFilter(LetterFlow.clinic), text, member)
    service = StateFilter(LetterFlow.service)
    on(steps.on_service, service, text | F.photo | F.document, member)
    photos = StateFilter(LetterFlow.photos)
    on(steps.on_photo, photos, F.photo | F.document, member)
    on(steps.on_photos_text, photos, text, member)
    on(steps.on_day, StateFilter(LetterFlow.day), text, member)
    on(steps.on_summary, StateFilter(LetterFlow.summary), text, member)
    answer = StateFilter(LetterFlow.answer)
    on(steps.on_answer, answer, text | F.photo | F.document, member)
    # Anything else in a step (a sticker, a voice message), or someone whose profile is gone.
    on(section.not_expected, StateFilter(*LetterFlow.__all_states__), ~F.text.startswith("/"))

    pressed = Router(name="letters-buttons")
    pressed.callback_query.filter(section.Shown(), member)
    press = pressed.callback_query.register

    def step(action: Action, state: State) -> tuple[Filter, ...]:
        return LetterAction.filter(F.action == action), StateFilter(state)

    press(buttons.policy, *step(Action.POLICY, LetterFlow.policy))
    press(buttons.kind, *step(Action.KIND, LetterFlow.kind))
    press(buttons.clinic, *step(Action.CLINIC, LetterFlow.clinic))
    press(buttons.photos_done, *step(Action.DONE, LetterFlow.photos))
    press(buttons.day, *step(Action.DAY, LetterFlow.day))
    press(buttons.month, *step(Action.MONTH, LetterFlow.day))
    press(buttons.nothing, LetterAction.filter(F.action == Action.NONE))
    press(buttons.send_pressed, *step(Action.SEND, LetterFlow.summary))
    press(buttons.cancel_pressed, *step(Action.CANCEL, LetterFlow.summary))
    press(buttons.reply_pressed, *step(Action.REPLY, LetterFlow.answer))
    press(buttons.show_mine, LetterAction.filter(F.action == Action.LIST))
    press(buttons.turn_page, LetterAction.filter(F.action == Action.PAGE))
    press(buttons.new, LetterAction.filter(F.action == Action.NEW))
    press(buttons.open_letter, LetterAction.filter(F.action == Action.OPEN))
    press(buttons.pdf, LetterAction.filter(F.action == Action.PDF))
    press(buttons.answer, LetterAction.filter(F.action == Action.ANSWER))
    # A step's button in another step, an action not known here, a message gone, no profile.
    stale = Router(name="letters-stale-buttons")
    stale.callback_query.register(section.stale_or_member, LetterAction.filter())
    person.include_routers(pressed, stale)
    return person


def desk_router() -> Router:
    router = Router(name="letters-desk")
    router.message.filter(InDesk())
    router.message.middleware(desk.DeskPosts())
    router.callback_query.middleware(OperatorsOnly())
    act = router.callback_query.register
    act(desk.ask, DeskLetterAction.filter(F.action.in_(tuple(Verdict))))
    act(desk.stale, DeskLetterAction.filter())
    # Only a reply to the bot's prompt: the operators' other talk in the group is not a decision.
    router.message.register(
        desk.typed, DeskPrompt(LetterDesk.approve, LetterDesk.refuse, LetterDesk.clarify)
    )
    return router
