"""100,000 policies through `dmsbot import policies` itself, on SQLite and on PostgreSQL.

The whole command is timed, start-up and migrations included; target: at most 30 s on each.
PostgreSQL is the server on 127.0.0.1:5432 (user postgres, trust auth), in a database of the
benchmark's own; where none answers, its line says so.
"""

from __future__ import annotations

import asyncio
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench import Report
from bench.databases import NoServer, postgres_database, sqlite_url
from core.settings import Settings

TITLE = "Import: 100,000 policies through `dmsbot import`"
TARGET_SECONDS = 30.0
HEADER = (
    "policy_number,kind,program,last_name,first_name,middle_name,birth_date,start_date,end_date,"
    "email,phone,employer,franchise_percent\n"
)
LAST = ("Иванов", "Петрова", "Смирнов", "Кузнецова", "Попов", "Соколова", "Лебедев", "Новикова")
FIRST = ("Анна", "Иван", "Мария", "Пётр", "Елена", "Алексей", "Ольга", "Дмитрий")


@dataclass(frozen=True)
class Run:
    backend: str
    seconds: float | None  # None: not run
    output: str

    @property
    def passed(self) -> bool:
        return self.seconds is not None and self.seconds <= TARGET_SECONDS


def write_roster(path: Path, count: int) -> None:
    born = date(1960, 1, 1)
    with path.open("w", encoding="utf-8") as file:
        file.write(HEADER)
        for n in range(count):
            file.write(
                f"ДМС-{n:07d},{'DMS' if n % 5 else 'VZR'},P{n % 7},{LAST[n % 8]},{FIRST[n % 8]},"
                f",{born + timedelta(days=n % 15000)},2026-01-01,2026-12-31,"
                f"p{n}@example.ru,+7999{n % 10_000_000:07d},Работодатель {n % 50},{n % 3 * 10}\n"
            )


async def run_import(backend: str, database_url: str, roster: Path, workdir: Path) -> Run:
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    env = {
        **clean,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(workdir),
        "DATA_KEY": "q5Vb0dWc6Mhb2oQYbqkP9q7D3x5m2y0Xg0C8m0mJwJQ=",
        "LOG_LEVEL": "WARNING",
    }
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "import", "policies", str(roster),
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    seconds = time.monotonic() - started
    text = output.decode(errors="replace").strip().splitlines()
    if process.returncode != 0:
        raise RuntimeError(f"dmsbot import on {backend} failed:\n" + "\n".join(text[-20:]))
    return Run(backend, seconds, text[-1] if text else "")


async def measure(count: int = 100_000) -> list[Run]:
    runs = []
    with tempfile.TemporaryDirectory(prefix="dms-bench-import-") as scratch:
        where = Path(scratch)
        roster = where / "roster.csv"
        write_roster(roster, count)
        runs.append(await run_import("SQLite", sqlite_url(where), roster, where))
        try:
            async with postgres_database("dms_bench") as url:
                runs.append(await run_import("PostgreSQL", url, roster, where))
        except NoServer as error:
            runs.append(Run("PostgreSQL", None, str(error)))
    return runs


def report(runs: list[Run], count: int) -> Report:
    passed = all(run.passed for run in runs)
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; `python -m bench import`.",
        f"A generated roster of {count:,} policies (7 programmes, 50 employers) imported into an "
        "empty database by the `dmsbot import policies` command, start-up and migrations included.",
        "",
        "| database | seconds | target | command's summary |",
        "|---|---|---|---|",
    ]
    for run in runs:
        seconds = f"{run.seconds:.1f}" if run.seconds is not None else "—"
        lines.append(f"| {run.backend} | {seconds} | ≤ {TARGET_SECONDS:.0f} | {run.output} |")
    lines += ["", f"Verdict: {'**passed**' if passed else '**FAILED**'}."]
    return Report("import", passed, "\n".join(lines))


async def run(count: int = 100_000) -> Report:
    return report(await measure(count), count)
