"""The benchmark harness, on a small scale: it must not rot between benchmark runs."""

from __future__ import annotations

import pstats
import subprocess
import sys
from pathlib import Path

import pytest

import bench
from bench import Report, write_section
from bench.notifications import measure, report


@pytest.mark.e2e
async def test_notifications_benchmark_harness_on_150_messages(tmp_path: Path) -> None:
    measured = await measure(150, workdir=tmp_path, settle=1.0)
    assert (measured.accepted, measured.lost, measured.duplicated) == (150, 0, 0)
    assert measured.statuses == {"sent": 150}
    assert 0 < measured.rate <= 31
    assert "| lost (chats that got nothing) | 0 | 0 |" in report(measured).markdown


def test_each_benchmark_rewrites_only_its_own_section(tmp_path: Path) -> None:
    results = tmp_path / "benchmarks.md"
    write_section(results, Report("notifications", True, "first run"))
    write_section(results, Report("other", True, "another benchmark"))
    write_section(results, Report("notifications", True, "second run"))
    text = results.read_text(encoding="utf-8")
    assert text.startswith(bench.HEADER)
    assert "second run" in text
    assert "first run" not in text
    assert text.index("second run") < text.index("another benchmark")


@pytest.mark.e2e
async def test_import_benchmark_harness_on_300_policies() -> None:
    from bench.importing import measure as measure_import
    from bench.importing import report as import_report

    runs = await measure_import(300)
    assert runs[0].backend == "SQLite"
    assert runs[0].output == "policies: 300 taken, 0 rejected, 7 placeholder programme(s) created"
    assert "| SQLite |" in import_report(runs, 300).markdown


async def test_nearest_benchmark_harness_on_1000_clinics() -> None:
    from bench.nearest import measure as measure_nearest
    from bench.nearest import report as nearest_report

    [size] = await measure_nearest((1000,), queries=20)
    assert size.same_answers
    assert size.brute_queries == 20
    assert "| 1,000 |" in nearest_report([size]).markdown


async def test_throughput_benchmark_harness_on_50_people(tmp_path: Path) -> None:
    from bench.databases import sqlite_url
    from bench.throughput import on, profile_summary
    from bench.throughput import report as throughput_report

    profile: list[pstats.Stats] = []
    runs = await on(
        "SQLite", sqlite_url(tmp_path), tmp_path, total=140, warm_up=50, people=50, profile=profile
    )
    echo, bot, alone = runs
    for run in (echo, bot):
        assert (run.updates, run.errors) == (140, 0)
        assert run.requests >= 190  # every update answered
    assert (alone.updates, alone.errors, alone.concurrency) == (5 * 7, 0, 1)  # 4 + 1 people
    assert alone.requests >= 35
    # Each script follows the dialogue: no button was stale or refused.
    assert bot.alerts == alone.alerts == 0
    markdown = throughput_report(runs, warm_up=50).markdown
    assert "| bare aiogram echo |" in markdown
    assert "| the bot on SQLite |" in markdown
    assert "| the bot on SQLite, one update at a time |" in markdown
    # The database's work is counted: every update reads at least who is speaking.
    assert bot.statements >= bot.updates
    assert bot.commits > 0
    assert alone.statements >= alone.updates
    assert "| SQLite: ≤ 3 statements per update |" in markdown
    # Where the time goes: our own code among the owners, per update.
    summary = profile_summary(profile[0], alone.updates)
    assert "| bot/ (ours) |" in summary
    assert "| SQLAlchemy |" in summary


@pytest.mark.e2e
def test_memory_benchmark_harness_on_200_people() -> None:
    from bench.memory import measure as measure_memory
    from bench.memory import report as memory_report

    measured = measure_memory(200)
    assert (measured.held, measured.errors) == (200, 0)
    assert 0 < measured.floor["rss"] < measured.idle["rss"] <= measured.busy["peak"]
    assert "| the bot, 200 people holding dialogue state |" in memory_report(measured).markdown


@pytest.mark.e2e
async def test_stalls_benchmark_harness_on_300_people_and_policies() -> None:
    from bench.stalls import measure as measure_stalls
    from bench.stalls import report as stalls_report

    alone, broadcast, imported = await measure_stalls(300, 300, alone=1)
    assert broadcast.outcome == "300 messages scheduled"
    assert imported.outcome == "policies: 300 taken, 0 rejected, 7 placeholder programme(s) created"
    for run in (broadcast, imported):
        assert run.longest > 0
        assert run.updates > 0  # the bot's side served meanwhile
    assert alone.updates > 0
    markdown = stalls_report([alone, broadcast, imported]).markdown
    assert "| broadcast start to 300 people |" in markdown
    assert "| `dmsbot import` of 300 policies |" in markdown


PROJECT = Path(__file__).parent.parent


def test_the_benchmarks_run_as_python_m_bench() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--help"],
        capture_output=True, text=True, timeout=60, check=True, cwd=PROJECT,
    )  # fmt: skip
    assert "python -m bench" in done.stdout
    assert "{" + ",".join(bench.NAMES) + "}" in done.stdout


def test_dmsbot_neither_offers_nor_imports_the_benchmarks() -> None:
    """The wheel does not ship them: `dmsbot` must not need them (run where they are importable,
    so that an import would show)."""
    script = (
        "import sys\n"
        "from bot.cli import build_parser\n"
        "try:\n"
        "    build_parser().parse_args(['bench'])\n"
        "except SystemExit as refused:\n"
        "    print(refused.code, 'bench' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, timeout=60, check=True, cwd=PROJECT,
    )  # fmt: skip
    assert done.stdout.strip() == "2 False"
    assert "invalid choice: 'bench'" in done.stderr
