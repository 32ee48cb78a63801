from __future__ import annotations

import json
import logging
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.masking import mask_email, mask_phone
from core.outbox import Mail, Outbox, OutboxItem, OutboxMailer, OutboxSms


def test_masks() -> None:
    assert mask_email("ivan.petrov@mail.ru") == "i***@mail.ru"
    assert mask_email("broken") == "***"
    assert mask_phone("+7 (999) 123-45-67") == "+7***4567"
    assert mask_phone("12") == "***"


async def test_mail_is_a_real_eml_file_and_the_log_keeps_the_code_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = Outbox(tmp_path / "outbox", ManualClock(), sender="bot@insurer.test")
    seen: list[OutboxItem] = []
    outbox.listeners.append(seen.append)
    mail = Mail("anna@example.ru", "Код подтверждения", "Ваш код: 482913", "<b>482913</b>")
    with caplog.at_level(logging.INFO):
        await OutboxMailer(outbox).send(mail)
    (path,) = (tmp_path / "outbox").glob("*.eml")
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert parsed["To"] == "anna@example.ru"
    assert parsed["Subject"] == "Код подтверждения"
    text_part = parsed.get_body(preferencelist=("plain",))
    html_part = parsed.get_body(preferencelist=("html",))
    assert text_part is not None
    assert html_part is not None
    assert "482913" in text_part.get_content()
    assert "<b>482913</b>" in html_part.get_content()
    assert "mail to a***@example.ru → outbox" in caplog.text
    assert "482913" not in caplog.text
    assert "anna@" not in caplog.text
    assert [(item.kind, item.to, item.path) for item in seen] == [("mail", "anna@example.ru", path)]


async def test_sms_is_a_json_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    outbox = Outbox(tmp_path, ManualClock())
    with caplog.at_level(logging.INFO):
        await OutboxSms(outbox).send("+79991234567", "Код: 1234")
        await OutboxSms(outbox).send("+79991234567", "Код: 5678")
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == 2  # one file each, never overwritten
    assert json.loads(files[0].read_text(encoding="utf-8"))["text"] == "Код: 1234"
    assert "sms to +7***4567 → outbox" in caplog.text
    assert "1234" not in caplog.text.replace("+7***4567", "")
