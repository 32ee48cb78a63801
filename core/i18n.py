"""The translation catalogue: every user-visible text, in Fluent files under core/locales/.

Fluent gives Russian its three plural forms («1 попытка», «2 попытки», «5 попыток») without code.
Russian is the default; English is for people whose Telegram language is English.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast

logger = logging.getLogger(__name__)

LOCALES = ("ru", "en")
DEFAULT_LOCALE = "ru"
LONG_VALUE = 1000  # characters of a parameter's value Fluent is given as it is
LOCALES_DIR = Path(__file__).parent / "locales"

# Labels are Russian or English: anything else (emoji, «ℹ», punctuation) is decoration.
_NOT_WORD = re.compile(r"[^0-9a-zа-я]+")


def locale_for(language_code: str | None) -> str:
    """The locale for a Telegram language code: English for English, Russian for the rest."""
    if language_code and language_code.lower().split("-")[0] == "en":
        return "en"
    return DEFAULT_LOCALE


def fold(text: str) -> str:
    """Case-, ё- and punctuation-insensitive form, for matching typed text to buttons."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return _NOT_WORD.sub(" ", text).strip()


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
            bundle = FluentBundle([locale], use_isolating=False)
            keys: set[str] = set()
            for path in files:
                resource = FluentResource(path.read_text(encoding="utf-8"))
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


@cache
def default_catalogue() -> Catalogue:
    return Catalogue()
