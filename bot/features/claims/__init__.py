"""«💸 Возмещение»: reimbursement claims — a person's new claim and «Мои возмещения» (flow.py,
section.py, steps.py, buttons.py), the operators' decisions on the desk (desk.py), the job that
posts claims filed while the desk was off (jobs.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter

from bot.common.entries import CLAIMS_BEGIN
from bot.common.operators import DeskButton, InDesk, IsOperator
from bot.common.profile import MemberPress
from bot.features import Feature, Job
from bot.features.claims import buttons, desk, section, steps
from bot.features.claims.callbacks import (
    STEP_ACTIONS,
    Action,
    ClaimAction,
    DeskClaimAction,
    Verdict,
    on_desk,
    send_document,
)
from bot.features.claims.exemptions import exempt_account_numbers
from bot.features.claims.jobs import DESK_EVERY, post_waiting
from bot.features.claims.states import ClaimFlow, DeskClaim
from bot.features.desk.prompt import DeskPrompt
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from core.notifications import Intent


def feature() -> Feature:
    router = Router(name="claims")
    router.include_routers(person_router(), desk_router())
    dialogue = Dialogue(
        states=ClaimFlow,
        title_key="claims-title",
        begin=section.restart,
        prompts={step: section.reprompt for step in ClaimFlow.__all_states__},
        free_text=frozenset({ClaimFlow.document}),
        buttons=frozenset(f"{ClaimAction.__prefix__}:{action}" for action in STEP_ACTIONS),
    )
    return Feature(
        entries={CLAIMS_BEGIN: section.begin_typed},
        name="claims",
        router=router,
        menu=[section.SECTION],
        dialogues=[dialogue],
        card_exemptions=[exempt_account_numbers],
        jobs=[Job("claims-desk", DESK_EVERY, post_waiting)],
        intents={
            Intent.CLAIM_DOCUMENT: send_document,
            Intent.DESK_APPROVE_CLAIM: lambda ref: on_desk(Verdict.APPROVE, ref),
            Intent.DESK_ASK_CLAIM_DOCUMENT: lambda ref: on_desk(Verdict.ASK, ref),
            Intent.DESK_REJECT_CLAIM: lambda ref: on_desk(Verdict.REJECT, ref),
        },
    )


def person_router() -> Router:
    person = private_only(Router(name="claims-person"))
    text = F.text & ~F.text.startswith("/")
    on = person.message.register
    on(section.show_section, StateFilter(None), ButtonText(section.SECTION.key))
    on(section.show_mine, StateFilter(None), ButtonText("claims-mine"))
    on(section.begin_typed, StateFilter(None), ButtonText("claims-new"))
    on(steps.on_policy, StateFilter(ClaimFlow.policy), text)
    on(steps.on_date, StateFilter(ClaimFlow.care_date), text)
    on(steps.on_care, StateFilter(ClaimFlow.care_kind), text)
    on(steps.on_amount, StateFilter(ClaimFlow.amount), text)
    photos = StateFilter(ClaimFlow.photos)
    on(steps.on_photo, photos, ~F.text)
    on(steps.photos_done_typed, photos, text, ButtonText("claims-done"))
    on(steps.photos_expected, photos, text)
    on(steps.on_bic, StateFilter(ClaimFlow.bic), text)
    on(steps.on_account, StateFilter(ClaimFlow.account), text)
    on(steps.on_name, StateFilter(ClaimFlow.name), text)
    on(steps.on_summary, StateFilter(ClaimFlow.summary), text)
    on(steps.on_bank_field, StateFilter(ClaimFlow.bank_field), text)
    on(steps.on_answer, StateFilter(ClaimFlow.document), text | F.photo | F.document)

    member = MemberPress()
    press = person.callback_query.register

    def pressed(action: Action) -> CallbackQueryFilter:
        return ClaimAction.filter(F.action == action)

    press(buttons.new, pressed(Action.NEW), member)
    press(buttons.show_mine, pressed(Action.LIST), member)
    press(buttons.turn_page, pressed(Action.PAGE), member)
    press(buttons.document, pressed(Action.DOCUMENT), member)
    press(buttons.policy, pressed(Action.POLICY), StateFilter(ClaimFlow.policy), member)
    care_date = StateFilter(ClaimFlow.care_date)
    press(buttons.today, pressed(Action.TODAY), care_date, member)
    press(buttons.yesterday, pressed(Action.YESTERDAY), care_date, member)
    press(buttons.care, pressed(Action.CARE), StateFilter(ClaimFlow.care_kind), member)
    press(buttons.photos_done, pressed(Action.DONE), StateFilter(ClaimFlow.photos), member)
    summary = StateFilter(ClaimFlow.summary)
    press(buttons.send, pressed(Action.SEND), summary, member)
    press(buttons.cancel, pressed(Action.CANCEL), summary, member)
    press(buttons.bank, pressed(Action.BANK), summary, member)
    bank_field = StateFilter(ClaimFlow.bank_field)
    press(buttons.back_to_summary, pressed(Action.BACK), bank_field, member)
    bic_again = StateFilter(ClaimFlow.bank_field, ClaimFlow.account)
    press(buttons.edit_bank, pressed(Action.EDIT_BIC), bic_again, member)
    press(buttons.edit_bank, pressed(Action.EDIT_ACCOUNT), bank_field, member)
    press(buttons.edit_bank, pressed(Action.EDIT_NAME), bank_field, member)
    press(buttons.answer, pressed(Action.ANSWER), StateFilter(ClaimFlow.document), member)
    # Not its step, an action not known here, no profile, a message gone: stale.
    press(buttons.stale, ClaimAction.filter())
    return person


def desk_router() -> Router:
    router = Router(name="claims-desk")
    router.message.filter(InDesk())
    decided_here = DeskButton(), IsOperator()
    act = router.callback_query.register
    act(desk.approve, DeskClaimAction.filter(F.action == Verdict.APPROVE), *decided_here)
    act(desk.ask_document, DeskClaimAction.filter(F.action == Verdict.ASK), *decided_here)
    act(desk.reject, DeskClaimAction.filter(F.action == Verdict.REJECT), *decided_here)
    act(desk.not_allowed, DeskClaimAction.filter())
    # Only a reply to the bot's prompt: the operators' other talk in the group is not a decision.
    on = router.message.register
    on(desk.amount_given, DeskPrompt(DeskClaim.amount))
    on(desk.text_given, DeskPrompt(DeskClaim.request, DeskClaim.reason))
    return router
