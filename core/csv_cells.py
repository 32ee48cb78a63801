"""CSV for spreadsheets: a cell a person or an operator typed may start with what a spreadsheet
takes for a formula («=HYPERLINK(…)», «+7…», «-1», «@SUM(…)», a tab or a carriage return), and
opening the export would run it (CSV injection). Such a cell gets a leading apostrophe: shown as
text, the rest unchanged. One function for every export (`dmsbot export`: bookings, letters,
claims)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text starting like a formula, with an apostrophe in front; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Mapping[str, object]]) -> Iterator[dict[str, object]]:
    for row in rows:
        yield {key: safe_cell(value) for key, value in row.items()}
