"""English is English: a person reading English sees specialties, statuses, the demonstration's
mark and money in English, on screens and in notifications composed before they were read."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from bot.features.bills.jobs import charge_due
from core.clock import ManualClock
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.payments_rig import FRANCHISE_SETTINGS, billed, franchised
from tests.people import with_policy
from tests.rosters import SLOT_HEADER, load

pytestmark = pytest.mark.db

__all__ = ["world"]  # fixtures used by name

NBSP = "\u00a0"


def receipts(person: Person) -> list[str]:
    return [m.text for m in person.bot_messages if m.text and m.text.startswith("🧾")]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, **FRANCHISE_SETTINGS)


async def test_clinics_and_booking_in_english(
    john: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    world: None,
    tmp_path: Path,
) -> None:
    """Specialties in English on the card, the filter, the booking's buttons and texts, the
    reminder; a generated doctor's «(демо)» as "(demo)"; visit and policy statuses in English."""
    slots = "C1,лор,Ухова,2026-11-27T09:00,30\nC1,лор,Носова (демо),2026-11-27T11:00,30\n"
    await load(services, tmp_path, "slots", SLOT_HEADER + slots)
    await with_policy(john, services, "ДМС-2", other=True)
    await john.send("/policies")
    assert "in force" in (john.last.text or "")

    await john.press("🏥 Clinics nearby")
    await john.share_location(55.75, 37.61)
    await john.press("1. Клиника «Ромашка»")
    assert "🩺 general practitioner, ENT doctor\n" in (john.last.text or "")
    await john.press("🩺 Specialty")
    assert john.inline_labels() == ["ENT doctor", "general practitioner", "All specialties"]
    await john.press("ENT doctor")
    assert ", specialty “ENT doctor”, 1–1:" in (john.last.text or "")

    await john.send("/book")
    await john.press("1. Клиника «Ромашка»")
    assert john.inline_labels() == ["ENT doctor", "general practitioner"]
    await john.press("ENT doctor")
    assert (john.last.text or "").startswith("Specialty: ENT doctor. Choose a doctor")
    assert john.inline_labels() == ["Носова (demo)", "Ухова", "🩺 Another specialty"]
    await john.press("Носова (demo)")
    assert (john.last.text or "").startswith("Носова (demo), ENT doctor. Choose a day")
    await john.press("27")
    await john.press("11:00")
    assert "Doctor: Носова (demo), ENT doctor\n" in (john.last.text or "")
    await john.press("✅ Confirm")
    assert (john.bot_messages[-2].text or "").startswith(
        "✅ Your visit to the doctor is booked.\nWhen: 27.11.2026 at 11:00\n"
        "Doctor: Носова (demo), ENT doctor\n"
    )

    await john.send("/book")  # and one typed in English, cancelled
    await john.press("1. Клиника «Ромашка»")
    await john.send("GP")
    await john.send("андреева")
    await john.press("25")
    await john.press("10:00")
    await john.press("✅ Confirm")
    await john.press("📅 My visits")
    await john.press("❌ Cancel 25.11 10:00")
    await john.press("Yes, cancel")

    clock.advance(timedelta(days=2))  # the day before the visit: its reminder
    await deliver(rig, services)
    assert (john.last.text or "").startswith(
        "⏰ A reminder of your visit to the doctor.\nWhen: 27.11.2026 at 11:00\n"
        "Doctor: Носова (demo), ENT doctor\n"
    )
    clock.advance(timedelta(days=1))
    await john.press("📅 My visits")
    await john.press("🕘 Past visits")
    past = john.last.text or ""
    assert "27.11.2026 at 11:00, ENT doctor (Носова (demo)), “Клиника «Ромашка»”" in past
    assert (
        "25.11.2026 at 10:00, general practitioner (Андреева), “Клиника «Ромашка»”, cancelled"
        in past
    )


async def test_money_is_written_in_the_readers_language(
    anna: Person,
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    web: TestClient,
    world: None,
    tmp_path: Path,
) -> None:
    """«2 400,00 ₽» for a Russian reader, "2,400.00 RUB" for an English one: on «Мои счета» and
    in a charge's notice, composed in kopecks and written when it is sent."""
    await franchised(anna, services, web, tmp_path)
    clock.advance(timedelta(hours=24))
    await billed(services, tmp_path, "S-1,ДМС-7,2026-11-25,C1,Приём терапевта,24000.00")
    await charge_due(rig.bot, services)
    await deliver(rig, services)
    assert receipts(anna)[-1].startswith(
        f"🧾 Списано 2{NBSP}400,00{NBSP}₽ с карты •••• 4242: 10 % от 24{NBSP}000,00{NBSP}₽ за"
    )
    await anna.send("/bills")
    assert f"• Ноябрь 2026: 2{NBSP}400,00{NBSP}₽" in (anna.last.text or "")

    await billed(services, tmp_path, "S-2,ДМС-7,2026-11-26,C1,Анализы,12000.00")
    await charge_due(rig.bot, services)  # its notice is composed now, in kopecks
    await anna.send("/language")
    await anna.press("English")
    await deliver(rig, services)  # and written in English when sent
    assert receipts(anna)[-1].startswith(
        f"🧾 Charged 1,200.00{NBSP}RUB to card •••• 4242: 10% of 12,000.00{NBSP}RUB for"
    )
    await anna.send("/bills")
    listing = anna.last.text or ""
    assert f"• November 2026: 3,600.00{NBSP}RUB" in listing
    assert f"“Приём терапевта” — 2,400.00{NBSP}RUB" in listing
    assert "₽" not in listing
