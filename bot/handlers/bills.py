"""«🧾 Мои счета»: the person's co-payments with their status, totals per month, paging, and
«Оплатить сейчас» for a declined one; the `copayments` job that plans and charges them."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.keyboards import inline
from bot.common.profile import Members
from bot.features import Feature, Job, MenuSection
from bot.filters import ButtonText, private_only
from core.copayments import Copayments, roubles
from core.i18n import Markup, Translator
from core.notifications import Intent
from core.profile import Profiles
from core.services import Services
from core.settings import Settings
from storage.models import Profile, User

SECTION = MenuSection("menu-bills", "help-section-bills", order=117, audience="members")
PAGE = 10
MONTHS_SHOWN = 3
EVERY = timedelta(minutes=1)


class BillAction(CallbackData, prefix="bl"):
    """«Мои счета» buttons: `charge` must be the presser's own."""

    action: str  # page, pay
    charge: int = 0
    page: int = 0


async def show(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    copayments: Copayments,
    settings: Settings,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is not None:
        await listing(message, _, profile, copayments, settings, 0, edit=False)


async def listing(
    message: Message,
    _: Translator,
    profile: Profile,
    copayments: Copayments,
    settings: Settings,
    page: int,
    *,
    edit: bool,
) -> None:
    count, lines = await copayments.page(profile, page * PAGE, PAGE)
    if not lines:
        await message.answer(_("bills-none"))
        return
    months = "\n".join(
        _("bills-month", month=_(f"month-{m.month}", year=str(m.year)), amount=roubles(m.paid))
        for m in (await copayments.months(profile))[:MONTHS_SHOWN]
    )
    shown = "\n".join(
        _(
            "bills-line",
            date=f"{line.day:%d.%m.%Y}" if line.day else "",
            service=line.service,
            amount=roubles(line.charge.amount),
            kind=line.charge.kind,
            status=line.charge.status,
        )
        for line in lines
    )
    rows = [
        [(_("bills-pay", amount=roubles(line.charge.amount)), pay(line.charge.id, page))]
        for line in lines
        if line.charge.kind == "charge" and line.charge.status in ("awaiting", "declined")
    ]
    nav = []
    if page > 0:
        nav.append((_("bills-prev"), BillAction(action="page", page=page - 1).pack()))
    if (page + 1) * PAGE < count:
        nav.append((_("bills-next"), BillAction(action="page", page=page + 1).pack()))
    rows.append(nav)
    text = _(
        "bills-list",
        count=count,
        months=Markup(months or _("bills-no-months")),
        lines=Markup(shown),
        page=page + 1,
        pages=max(1, -(-count // PAGE)),
    )
    keyboard = inline([row for row in rows if row])
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


def pay(charge: int, page: int) -> str:
    return BillAction(action="pay", charge=charge, page=page).pack()


async def pressed(
    callback: CallbackQuery,
    callback_data: BillAction,
    _: Translator,
    user: User,
    profiles: Profiles,
    copayments: Copayments,
    settings: Settings,
) -> None:
    message = callback.message
    profile = await profiles.of(user)
    if not isinstance(message, Message) or profile is None:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    if callback_data.action == "page":
        await callback.answer()
        await listing(message, _, profile, copayments, settings, callback_data.page, edit=True)
        return
    if (
        callback_data.action != "pay"
        or await copayments.owned(profile, callback_data.charge) is None
    ):
        await callback.answer(_("bills-not-yours"), show_alert=True)
        return
    charge = await copayments.pay_now(profile, callback_data.charge)
    if charge is None:
        await callback.answer(_("bills-nothing-to-pay"), show_alert=True)
        return
    paid = charge.status == "paid"
    await callback.answer(_("bills-paid-now" if paid else "bills-still-declined"), show_alert=True)


async def charge_due(_bot: Bot, services: Services) -> None:
    """Plan new co-payments, then try what is due, one charge per transaction (safe on several
    instances: a charge is claimed while it is tried, and every try has its key)."""
    async with services.db.unit_of_work():
        await services.copayments.plan()
    async with services.db.unit_of_work():
        due = await services.copayments.due()
    for charge_id in due:
        async with services.db.unit_of_work():
            await services.copayments.attempt(charge_id)


def feature() -> Feature:
    router = Router(name="bills")
    private_only(router)
    router.message.register(show, Command("bills"))
    router.message.register(show, StateFilter(None), ButtonText(SECTION.key))
    router.callback_query.register(pressed, BillAction.filter())
    return Feature(
        name="bills",
        intents={Intent.PAY_CHARGE: lambda ref: pay(ref, 0)},
        router=router,
        menu=[SECTION],
        jobs=[Job("copayments", EVERY, charge_due)],
    )
