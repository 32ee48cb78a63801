"""The operators' desk in the group `OPERATORS_CHAT_ID`: support commands, and the decisions on
recovery incidents. Only the group's members (getChatMember, cached a minute) and `ADMIN_IDS` may
act; anyone else — pressing a button or forging its data — is refused and nothing happens. (The
identity checks' and the tickets' posts are answered by their own features.)"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from bot.common.operators import DeskButton, InDesk, IsOperator
from bot.features import Feature
from bot.features.desk import buttons, commands, prompt
from bot.features.desk.callbacks import Action, IncidentAction
from core.notifications import Intent


def feature() -> Feature:
    operator = IsOperator()
    router = Router(name="desk")
    router.message.filter(InDesk())
    router.message.register(commands.refuse, Command(*commands.COMMANDS), ~operator)
    router.message.register(commands.find, Command("find"))
    router.message.register(commands.unlink, Command("unlink"))
    router.message.register(commands.unlock, Command("unlock"))
    router.message.register(commands.pending, Command("pending"))
    router.message.register(commands.lift_sms, Command("liftsms"))
    # A decision's prompt (a letter's, a claim's): /cancel or «отмена» drops it, a reply past its
    # time is told so; before the features whose prompts they are.
    router.message.register(prompt.cancel, prompt.Cancelling())
    router.message.register(prompt.lapsed, prompt.DeskPrompt(lapsed=True))
    # Last in the desk: an operator's «/…» nothing took (a typo, or «/» alone while an answer or
    # a reason is awaited, which no step sends on) is told the group's commands.
    router.message.register(commands.unknown, F.text.startswith("/"), operator)
    decided_here = DeskButton(), operator
    router.callback_query.register(
        buttons.unfreeze, IncidentAction.filter(F.action == Action.UNFREEZE), *decided_here
    )
    router.callback_query.register(
        buttons.give_back, IncidentAction.filter(F.action == Action.GIVE_BACK), *decided_here
    )
    router.callback_query.register(buttons.not_allowed, IncidentAction.filter())
    return Feature(
        name="desk",
        router=router,
        intents={
            Intent.DESK_UNFREEZE: lambda ref: IncidentAction(
                action=Action.UNFREEZE, incident=ref
            ).pack(),
            Intent.DESK_GIVE_BACK: lambda ref: IncidentAction(
                action=Action.GIVE_BACK, incident=ref
            ).pack(),
        },
    )
