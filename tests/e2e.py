"""Running the real bot process against the stand-in's HTTP front, and talking to it; the mail
and SMS servers it sends codes to; `dmsbot` commands beside it.

A pytest plugin (tests/conftest.py): the `mailbox` and `sms_gateway` fixtures are here.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller

from core.settings import Settings
from standin import BotApiStandin, Person
from standin.server import StandinServer
from standin.telegram import JsonDict, StandinChat, StoredMessage
from tests.conftest import TOKEN
from tests.signup_steps import code_in

REPO = Path(__file__).parent.parent
START_TIMEOUT = 60.0
REPLY_TIMEOUT = 20.0
SETTLE = 0.4  # a reply is complete when the chat has been quiet this long


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(telegram_url: str, tmp_path: Path, **settings: str) -> dict[str, str]:
    """What a bot process under test starts with: the stand-in, a data directory and a web port
    of its own; `settings` add to or replace them."""
    return {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram_url,
        "DATA_DIR": str(tmp_path / "data"),
        "WEB_PORT": str(free_port()),
        "LOG_LEVEL": "INFO",
        **settings,
    }


class BotProcess:
    """`python -m tests.launcher run`: the dmsbot command line plus the test-only probe dialogue."""

    def __init__(
        self,
        standin: BotApiStandin,
        env: dict[str, str],
        log: Path,
        args: Sequence[str] = ("run",),
    ) -> None:
        self.standin = standin
        self.args = list(args)
        clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
        self.env = {**clean, **env}
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Until the bot polls, or (webhook mode) has set its webhook."""
        polls, sets = self.standin.polls, self.standin.webhook_sets
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.launcher",
                *self.args,
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=log,
                stdin=asyncio.subprocess.DEVNULL,
            )
        polling = asyncio.create_task(
            self.standin.wait_polled(
                lambda: self.standin.polls > polls or self.standin.webhook_sets > sets
            )
        )
        exited = asyncio.create_task(self.process.wait())
        done, _pending = await asyncio.wait(
            {polling, exited}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        polling.cancel()
        exited.cancel()
        if polling not in done:
            raise AssertionError(f"the bot did not start polling:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def kill(self) -> None:
        """kill -9: no clean-up of any kind."""
        assert self.process is not None
        self.process.kill()
        await self.process.wait()

    async def terminate(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            return await self.process.wait()

    async def ensure_stopped(self) -> None:
        if self.process is not None and self.process.returncode is None:
            await self.kill()


@asynccontextmanager
async def running(
    standin: BotApiStandin, env: dict[str, str], log: Path
) -> AsyncIterator[BotProcess]:
    """A started bot process, stopped (kill -9 if need be) at the end."""
    process = BotProcess(standin, env, log)
    await process.start()
    try:
        yield process
    finally:
        await process.ensure_stopped()


def remote_person(
    standin: BotApiStandin,
    user_id: int,
    name: str,
    language: str,
    chat: StandinChat | None = None,
) -> Person:
    """A person whose updates go to the bot process through getUpdates (in their private chat,
    or in `chat`, a group)."""

    async def feed(update: JsonDict) -> None:
        event = update.get("message") or update.get("edited_message")
        if event is None:
            event = update["callback_query"]["message"]
        chat_id = event["chat"]["id"]
        changed = asyncio.Event()

        def listener(_change: str, message: StoredMessage) -> None:
            if message.chat_id == chat_id:
                changed.set()

        standin.listeners.append(listener)
        try:
            await standin.push_update(update)
            await asyncio.wait_for(changed.wait(), REPLY_TIMEOUT)
            while True:
                changed.clear()
                try:
                    await asyncio.wait_for(changed.wait(), SETTLE)
                except TimeoutError:
                    return
        finally:
            standin.listeners.remove(listener)

    return Person(standin, feed, user_id, name, language, chat)


async def wait_confirmed(standin: BotApiStandin) -> None:
    """Until the bot has confirmed every update so far (Telegram would not deliver them again)."""
    wanted = standin.last_update_id
    async with asyncio.timeout(REPLY_TIMEOUT):
        await standin.wait_polled(lambda: standin.confirmed_update_id >= wanted)


async def until(
    standin: BotApiStandin, found: Callable[[], StoredMessage | None], seconds: float = 20
) -> StoredMessage:
    """Until the bot has sent, on its own, the message `found` looks for."""
    changed = asyncio.Event()

    def listener(_change: str, _message: StoredMessage) -> None:
        changed.set()

    standin.listeners.append(listener)
    try:
        async with asyncio.timeout(seconds):
            while (message := found()) is None:
                await changed.wait()
                changed.clear()
    finally:
        standin.listeners.remove(listener)
    return message


# -- the mail and SMS servers the bot process sends its codes to ----------------------------


class MailBox:
    """An aiosmtpd handler: the mails it received, as parsed messages."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.mails: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def last_code(self) -> str:
        body = self.mails[-1].get_body(("plain",))
        assert body is not None
        return code_in(body.get_content())


class SmsGateway:
    def __init__(self) -> None:
        self.sent: list[dict[str, str]] = []
        self.headers: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.headers.append(request.headers.get("Authorization", ""))
        self.sent.append(await request.json())
        return web.json_response({"status": "accepted"}, status=202)

    def last_code(self) -> str:
        return code_in(self.sent[-1]["text"])


@pytest.fixture
def mailbox() -> Iterator[MailBox]:
    box = MailBox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
async def sms_gateway() -> AsyncIterator[tuple[SmsGateway, str]]:
    gateway = SmsGateway()
    app = web.Application()
    app.router.add_post("/send", gateway.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield gateway, f"http://127.0.0.1:{port}/send"
    finally:
        await runner.cleanup()


def environment(
    telegram: StandinServer, tmp_path: Path, mailbox_port: int, sms_url: str, **extra: str
) -> dict[str, str]:
    return {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.url,
        "DATA_DIR": str(tmp_path / "data"),
        "WEB_PORT": str(free_port()),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mailbox_port),
        "SMTP_TLS": "false",
        "SMTP_FROM": "noreply@insurer.test",
        "SMS_PROVIDER": "http",
        "SMS_API_URL": sms_url,
        "SMS_API_KEY": "sms-secret",
        "LOG_LEVEL": "INFO",
        **extra,
    }


# -- `dmsbot` commands run beside the bot process, in its environment ------------------------


async def run_python(env: dict[str, str], *args: str) -> str:
    """This interpreter with `args` in the bot's environment `env`: its output (it must succeed)."""
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def run_dmsbot(env: dict[str, str], *args: str) -> str:
    return await run_python(env, "-m", "bot", *args)
