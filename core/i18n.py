"""The translation catalogue: every user-visible text, in Fluent files under core/locales/.

Fluent gives Russian its three plural forms («1 попытка», «2 попытки», «5 попыток») without code.
Russian is the default; English is for people whose Telegram language is English.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, ast

from core.folding import fold as fold  # also imported from here
from core.money import CURRENCY, in_currency, kopecks
from core.specialties import specialty_in

logger = logging.getLogger(__name__)

LOCALES = ("ru", "en")
DEFAULT_LOCALE = "ru"
LONG_VALUE = 1000  # characters of a parameter's value Fluent is given as it is
LOCALES_DIR = Path(__file__).parent / "locales"
# Data made up for a demonstration says so, in Russian, as it is stored: a generated doctor
# «Андреева Мария Петровна (демо)», the default insurer «СК «Пример» (демо)». Wherever such a
# value is shown, the mark is in the reader's language (`demo-mark`, `Catalogue.datum`).
DEMO_MARK = "(демо)"


def locale_for(language_code: str | None) -> str:
    """The locale for a Telegram language code: English for English, Russian for the rest."""
    if language_code and language_code.lower().split("-")[0] == "en":
        return "en"
    return DEFAULT_LOCALE


def functions(locale: str) -> dict[str, Callable[[Any], Any]]:
    """What the texts may call besides Fluent's own NUMBER and DATETIME: data written in the
    reader's language, for a text composed before it is known who reads it (a notification)."""

    def money(amount: object, currency: object = CURRENCY) -> str:
        """`{ MONEY($amount) }`: kopecks (an integer) as money; `{ MONEY($amount, $currency) }`:
        minor units (cents) of that ISO 4217 currency."""
        if isinstance(amount, str):  # already written by an older release, in a row still queued
            return f"{amount}\u00a0₽"
        if not isinstance(amount, int):
            raise TypeError(f"MONEY takes kopecks, an integer, not {amount!r}")
        if str(currency) != CURRENCY:
            return in_currency(locale, amount, str(currency))
        return kopecks(locale, amount)

    def specialty(name: str) -> str:
        """`{ SPECIALTY($specialty) }`: a specialty as a clinic names it (core/specialties.py)."""
        return specialty_in(locale, name)

    return {"MONEY": money, "SPECIALTY": specialty}


class Catalogue:
    """All texts in all locales. Thread-safe and immutable once loaded."""

    def __init__(
        self, directories: Iterable[Path] = (LOCALES_DIR,), locales: Iterable[str] = LOCALES
    ) -> None:
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, set[str]] = {}
        self._folded: dict[str, frozenset[str]] = {}
        files_by_locale = {
            locale: [path for d in directories for path in sorted((d / locale).glob("*.ftl"))]
            for locale in locales
        }
        for locale, files in files_by_locale.items():
            bundle = FluentBundle([locale], functions(locale), use_isolating=False)
            keys: set[str] = set()
            for path in files:
                # Without each node's place in the file (`FluentResource` keeps them): half the
                # parsed catalogue's memory, and formatting never reads them.
                resource = FluentParser(with_spans=False).parse(path.read_text(encoding="utf-8"))
                broken = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
                if broken:
                    snippet = (broken[0].content or "").strip()[:80]
                    raise ValueError(f"{path}: cannot parse {snippet!r}")
                bundle.add_resource(resource)
                keys.update(
                    entry.id.name
                    for entry in resource.body
                    if isinstance(entry, ast.Message) and entry.value is not None
                )
            self._bundles[locale] = bundle
            self._keys[locale] = keys

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self._bundles)

    def keys(self, locale: str) -> set[str]:
        return set(self._keys[locale])

    def text(self, locale: str, key: str, args: Mapping[str, Any] | None = None) -> str:
        bundle = self._bundles.get(locale) or self._bundles[DEFAULT_LOCALE]
        if not bundle.has_message(key):
            logger.error("translation key %r is missing in %s", key, locale)
            if locale != DEFAULT_LOCALE:
                return self.text(DEFAULT_LOCALE, key, args)
            return key
        pattern = bundle.get_message(key).value
        if pattern is None:  # a message with attributes only: not a text of ours
            return key
        # Fluent cuts a placeable at 2,500 characters: a longer value (a ticket's text) goes in
        # as a token, put back after formatting.
        values, long = dict(args or {}), dict[str, str]()
        for name, given in values.items():
            if isinstance(given, str):
                given = values[name] = self.datum(locale, given)
            if isinstance(given, str) and len(given) > LONG_VALUE:
                token = f"\ue000{len(long)}\ue001"
                long[token], values[name] = given, token
        value, errors = bundle.format_pattern(pattern, values)
        for error in errors:
            logger.error("translation %s/%s: %s", locale, key, error)
        text = str(value)
        for token, given in long.items():
            text = text.replace(token, given)
        return text

    def datum(self, locale: str, value: str) -> str:
        """A stored value as a reader of `locale` sees it: a demonstration's mark in their
        language (every text's parameters go through this; a button's label from data should)."""
        if locale == DEFAULT_LOCALE or not value.endswith(DEMO_MARK):
            return value
        shown = value[: -len(DEMO_MARK)] + self.text(locale, "demo-mark")
        return Markup(shown) if isinstance(value, Markup) else shown

    def variants(self, key: str) -> tuple[str, ...]:
        """The text of `key` in every locale (a button pressed or typed in either language)."""
        return tuple(self.text(locale, key) for locale in self._bundles)

    def matches(self, key: str, typed: str | None) -> bool:
        if not typed:
            return False
        folded = self._folded.get(key)
        if folded is None:
            folded = self._folded[key] = frozenset(fold(v) for v in self.variants(key)) - {""}
        return fold(typed) in folded

    def translator(self, locale: str) -> Translator:
        return Translator(self, locale if locale in self._bundles else DEFAULT_LOCALE)


class Markup(str):
    """Text already in Telegram HTML from a trusted source (an admin's formatted message): a
    parameter of this type is not escaped again."""

    __slots__ = ()


class Translator:
    """The catalogue bound to one person's locale: `_("menu-help")`, `_("tries-left", n=2)`.

    Calling it gives text for Telegram's HTML parse mode: string parameters (names, addresses,
    anything a person typed) are escaped. `plain()` is for mail, SMS and files.
    """

    __slots__ = ("catalogue", "locale")

    def __init__(self, catalogue: Catalogue, locale: str) -> None:
        self.catalogue = catalogue
        self.locale = locale

    def __call__(self, key: str, **args: Any) -> str:
        escaped = {
            name: value
            if isinstance(value, Markup) or not isinstance(value, str)
            else html.escape(value, quote=False)
            for name, value in args.items()
        }
        return self.catalogue.text(self.locale, key, escaped)

    def plain(self, key: str, **args: Any) -> str:
        return self.catalogue.text(self.locale, key, args)

    def datum(self, value: str) -> str:
        """A stored value shown outside a text (a button's label): `Catalogue.datum`."""
        return self.catalogue.datum(self.locale, value)


@cache
def default_catalogue() -> Catalogue:
    return Catalogue()
