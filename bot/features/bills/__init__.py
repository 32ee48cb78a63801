"""«🧾 Мои счета»: the person's co-payments with their status, totals per month, paging, and
«Оплатить сейчас» for a declined one; the `copayments` job that plans and charges them."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.common.profile import MemberPress
from bot.features import Feature, Job
from bot.features.bills import buttons, jobs, screens
from bot.features.bills.callbacks import Action, AnyBillAction, BillAction, pay
from bot.filters import ButtonText, private_only
from core.notifications import Intent


def feature() -> Feature:
    router = Router(name="bills")
    private_only(router)
    router.message.register(screens.open_section, Command("bills"))
    router.message.register(
        screens.open_section, StateFilter(None), ButtonText(screens.SECTION.key)
    )
    member = MemberPress()
    press = router.callback_query.register
    press(buttons.turn, BillAction.filter(F.action == Action.PAGE), member)
    press(buttons.pay, BillAction.filter(F.action == Action.PAY), member)
    press(buttons.refused, AnyBillAction.filter())
    return Feature(
        name="bills",
        intents={Intent.PAY_CHARGE: lambda ref: pay(ref, 0)},
        router=router,
        menu=[screens.SECTION],
        jobs=[Job("copayments", jobs.EVERY, jobs.charge_due)],
    )
