"""Benchmarks: `python -m bench [NAME]`. Each writes its own section of docs/benchmarks.md.

A benchmark is a module here with `TITLE` and `async def run(...) -> Report`; speed and memory
targets are checked here, never by timed assertions in tests. The wheel does not ship this
package: the benchmarks run from the checkout.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

NAMES = ("notifications", "import", "nearest", "booking", "throughput", "memory", "stalls")
MODULES = {
    "notifications": "notifications",
    "import": "importing",
    "nearest": "nearest",
    "booking": "booking",
    "throughput": "throughput",
    "memory": "memory",
    "stalls": "stalls",
}
PROJECT = Path(__file__).resolve().parent.parent
HEADER = "# Benchmarks\n\nWritten by `python -m bench`; each section by its own benchmark.\n"


@dataclass(frozen=True)
class Report:
    name: str
    passed: bool
    markdown: str  # the section's body


def module(name: str) -> object:
    if name not in NAMES:
        raise ValueError(f"unknown benchmark {name!r}; known: {', '.join(NAMES)}")
    return importlib.import_module(f"bench.{MODULES[name]}")


def results_file() -> Path:
    """docs/benchmarks.md of the checkout the benchmarks came from, else of this directory."""
    root = PROJECT if (PROJECT / "pyproject.toml").exists() else Path.cwd()
    return root / "docs" / "benchmarks.md"


def write_section(path: Path, report: Report) -> None:
    """Replace this benchmark's section (between its markers), keeping the others."""
    start, end = f"<!-- bench:{report.name} -->", f"<!-- /bench:{report.name} -->"
    section = f"{start}\n{report.markdown.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
