"""A programme as a person reads it: its name, description and what it covers in their language.

The one place that chooses. English for a person whose language is English, from the programmes
file's optional `name_en`, `description_en` and `covers_en`; each one not given falls back to the
insurer's Russian text, field by field (README.md, «The programmes file»). The copy for a
consulate is Latin script only: the English name or else the Russian one transliterated, and the
English description and covers or else none at all (a transliterated paragraph helps nobody)."""

from __future__ import annotations

from dataclasses import dataclass

from core.latin import latin
from storage.models import Program


@dataclass(frozen=True)
class Wording:
    name: str
    description: str
    covers: list[str]


def covers_list(text: str | None) -> list[str]:
    """The `;`-separated list of the file, as items."""
    return [item.strip() for item in (text or "").split(";") if item.strip()]


def wording(program: Program | None, code: str, locale: str) -> Wording:
    """`code`: the policy's programme, for one the insurer has not loaded (its code is its name)."""
    if program is None:
        return Wording(code, "", [])
    if locale != "en":
        return Wording(program.name, program.description, covers_list(program.covers))
    return Wording(
        program.name_en or program.name,
        program.description_en or program.description,
        covers_list(program.covers_en or program.covers),
    )


def latin_wording(program: Program | None, code: str) -> Wording:
    """For a consulate: nothing in Cyrillic (see the module's note)."""
    if program is None:
        return Wording(latin(code), "", [])
    return Wording(
        program.name_en or latin(program.name),
        latin(program.description_en or ""),
        [latin(item) for item in covers_list(program.covers_en)],
    )
