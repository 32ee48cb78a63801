"""`dmsbot` (also `python -m bot`): the bot's command line. Works from any working directory."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.app import create_bot, create_dispatcher
from bot.logs import configure_logging
from core.services import build_services
from core.settings import Settings, describe_errors
from storage import migrate
from storage.db import Database

logger = logging.getLogger("dmsbot")

EXIT_BAD_SETTINGS = 2


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        for line in describe_errors(error):
            print(f"dmsbot: bad setting {line}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_SETTINGS) from None


async def _run(settings: Settings) -> None:
    services = build_services(settings)
    try:
        await migrate.upgrade(services.db)
        bot = create_bot(settings)
        dispatcher = create_dispatcher(settings, services)
        logger.info("polling %s", settings.telegram_api_url)
        await dispatcher.start_polling(
            bot, allowed_updates=dispatcher.resolve_used_update_types(), handle_signals=True
        )
    finally:
        await services.close()


def cmd_run(settings: Settings, _args: argparse.Namespace) -> int:
    if settings.bot_token is None:
        print(
            "dmsbot: BOT_TOKEN is not set. Put the token from @BotFather in .env or the "
            "environment; to try the bot offline, use `dmsbot console`.",
            file=sys.stderr,
        )
        return EXIT_BAD_SETTINGS
    asyncio.run(_run(settings))
    return 0


def cmd_console(_settings: Settings, _args: argparse.Namespace) -> int:
    print(
        "dmsbot: the offline console is not built yet (it comes with the issue "
        "'Foundation 2/2'). Set BOT_TOKEN and use `dmsbot run`, or run the tests.",
        file=sys.stderr,
    )
    return 1


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    async def act() -> None:
        db = Database(settings.db_url)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dmsbot", description="ДМС-помощник: Telegram bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="migrate to head, then serve (polling)").set_defaults(
        func=cmd_run
    )
    commands.add_parser("console", help="the bot in this terminal, offline").set_defaults(
        func=cmd_console
    )
    db = commands.add_parser("db", help="database migrations")
    db.add_argument("action", choices=("upgrade", "downgrade", "current"))
    db.add_argument("revision", nargs="?", help="target revision (default: head for upgrade)")
    db.set_defaults(func=cmd_db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    configure_logging(settings)
    return int(args.func(settings, args))
