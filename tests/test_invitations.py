"""Invitations: links mailed to a real SMTP server, followed into sign-up with the e-mail filled in
and the policy linked right after; reuse, expiry, --resend, a signed-up person opening one."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from core.clock import ManualClock
from core.gateways import SmtpMailer
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin.rig import InProcessBot
from storage.models import Invitation, Policy, Profile
from tests.command_line import dmsbot
from tests.conftest import make_settings
from tests.e2e import MailBox
from tests.people import last_code, sign_up
from tests.rosters import POLICY_HEADER, load, policy

LINK = re.compile(r"https://t\.me/dms_test_bot\?start=(inv_[A-Za-z0-9_-]{32})")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000, bot_username="dms_test_bot")


ROSTER = POLICY_HEADER + policy("ДМС-100") + policy("ДМС-200", email="", last_name="Иванова")


async def invite(
    services: Services, mailbox: MailBox, tmp_path: Path, *, resend: bool = False
) -> int:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER + policy("ДМС-999"), encoding="utf-8")
    smtp = services.settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": mailbox.port, "smtp_tls": "false"}
    )
    services.invitations.mailer = SmtpMailer(smtp)
    report = await services.invitations.invite_file(
        roster, "dms_test_bot", services.catalogue.translator("ru"), resend=resend
    )
    assert [r.reason for r in report.rejected] == ["policy 'ДМС999' is not imported yet"]
    return report.taken


def link_in(mailbox: MailBox) -> str:
    body = mailbox.mails[-1].get_body(("plain",))
    assert body is not None
    found = LINK.search(body.get_content())
    assert found is not None
    return found.group(1)


async def test_an_invitation_is_mailed_and_leads_through_sign_up_to_the_policy(
    rig: InProcessBot,
    services: Services,
    mailbox: MailBox,
    outbox: list[OutboxItem],
    tmp_path: Path,
) -> None:
    await load(services, tmp_path, "policies", ROSTER)
    assert await invite(services, mailbox, tmp_path) == 1  # the row without an e-mail is skipped
    assert mailbox.mails[-1]["To"] == "anna@example.ru"
    assert await invite(services, mailbox, tmp_path) == 0  # invited already
    payload = link_in(mailbox)

    anna = rig.person(7701)
    await anna.send(f"/start {payload}")
    assert anna.bot_messages[-2].text == (
        "Здравствуйте! Вас пригласил работодатель: после регистрации полис появится в кабинете сам."
    )
    await anna.press("✅ Принимаю соглашение")
    await anna.press("✅ Даю согласие")
    assert (anna.last.text or "").startswith("Отправил код на a***@example.ru")  # filled in, masked
    await anna.send(last_code(outbox))
    await anna.share_contact("+79991234567")
    for answer in (
        "Петрова",
        "Анна",
        "Сергеевна",
        "07.03.1990",
        "женский",
        "паспорт рф",
        "45 10 987654",
    ):
        await anna.send(answer)
    await anna.send("всё верно")
    assert "✅ Полис ДМС-100 привязан." in [m.text for m in anna.bot_messages]
    await anna.send("пропустить")
    # Linked already: the welcome does not ask for a policy.
    welcome = "🎉 Готово, Анна! Вы зарегистрированы.\nРазделы кабинета — в меню ниже."
    assert anna.last.text == welcome
    async with services.db.unit_of_work() as session:
        mine = await session.scalar(select(Profile.id))
        held = await session.scalar(
            select(Policy.holder_profile_id).where(Policy.number == "ДМС100")
        )
        assert held == mine
        [used] = (await session.scalars(select(Invitation))).all()
        assert used.used_at is not None
        assert payload.removeprefix("inv_") not in used.token_hash

    other = rig.person(7702)
    await other.send(f"/start {payload}")  # used already
    assert (other.bot_messages[-2].text or "").startswith(
        "Эта ссылка-приглашение уже использована."
    )
    assert (other.last.text or "").startswith("<b>Регистрация.</b>")


async def test_expiry_resend_and_a_signed_up_person(
    rig: InProcessBot,
    services: Services,
    mailbox: MailBox,
    outbox: list[OutboxItem],
    tmp_path: Path,
    clock: ManualClock,
) -> None:
    await load(services, tmp_path, "policies", ROSTER)
    await invite(services, mailbox, tmp_path)
    first = link_in(mailbox)
    assert await invite(services, mailbox, tmp_path, resend=True) == 1
    second = link_in(mailbox)
    assert first != second

    anna = rig.person(7801)
    await anna.send(f"/start {first}")  # the resend voided it
    assert (anna.bot_messages[-2].text or "").startswith("Эта ссылка-приглашение недействительна.")
    await sign_up(anna, outbox)
    clock.advance(timedelta(days=31))
    await anna.send(f"/start {second}")
    assert anna.bot_messages[-2].text == (
        "Срок ссылки-приглашения истёк. Можно зарегистрироваться и так — полис добавите по номеру."
    )
    assert anna.last.text == "Вы уже зарегистрированы."

    await invite(services, mailbox, tmp_path, resend=True)
    await anna.send(f"/start {link_in(mailbox)}")  # signed up: linked at once
    assert any(m.text == "✅ Полис ДМС-100 привязан." for m in anna.bot_messages[-2:])


def test_the_invite_command(tmp_path: Path, mailbox: MailBox) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mailbox.port),
        "SMTP_TLS": "false",
        "BOT_USERNAME": "dms_test_bot",
    }
    assert dmsbot(tmp_path, "import", "policies", str(roster)).returncode == 0
    result = dmsbot(tmp_path, "invite", str(roster), **env)
    assert result.returncode == 0, result.stderr
    assert "invitations: 1 mailed, 0 rejected" in result.stdout
    assert "invitations: 0 mailed" in dmsbot(tmp_path, "invite", str(roster), **env).stdout
    resent = dmsbot(tmp_path, "invite", str(roster), "--resend", **env)
    assert "invitations: 1 mailed" in resent.stdout
    assert len(mailbox.mails) == 2
    no_name = dmsbot(tmp_path, "invite", str(roster), SMTP_HOST="127.0.0.1")
    assert no_name.returncode == 1
    assert "set BOT_USERNAME" in no_name.stderr


async def test_a_valid_invitation_followed_by_someone_else_gives_them_nothing(
    rig: InProcessBot,
    services: Services,
    mailbox: MailBox,
    outbox: list[OutboxItem],
    tmp_path: Path,
) -> None:
    """A forwarded link: the stranger sees Anna's address only masked, signs up with their own
    e-mail and data, and gets neither her policy nor anything of hers. The link is single use:
    Anna links her policy by its number instead (her data match)."""
    await load(services, tmp_path, "policies", ROSTER)
    await invite(services, mailbox, tmp_path)
    payload = link_in(mailbox)

    mallory = rig.person(7703, "Мария")
    await mallory.send(f"/start {payload}")
    await mallory.press("✅ Принимаю соглашение")
    await mallory.press("✅ Даю согласие")
    await mallory.press(mallory.inline_labels()[-1])  # another address
    await mallory.send("maria@example.ru")
    await mallory.send(last_code(outbox))
    await mallory.share_contact("+79995550077")
    for answer in ("Смирнова", "Мария", "Ивановна", "01.01.1991", "женский", "паспорт рф"):
        await mallory.send(answer)
    await mallory.send("45 12 121212")
    await mallory.send("всё верно")
    await mallory.send("пропустить")
    shown = "\n".join(m.text or "" for m in mallory.bot_messages)
    for anna_s in ("Петрова", "anna@example.ru", "4567", "ДМС-100"):
        assert anna_s not in shown
    async with services.db.unit_of_work() as session:
        held = await session.scalar(
            select(Policy.holder_profile_id).where(Policy.number == "ДМС100")
        )
        assert held is None

    anna = rig.person(7704)
    await anna.send(f"/start {payload}")
    assert (anna.bot_messages[-2].text or "").startswith("Эта ссылка-приглашение уже использована.")


async def test_the_invitation_links_at_once_though_the_persons_contacts_are_not_the_rosters(
    rig: InProcessBot,
    services: Services,
    mailbox: MailBox,
    outbox: list[OutboxItem],
    tmp_path: Path,
) -> None:
    """Anna signed up with her private e-mail and phone, not the roster's: her typed number is
    not provably hers, but the link mailed to the roster's e-mail is the proof."""
    from tests.signup_steps import to_summary

    await load(services, tmp_path, "policies", ROSTER)
    anna = rig.person(7705)
    await to_summary(anna, "anna.home@example.ru", lambda: last_code(outbox), phone="+79990000005")
    await anna.send("всё верно")
    await anna.send("пропустить")
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")
    assert (anna.last.text or "").startswith("Мы не смогли подтвердить, что полис ДМС-100 ваш.")
    await anna.press("Отмена")

    await invite(services, mailbox, tmp_path)
    assert mailbox.mails[-1]["To"] == "anna@example.ru"
    await anna.send(f"/start {link_in(mailbox)}")
    assert any(m.text == "✅ Полис ДМС-100 привязан." for m in anna.bot_messages[-2:])
    async with services.db.unit_of_work() as session:
        mine = await session.scalar(select(Profile.id))
        held = await session.scalar(
            select(Policy.holder_profile_id).where(Policy.number == "ДМС100")
        )
        assert held == mine
