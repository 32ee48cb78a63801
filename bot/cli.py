"""`dmsbot` (also `python -m bot`): the bot's command line. Works from any working directory."""

from __future__ import annotations

import argparse
import asyncio
import csv
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from bot.logs import configure_logging
from core import demo
from core.booking import EXPORT_COLUMNS
from core.claim_export import EXPORT_COLUMNS as CLAIM_COLUMNS
from core.crypto import DataKeyError
from core.csv_cells import safe_rows
from core.demo import DemoReport
from core.importing import KINDS, Importer, ImportReport, Unreadable
from core.letters import EXPORT_COLUMNS as LETTER_COLUMNS
from core.services import build_services
from core.settings import Settings, describe_errors
from storage import migrate
from storage.db import Database

if TYPE_CHECKING:
    from bot.features import Launch

# aiogram (about 5 s to import and 150 MB: docs/performance.md) is imported by the commands that
# run or reach the bot, not by `import`, `slots`, `export`, `db` or `demo`.

logger = logging.getLogger("dmsbot")

EXIT_BAD_SETTINGS = 2


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        for line in describe_errors(error):
            print(f"dmsbot: bad setting {line}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_SETTINGS) from None


async def _run(settings: Settings, launch: Launch) -> None:
    from bot.app import allowed_updates, create_bot, create_dispatcher
    from bot.runtime import serving
    from bot.webhook import serve_webhook

    services = build_services(settings, catalogue=launch.catalogue)
    try:
        await services.db.wait_until_reachable()
        await migrate.upgrade(services.db)
        bot = create_bot(settings)
        dispatcher = create_dispatcher(settings, services, extra_features=launch.features)
        if settings.webhook_url is not None:
            await serve_webhook(settings, services, bot, dispatcher)
            return
        async with serving(settings, services, bot, dispatcher):
            logger.info("polling %s", settings.telegram_api_url)
            # The session stays open until `serving` has stopped the sender.
            await dispatcher.start_polling(
                bot,
                allowed_updates=allowed_updates(dispatcher),
                handle_signals=True,
                close_bot_session=False,
            )
    finally:
        await services.close()


def cmd_run(settings: Settings, _args: argparse.Namespace, launch: Launch | None) -> int:
    if settings.bot_token is None:
        print(
            "dmsbot: BOT_TOKEN is not set. Put the token from @BotFather in .env or the "
            "environment; to try the bot offline, use `dmsbot console`.",
            file=sys.stderr,
        )
        return EXIT_BAD_SETTINGS
    if settings.is_real_telegram:
        for problem in (
            settings.public_url_problem(),
            settings.webhook_problem(),
            settings.sandbox_problem(),
        ):
            if problem:
                print(f"dmsbot: bad setting {problem}", file=sys.stderr)
                return EXIT_BAD_SETTINGS
        for standin in settings.local_standins():
            logger.warning("REAL TOKEN WITH A DEVELOPMENT STAND-IN: %s", standin)
    asyncio.run(_run(settings, _with_defaults(launch)))
    return 0


def _with_defaults(launch: Launch | None) -> Launch:
    from bot.features import Launch

    return launch or Launch()


def cmd_console(settings: Settings, args: argparse.Namespace, launch: Launch | None) -> int:
    from bot.console import run_console

    asyncio.run(run_console(settings, language=args.language, launch=_with_defaults(launch)))
    return 0


def cmd_db(settings: Settings, args: argparse.Namespace, _launch: Launch | None) -> int:
    async def act() -> None:
        db = Database(settings.db_url, pool_size=settings.database_pool_size)
        try:
            if args.action == "upgrade":
                await migrate.upgrade(db, args.revision or "head")
            elif args.action == "downgrade":
                await migrate.downgrade(db, args.revision)
            print(f"database at revision {await migrate.current(db) or 'base'}")
        finally:
            await db.dispose()

    if args.action == "downgrade" and not args.revision:
        print("dmsbot: `db downgrade` needs a revision (e.g. -1 or base)", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    asyncio.run(act())
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace, _launch: Launch | None) -> int:
    async def act() -> ImportReport:
        services = build_services(settings)
        try:
            await migrate.upgrade(services.db)
            importer = Importer(
                services.db, services.clock, services.notifications, services.family
            )
            with progress_bar(args.file) as advance:
                if args.kind == "slots":
                    if args.full_roster is not None:
                        raise Unreadable("--full-roster is for policies")
                    return await services.slots.run(args.file, progress=advance)
                return await importer.run(
                    args.kind, args.file, full_roster=args.full_roster, progress=advance
                )
        finally:
            await services.close()

    try:
        report = asyncio.run(act())
    except Unreadable as error:
        print(f"dmsbot: cannot import: {error}", file=sys.stderr)
        return 2
    print_report(str(args.file), report)
    return report.exit_code


def print_report(source: str, report: ImportReport) -> None:
    for rejected in report.rejected:
        print(f"{source}:{rejected.line}: rejected: {rejected.reason}", file=sys.stderr)
    for warning in report.warnings:
        print(f"{source}:{warning.line}: warning: {warning.reason}", file=sys.stderr)
    for code in report.placeholders:
        print(
            f"warning: programme {code!r} was not known: created as a placeholder", file=sys.stderr
        )
    print(report.summary())


def cmd_slots(settings: Settings, args: argparse.Namespace, _launch: Launch | None) -> int:
    async def act() -> ImportReport:
        services = build_services(settings)
        try:
            await migrate.upgrade(services.db)
            return await services.slots.generate(args.days)
        finally:
            await services.close()

    report = asyncio.run(act())
    print_report("generated slots", report)
    return report.exit_code


def cmd_export(settings: Settings, args: argparse.Namespace, _launch: Launch | None) -> int:
    if args.what == "claims" and args.clinic:  # not a filter of claims: never all of them instead
        print("dmsbot: export claims takes no --clinic", file=sys.stderr)
        return 2

    async def act() -> list[dict[str, str]]:
        services = build_services(settings)
        try:
            await migrate.upgrade(services.db)
            if args.what == "claims":  # the bank details whole: every export audited
                async with services.db.unit_of_work():
                    rows = await services.claims.export_all(args.since)
                    await services.audit.record(
                        "admin", None, "claims.export", "claim", None,
                        since=str(args.since) if args.since else None, rows=len(rows),
                    )  # fmt: skip
                return rows
            if args.what == "letters":
                async with services.db.unit_of_work():
                    rows = await services.letters.export_all(args.since, args.clinic)
                    await services.audit.record(
                        "admin", None, "letters.export", "letter", None,
                        clinic=args.clinic, since=str(args.since) if args.since else None,
                        rows=len(rows),
                    )  # fmt: skip
                return rows
            async with services.db.unit_of_work():
                rows = await services.booking.export(args.clinic, args.since)
                await services.audit.record(
                    "admin", None, "bookings.export", "clinic", None,
                    clinic=args.clinic, since=str(args.since) if args.since else None,
                    rows=len(rows),
                )  # fmt: skip
            return rows
        finally:
            await services.close()

    rows = asyncio.run(act())
    columns = {"letters": LETTER_COLUMNS, "claims": CLAIM_COLUMNS}.get(args.what, EXPORT_COLUMNS)
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(safe_rows(rows))  # no cell a spreadsheet would run as a formula
    return 0


def cmd_demo(settings: Settings, _args: argparse.Namespace, _launch: Launch | None) -> int:
    async def act() -> DemoReport:
        services = build_services(settings)
        try:
            await migrate.upgrade(services.db)
            return await demo.load_today(
                services.db,
                services.clock,
                services.notifications,
                services.slots,
                settings.timezone,
                services.family,
            )
        finally:
            await services.close()

    loaded = asyncio.run(act())
    for report in loaded.reports:
        print_report(f"demo {report.kind}", report)
    print(
        f"Demo clinics: real, from OpenStreetMap ({demo.ATTRIBUTION}); their programmes, "
        "specialties and online booking are demo. Demo policies to link: see README.md."
    )
    return loaded.exit_code


async def bot_username(settings: Settings) -> str:
    """BOT_USERNAME, or the bot's own name from getMe when a token is set."""
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    if settings.bot_token is None:
        raise RuntimeError("set BOT_USERNAME (or BOT_TOKEN) for the links in invitations")
    from bot.app import create_bot

    bot = create_bot(settings)
    try:
        me = await bot.get_me()
    finally:
        await bot.session.close()
    assert me.username is not None
    return me.username


def cmd_invite(settings: Settings, args: argparse.Namespace, _launch: Launch | None) -> int:
    async def act() -> ImportReport:
        services = build_services(settings)
        try:
            await migrate.upgrade(services.db)
            username = await bot_username(settings)
            _ = services.catalogue.translator("ru")
            with progress_bar(args.file) as advance:
                return await services.invitations.invite_file(
                    args.file, username, _, resend=args.resend, progress=advance
                )
        finally:
            await services.close()

    try:
        report = asyncio.run(act())
    except Unreadable as error:
        print(f"dmsbot: cannot invite: {error}", file=sys.stderr)
        return 2
    for rejected in report.rejected:
        print(f"{args.file}:{rejected.line}: rejected: {rejected.reason}", file=sys.stderr)
    print(f"invitations: {report.taken:,} mailed, {len(report.rejected):,} rejected")
    return report.exit_code


@contextmanager
def progress_bar(path: Path) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    lines = sum(1 for _ in path.open(encoding="utf-8", errors="replace")) - 1
    with tqdm(total=max(lines, 0), unit="rows", file=sys.stderr) as bar:
        yield bar.update


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dmsbot", description="ДМС-помощник: Telegram bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="migrate to head, then serve (polling)").set_defaults(
        func=cmd_run
    )
    console = commands.add_parser("console", help="the bot in this terminal, offline")
    console.add_argument(
        "--language", choices=("ru", "en"), default="ru", help="your Telegram language"
    )
    console.set_defaults(func=cmd_console)
    db = commands.add_parser("db", help="database migrations")
    db.add_argument("action", choices=("upgrade", "downgrade", "current"))
    db.add_argument("revision", nargs="?", help="target revision (default: head for upgrade)")
    db.set_defaults(func=cmd_db)
    importing = commands.add_parser("import", help="import a CSV file (see README for formats)")
    importing.add_argument("kind", choices=(*KINDS, "slots"))
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--full-roster",
        metavar="EMPLOYER",
        help="policies: terminate that employer's policies missing from the file",
    )
    importing.set_defaults(func=cmd_import)
    commands.add_parser(
        "demo", help="load the demo data set: real OpenStreetMap clinics, demo policies"
    ).set_defaults(func=cmd_demo)
    slots = commands.add_parser("slots", help="doctors' free times")
    slot_actions = slots.add_subparsers(dest="action", required=True)
    generate = slot_actions.add_parser(
        "generate", help="demo slots for clinics taking online bookings (production calendar)"
    )
    generate.add_argument("--days", type=int, default=14, help="days from tomorrow (default 14)")
    generate.set_defaults(func=cmd_slots)
    exporting = commands.add_parser(
        "export", help="data for clinics and the insurer's teams, as CSV on stdout"
    )
    exporting.add_argument("what", choices=("bookings", "letters", "claims"))
    exporting.add_argument("--clinic", metavar="EXTERNAL_ID", help="one clinic's visits or letters")
    exporting.add_argument(
        "--since", type=date.fromisoformat, metavar="DATE", help="changed on or after (YYYY-MM-DD)"
    )
    exporting.set_defaults(func=cmd_export)
    inviting = commands.add_parser("invite", help="mail roster people their personal links")
    inviting.add_argument("file", type=Path)
    inviting.add_argument("--resend", action="store_true", help="mail those invited before too")
    inviting.set_defaults(func=cmd_invite)
    return parser


def main(argv: Sequence[str] | None = None, *, launch: Launch | None = None) -> int:
    """`launch`: what a launcher adds to the same bot (the end-to-end tests' probe dialogue)."""
    args = build_parser().parse_args(argv)
    settings = load_settings()
    configure_logging(settings)
    try:
        return int(args.func(settings, args, launch))
    except DataKeyError as error:  # DATA_KEY missing (PostgreSQL) or malformed
        print(f"dmsbot: bad setting {error}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    except RuntimeError as error:  # a start-up problem with a clear message (e.g. port taken)
        print(f"dmsbot: {error}", file=sys.stderr)
        return 1
