"""The features: one package each (`bot/features/<name>/`), and what a feature is.

A feature is its routers plus what it adds to the menu, the dialogues, the deep links, the jobs,
the buttons it answers for others (`intents`) and the steps others may begin (`entries`).
Routers are built by functions, never at import: a test builds many dispatchers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from aiogram import Router

from bot.common.intents import Packer
from bot.fsm.dialogues import Dialogue, StepHandler
from bot.middlewares.card_rule import CardExemption
from core.holdings import Holding
from core.i18n import Catalogue
from core.notifications import Intent

if TYPE_CHECKING:
    from aiogram import Bot

    from core.services import Services


@dataclass(frozen=True)
class MenuSection:
    key: str  # the button's label in the catalogue
    help_key: str  # its line in /help
    order: int
    # Who sees it: "everyone", "guests" (not signed up yet) or "members" (signed up).
    audience: str = "everyone"
    # When it applies to someone signed up, by what they hold (`core.holdings`); None: always.
    # A guest holds nothing.
    applies: Callable[[frozenset[Holding]], bool] | None = None


HoldingsOf = Callable[[], Awaitable[frozenset[Holding]]]


@dataclass(frozen=True)
class Job:
    """A periodic job, run by the scheduler in every instance: it must be safe to run twice at
    once (idempotent updates, a compare-and-set, or an advisory lock)."""

    name: str
    every: timedelta
    run: Callable[[Bot, Services], Awaitable[None]]


@dataclass(frozen=True)
class Feature:
    name: str
    router: Router
    menu: Sequence[MenuSection] = ()
    dialogues: Sequence[Dialogue] = ()
    # `/start <prefix><rest>` reaches the handler with `payload=<rest>`.
    deep_links: Mapping[str, StepHandler] = field(default_factory=dict)
    # Digits this feature expects that look like a card number (e.g. a policy number).
    card_exemptions: Sequence[CardExemption] = ()
    jobs: Sequence[Job] = ()
    # How a button naming one of these intents is packed: this feature answers it.
    intents: Mapping[Intent, Packer] = field(default_factory=dict)
    # Steps of this feature other features may begin (names in bot/common/entries.py).
    entries: Mapping[str, StepHandler] = field(default_factory=dict)


FeatureFactory = Callable[[], Feature]


@dataclass(frozen=True)
class Launch:
    """What a launcher adds to the same bot: features, and a catalogue with their texts."""

    features: Sequence[FeatureFactory] = ()
    catalogue: Catalogue | None = None


class Menu:
    """The sections that exist, in order, as one person sees them (signed up or not).

    `sections`: those of the person's audience, whose labels the menu's buttons answer to.
    `shown()`: exactly what the main menu and /help show — of those, the ones that apply to what
    the person holds, asked (`holdings`, one query) only when a section depends on it, and once
    per menu: the account middleware makes one per update."""

    def __init__(
        self,
        sections: Sequence[MenuSection],
        *,
        member: bool = False,
        holdings: HoldingsOf | None = None,
    ) -> None:
        self.every = tuple(sorted(sections, key=lambda section: section.order))
        self.member = member
        hidden = "guests" if member else "members"
        self.sections = tuple(section for section in self.every if section.audience != hidden)
        self.holdings = holdings
        self._shown: tuple[MenuSection, ...] | None = None

    def for_person(self, member: bool, holdings: HoldingsOf | None = None) -> Menu:
        """The menu of someone signed up or not; `holdings` asks what they hold (kept if None)."""
        return Menu(self.every, member=member, holdings=holdings or self.holdings)

    async def shown(self) -> tuple[MenuSection, ...]:
        if self._shown is None:
            held: frozenset[Holding] = frozenset()
            asks = any(section.applies is not None for section in self.sections)
            if asks and self.member and self.holdings is not None:
                held = await self.holdings()
            self._shown = tuple(
                section
                for section in self.sections
                if section.applies is None or section.applies(held)
            )
        return self._shown

    async def offers(self, section: MenuSection) -> bool:
        """Whether the person's menu shows this section."""
        return section in await self.shown()


class DeepLinks:
    def __init__(self, handlers: Mapping[str, StepHandler]) -> None:
        # Longest prefix first, so "inv_" never shadows "inv_x_".
        self._handlers = sorted(handlers.items(), key=lambda item: -len(item[0]))

    def find(self, payload: str) -> tuple[StepHandler, str] | None:
        for prefix, handler in self._handlers:
            if payload.startswith(prefix):
                return handler, payload[len(prefix) :]
        return None
