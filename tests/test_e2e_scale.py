"""End to end at scale: Debian's nginx on 127.0.0.1 balancing two `dmsbot run` webhook instances
on one PostgreSQL database and one Redis, each started as deploy/systemd/dmsbot@.service starts it
(its `ExecStart` and `Environment` lines), behind deploy/nginx/dmsbot.conf (its upstream and its
https server, moved to a loopback port without TLS).

One person's updates alternate between the instances and the dialogue stays whole; forty
scheduled messages are each sent once; a ticket filed while the desk was off is posted and
escalated once, though both instances run the desk's periodic job from the start.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import shlex
import shutil
import signal
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from core.notifications import Group, Payload
from core.services import build_services
from core.settings import Settings
from standin import BotApiStandin
from standin.server import StandinServer
from standin.telegram import StoredMessage
from storage.models import Profile, ScheduledMessage
from tests.conftest import DATA_KEY, TOKEN
from tests.e2e import REPLY_TIMEOUT, REPO, BotProcess, free_port, remote_person, until

pytestmark = [pytest.mark.e2e, pytest.mark.db]

UNIT = REPO / "deploy" / "systemd" / "dmsbot@.service"
SITE = REPO / "deploy" / "nginx" / "dmsbot.conf"
SECRET = "scale-test-secret_of-32-or-more-chars"
DESK = -1009000000001
ANNA = 9201
GROUPS = [-1009100000000 - n for n in range(40)]
COMPLAINT = "Врач опоздал на сорок минут и не извинился."


def unit_command(port: int) -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart (as arguments) and Environment, for instance `dmsbot@PORT`."""
    command: list[str] = []
    env: dict[str, str] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().partition("=")
        value = value.replace("%i", str(port))
        if key == "ExecStart":
            command = shlex.split(value)
        elif key == "Environment":
            name, _, setting = value.partition("=")
            env[name] = setting
    return command, env


def block(config: str, opening: str) -> str:
    """The `{ ... }` block of an nginx configuration that starts with `opening`."""
    start = config.index(opening)
    depth = 0
    for end in range(config.index("{", start), len(config)):
        depth += {"{": 1, "}": -1}.get(config[end], 0)
        if depth == 0:
            return config[start : end + 1]
    raise ValueError(f"unbalanced braces after {opening!r}")


def nginx_config(directory: Path, listen: int, instances: list[int]) -> str:
    """deploy/nginx/dmsbot.conf's upstream and https server, on 127.0.0.1:`listen`, no TLS."""
    site = re.sub(r"#[^\n]*", "", SITE.read_text(encoding="utf-8"))
    upstream = block(site, "upstream dmsbot")
    servers = iter(re.findall(r"server 127\.0\.0\.1:\d+;", upstream))
    for port in instances:
        upstream = upstream.replace(next(servers), f"server 127.0.0.1:{port};")
    assert next(servers, None) is None, "the test expects two instances in the upstream"
    https = next(
        block(site[match.start() :], "server")
        for match in re.finditer(r"\bserver\s*\{", site)
        if "/telegram/webhook" in block(site[match.start() :], "server")
    )
    https = re.sub(r"listen [^;]*;", f"listen 127.0.0.1:{listen};", https)
    https = re.sub(r"\n\s*ssl_[^;]*;", "", https)
    temp = "\n".join(
        f"{kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"};
events {{ worker_connections 256; }}
http {{
    log_format upstreams '$request_uri $upstream_addr $status';
    access_log {directory / "access.log"} upstreams;
    {temp}
    {upstream}
    {https}
}}
"""


@pytest.fixture
def _postgresql(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("several instances need PostgreSQL: this runs in the --backend=postgresql pass")


@pytest.fixture
async def nginx(tmp_path: Path) -> AsyncIterator[tuple[int, list[int], Path]]:
    """nginx on a free port, balancing two instance ports: (port, instance ports, access log)."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed (CI=true: .ci/run installs Debian's nginx)")
        pytest.skip("nginx is not installed here (apt-get install nginx)")
    directory = tmp_path / "nginx"
    directory.mkdir()
    port, instances = free_port(), [free_port(), free_port()]
    (directory / "nginx.conf").write_text(nginx_config(directory, port, instances))
    process = await asyncio.create_subprocess_exec(
        binary,
        "-p",
        str(directory),
        "-c",
        str(directory / "nginx.conf"),
        "-g",
        "daemon off;",
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(10):
            while True:
                try:
                    _reader, writer = await asyncio.open_connection("127.0.0.1", port)
                except OSError:
                    if process.returncode is not None:
                        assert process.stderr is not None
                        raise AssertionError((await process.stderr.read()).decode()) from None
                    await asyncio.sleep(0.05)
                    continue
                writer.close()
                break
        yield port, instances, directory / "access.log"
    finally:
        process.send_signal(signal.SIGQUIT)
        await process.wait()


async def file_a_ticket_while_the_desk_is_off(settings: Settings) -> None:
    """A signed-up person's complaint filed before OPERATORS_CHAT_ID was set: not posted yet."""
    services = build_services(settings)
    try:
        async with services.db.unit_of_work() as session:
            visit = await services.accounts.visit(ANNA, "ru")
            now = services.clock.now()
            profile = Profile(
                user_id=visit.user.id,
                email="anna@example.ru",
                phone="+79990001122",
                last_name="Петрова",
                first_name="Анна",
                birth_date=date(1990, 5, 17),
                sex="f",
                document_type="passport",
                document_encrypted=services.keys.encrypt('{"series": "4510", "number": "123456"}'),
                created_at=now,
                updated_at=now,
            )
            session.add(profile)
            await session.flush()
            ticket = await services.tickets.submit(profile, "complaint", None, COMPLAINT, [])
            assert ticket.posted_at is None
    finally:
        await services.close()


async def schedule_for_groups(settings: Settings) -> None:
    services = build_services(settings)
    try:
        async with services.db.unit_of_work():
            for chat_id in GROUPS:
                await services.notifications.schedule(
                    "operator_post", Group(chat_id), services.clock.now(), Payload("menu-help")
                )
    finally:
        await services.close()


@pytest.mark.usefixtures("_postgresql")
async def test_two_webhook_instances_behind_nginx_share_one_person_and_send_everything_once(
    nginx: tuple[int, list[int], Path],
    database_url: str,
    redis_url: str,
    redis_prefix: str,
    tmp_path: Path,
) -> None:
    nginx_port, instances, access_log = nginx
    standin = BotApiStandin(bot_id=int(TOKEN.split(":")[0]))
    standin.chat(DESK, "supergroup", "Операторы")
    for chat_id in GROUPS:
        standin.chat(chat_id, "supergroup", f"Группа {chat_id}")
    # What /etc/dmsbot/dmsbot.env would hold (EnvironmentFile=).
    shared = {
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": redis_prefix,
        "DATA_KEY": DATA_KEY,
        "WEBHOOK_URL": f"http://127.0.0.1:{nginx_port}/telegram/webhook",
        "WEBHOOK_SECRET": SECRET,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{nginx_port}",
        "TRUSTED_PROXIES": "127.0.0.1",
        "TICKET_SLA": "1s",
        "LOG_FORMAT": "json",
    }
    before = Settings(database_url=database_url, data_dir=tmp_path, data_key=DATA_KEY)
    await file_a_ticket_while_the_desk_is_off(before)

    async with StandinServer(standin, token=TOKEN) as telegram:
        bots = []
        for port in instances:
            command, unit_env = unit_command(port)
            assert Path(command[0]).name == "dmsbot"
            assert unit_env["WEB_PORT"] == str(port)
            env = {
                **shared,
                **unit_env,
                "DATA_DIR": str(tmp_path / f"data-{port}"),  # the unit's /var/lib/dmsbot
                "TELEGRAM_API_URL": telegram.url,
                "OPERATORS_CHAT_ID": str(DESK),
            }
            # The unit's `dmsbot run`, with the test's probe dialogue (tests/launcher.py).
            bots.append(BotProcess(standin, env, tmp_path / f"bot-{port}.log", command[1:]))
        try:
            await asyncio.gather(*(bot.start() for bot in bots))
            async with asyncio.timeout(REPLY_TIMEOUT):
                await standin.wait_polled(lambda: standin.webhook_sets >= 2)

            anna = remote_person(standin, ANNA, "Анна", "ru")
            await anna.send("/start")
            assert [r.text for r in await anna.send("/probe")] == ["Как вас зовут?"]
            assert [r.text for r in await anna.send("Анна")] == ["Из какого вы города?"]
            assert [r.text for r in await anna.send("Казань")] == ["Готово: Анна из города Казань."]
            webhook_posts = [
                line.split()[1]
                for line in access_log.read_text().splitlines()
                if line.startswith("/telegram/webhook")
            ]
            assert len(webhook_posts) == 4
            assert sorted(set(webhook_posts)) == sorted(f"127.0.0.1:{p}" for p in instances)
            assert all(a != b for a, b in itertools.pairwise(webhook_posts))
            # The clinics map (a Mini App) is served through the site: its page, and its API
            # (which refuses a call without Telegram's initData).
            async with aiohttp.ClientSession(f"http://127.0.0.1:{nginx_port}") as web:
                async with web.get("/miniapp?lang=ru") as page:
                    assert page.status == 200
                    assert "<title>Клиники на карте</title>" in await page.text()
                async with web.post("/miniapp/api/clinics", json={}) as api:
                    assert (api.status, await api.json()) == (401, {"error": "unauthorized"})

            await schedule_for_groups(before)
            for chat_id in GROUPS:
                chat = standin.chats[chat_id]
                await until(standin, lambda chat=chat: chat.messages[0] if chat.messages else None)

            desk = standin.chats[DESK]

            def escalations() -> list[StoredMessage]:
                return [m for m in desk.messages if "ждёт ответа уже" in (m.text or "")]

            await until(standin, lambda: next(iter(escalations()), None))
            # Both instances go on running the desk's job and their senders meanwhile.
            await asyncio.sleep(3)
            assert all(len(standin.chats[chat_id].messages) == 1 for chat_id in GROUPS)
            posts = [m for m in desk.messages if COMPLAINT in (m.text or "")]
            assert len(posts) == 1
            assert len(escalations()) == 1
            assert escalations()[0].payload["reply_to_message"]["message_id"] == posts[0].message_id
            services = build_services(before)
            try:
                async with services.db.unit_of_work() as session:
                    statuses = list(await session.scalars(select(ScheduledMessage.status)))
            finally:
                await services.close()
            assert statuses == ["sent"] * len(statuses)

            for bot in bots:
                assert await bot.terminate() == 0
            assert not [call for call in standin.calls if call.method == "deleteWebhook"]
            for bot in bots:
                assert "Traceback" not in bot.output()
        finally:
            for bot in bots:
                await bot.ensure_stopped()
