"""Building the bot and the dispatcher: every entry point and every test goes through here."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import DisabledEventIsolation

from bot.commands import MenuButtons, register_commands, register_menu_button
from bot.common.entries import Entries
from bot.common.intents import Intents
from bot.common.operators import OperatorCheck
from bot.common.profile import Members
from bot.documents import Documents
from bot.errors import on_error
from bot.features import (
    DeepLinks,
    Feature,
    FeatureFactory,
    Menu,
    abroad,
    bills,
    booking,
    broadcast,
    cancel,
    claims,
    clinics,
    desk,
    fallback,
    family,
    franchise,
    help,
    hotline,
    identity,
    language,
    letters,
    policies,
    profile,
    recovery,
    signup,
    start,
    tickets,
)
from bot.filters import checked_in_loop
from bot.fsm.dialogues import Dialogues
from bot.isolation import KeyedLockIsolation
from bot.metrics import Metrics, UpdateMetrics
from bot.middlewares.account import AccountMiddleware
from bot.middlewares.browsing import ButtonsStayInDialogue, MenuLeavesBrowsing
from bot.middlewares.card_rule import CardRuleMiddleware
from bot.middlewares.flood import FloodMiddleware
from bot.middlewares.frozen import FrozenProfileGate
from bot.middlewares.inflight import InFlightUpdates
from bot.middlewares.log_context import LogContext
from bot.middlewares.response_types import KeepResponseTypes
from bot.middlewares.retired import ForgetRetiredSteps
from bot.middlewares.retry import RetryInUpdates
from bot.middlewares.unit_of_work import (
    CommitBeforeRequest,
    DeferUnseen,
    UnitOfWorkMiddleware,
)
from bot.miniapp import MapLinks
from bot.routing import GatedDispatcher, install_gates
from core.flood import FloodGuard
from core.services import Services
from core.settings import Settings
from storage.fsm import SqlStorage

# Tried in this order: commands that work in any dialogue come first, the fallback last.
CORE_FEATURES: tuple[FeatureFactory, ...] = (
    start.feature,
    cancel.feature,
    help.feature,
    hotline.feature,
    abroad.feature,  # /sos works in any dialogue, as /hotline does
    language.feature,
    family.feature,
    signup.feature,
    recovery.feature,
    policies.feature,
    clinics.feature,
    franchise.feature,
    bills.feature,
    booking.feature,
    tickets.feature,
    identity.feature,
    profile.feature,
    broadcast.feature,
    desk.feature,
    letters.feature,
    claims.feature,
)
FALLBACK: FeatureFactory = fallback.feature


def allowed_updates(dispatcher: Dispatcher) -> list[str]:
    """What the bot asks Telegram for: what it handles, and edits (the card rule checks them)."""
    return sorted({*dispatcher.resolve_used_update_types(), "edited_message"})


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(DeferUnseen())  # first: what it holds back is not committed for
    session.middleware(KeepResponseTypes())
    session.middleware(CommitBeforeRequest())
    session.middleware(RetryInUpdates())
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def dialogue_storage(
    settings: Settings, services: Services, *, lock_timeout: float | None = None
) -> tuple[BaseStorage, BaseEventIsolation]:
    """`lock_timeout`: the life of a per-person lock in Redis (None: `LOCK_TIMEOUT`)."""
    if settings.redis_url:
        # Loaded only here: the Redis client is ~6 MB resident (docs/benchmarks.md, memory).
        from aiogram.fsm.storage.redis import RedisStorage

        from bot.redis_isolation import LOCK_TIMEOUT, RedisLockIsolation

        keys = DefaultKeyBuilder(prefix=f"{settings.redis_prefix}:fsm", with_destiny=True)
        storage = RedisStorage.from_url(settings.redis_url, key_builder=keys)
        timeout = LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        return storage, RedisLockIsolation(storage.redis, keys, timeout=timeout)
    return SqlStorage(services.db, services.clock), KeyedLockIsolation()


def create_dispatcher(
    settings: Settings,
    services: Services,
    *,
    extra_features: Sequence[FeatureFactory] = (),
    lock_timeout: float | None = None,
) -> Dispatcher:
    """`lock_timeout`: see `dialogue_storage` (the tests shorten it)."""
    features: list[Feature] = [factory() for factory in (*CORE_FEATURES, *extra_features, FALLBACK)]
    intents = Intents(feature.intents for feature in features)
    dialogues = Dialogues(dialogue for feature in features for dialogue in feature.dialogues)
    metrics = Metrics()
    storage, isolation = dialogue_storage(settings, services, lock_timeout=lock_timeout)
    documents = Documents()
    map_links = MapLinks.of(settings)
    menu_buttons = MenuButtons(services.catalogue, map_links)
    dispatcher = GatedDispatcher(
        storage=storage,
        # The isolation lock is taken by UnitOfWorkMiddleware, around the database session.
        events_isolation=DisabledEventIsolation(),
        disable_fsm=True,
        menu=Menu([section for feature in features for section in feature.menu]),
        dialogues=dialogues,
        intents=intents,
        entries=Entries(feature.entries for feature in features),
        members=Members(services.profiles, dialogues, intents),
        operators=OperatorCheck(),
        deep_links=DeepLinks(
            {prefix: h for feature in features for prefix, h in feature.deep_links.items()}
        ),
        jobs=[job for feature in features for job in feature.jobs],
        metrics=metrics,
        documents=documents,
        map_links=map_links,
        menu_buttons=menu_buttons,
        **services.for_handlers(),
    )
    in_flight = InFlightUpdates()
    dispatcher.update.outer_middleware(UpdateMetrics(metrics))
    dispatcher.update.outer_middleware(LogContext())
    dispatcher.update.outer_middleware(in_flight)
    dispatcher.update.outer_middleware(UnitOfWorkMiddleware(services.db, dispatcher.fsm, isolation))
    dispatcher.update.outer_middleware(
        AccountMiddleware(services.accounts, services.catalogue, services.holdings, menu_buttons)
    )
    dispatcher.update.outer_middleware(
        FloodMiddleware(FloodGuard(settings.flood_rate, services.clock))
    )
    dispatcher.update.outer_middleware(dispatcher.fsm)
    dispatcher.update.outer_middleware(ForgetRetiredSteps())
    dispatcher.update.outer_middleware(MenuLeavesBrowsing())
    dispatcher.callback_query.outer_middleware(ButtonsStayInDialogue())
    dispatcher.update.outer_middleware(
        CardRuleMiddleware([rule for feature in features for rule in feature.card_exemptions])
    )
    dispatcher.update.outer_middleware(FrozenProfileGate())
    dispatcher.include_routers(*(feature.router for feature in features))
    install_gates(dispatcher, services.catalogue)
    checked_in_loop(dispatcher)
    dispatcher.errors.register(on_error)
    dispatcher.startup.register(register_commands)
    dispatcher.startup.register(register_menu_button)
    dispatcher.shutdown.register(in_flight.drain)  # before the bot session and database close
    dispatcher.shutdown.register(documents.close)
    dispatcher.shutdown.register(isolation.close)  # the storage is closed by aiogram itself
    return dispatcher
