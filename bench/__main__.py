"""`python -m bench [NAME]` from the checkout: run the benchmarks (all, or one), write each one's
section of docs/benchmarks.md, exit 1 if a target is missed.

The benchmarks are not part of the product: the wheel does not ship them and `dmsbot` does not
import them.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

import bench
from bot.cli import load_settings
from bot.logs import configure_logging


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="run the benchmarks, write docs/benchmarks.md"
    )
    parser.add_argument("name", nargs="?", choices=bench.NAMES, help="one benchmark")
    args = parser.parse_args(argv)
    configure_logging(load_settings())  # as `dmsbot` does: LOG_LEVEL, LOG_FORMAT
    names = [args.name] if args.name else list(bench.NAMES)
    passed = True
    for name in names:
        print(f"benchmark {name}: running (see its module for what it measures)", flush=True)
        report = asyncio.run(bench.module(name).run())  # type: ignore[attr-defined]
        bench.write_section(bench.results_file(), report)
        print(report.markdown, flush=True)
        passed = passed and report.passed
    print(f"results written to {bench.results_file()}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
