"""The identity check as the person takes it: the consent and three photos sent."""

from __future__ import annotations

from standin import Person
from tests.probe import STICKER

JPEG = b"\xff\xd8\xff\xe0 a photo"


async def photos_sent(anna: Person) -> None:
    await anna.press("🪪 Пройти проверку личности")
    await anna.press("📄 Прочитать согласие")
    assert (anna.last.text or "").startswith("СОГЛАСИЕ НА ОБРАБОТКУ БИОМЕТРИЧЕСКИХ")
    await anna.press("✅ Даю согласие")
    assert (anna.last.text or "").startswith("Фото 1 из 3: разворот паспорта")
    await anna.send_photo(JPEG)
    await anna.send_content(sticker=STICKER)
    assert (anna.last.text or "").startswith("Нужна фотография")
    await anna.send_document(b"%PDF-1.4", "scan.pdf")
    assert (anna.last.text or "").startswith("Нужна фотография")
    await anna.send_photo(JPEG + b"2")
    await anna.send_photo(JPEG + b"3")
    assert (anna.last.text or "").startswith("Проверьте фотографии:")
    await anna.press("🔁 Заменить 2")
    assert (anna.last.text or "").startswith("Фото 2 из 3: вы держите паспорт")
    await anna.send_photo(JPEG + b"2b")
    await anna.press("📨 Отправить")
    assert anna.last.text == (
        "📨 Фотографии отправлены оператору.\n"
        "Ответ на проверку личности придёт сюда в течение суток."
    )
