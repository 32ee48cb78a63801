"""People signed up for a test: through the sign-up dialogue (Anna and John with the contacts the
rosters hold for them, or Anna with her own e-mail and a PIN) or written into the database as
sign-up leaves them; the codes the outbox sends them.

A pytest plugin (tests/conftest.py): the `outbox` fixture is here.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.outbox import OutboxItem
from core.people import Document, DocumentType, canonical_policy_number
from core.services import Services
from standin import Person
from storage.models import AuditEvent, Policy, Profile, User
from tests.signup_steps import code_in, to_summary

# Anna's contacts, as a roster row has them (`tests.rosters.policy`).
ANNA_EMAIL = "anna@example.ru"
ANNA_PHONE = "+79991234567"
# John's confirmed contacts: a roster row with them is his (`policy(..., **JOHN_CONTACTS)`).
JOHN_CONTACTS = {"email": "john@example.com", "phone": "+79990000001"}
# Anna's e-mail in the profile's tests: not the one the rosters hold.
PETROVA_EMAIL = "anna.petrova@example.ru"


@pytest.fixture
def outbox(services: Services) -> list[OutboxItem]:
    """What the outbox sends (mails, SMS), oldest first."""
    items: list[OutboxItem] = []
    services.outbox.listeners.append(items.append)
    return items


def last_code(outbox: list[OutboxItem]) -> str:
    return code_in(outbox[-1].text)


async def sign_up(person: Person, outbox: list[OutboxItem], pin: str | None = None) -> None:
    """Signed up in Russian with Anna's data and ANNA_EMAIL, with the PIN `pin` or none."""
    await to_summary(person, ANNA_EMAIL, lambda: last_code(outbox))
    await person.send("всё верно")
    if pin:
        await person.send(pin)
        await person.send(pin)
    else:
        await person.send("пропустить")


async def recover_with(person: Person, contact: str) -> str:
    """`/recover` with `contact`: what the bot answers."""
    await person.send("/recover")
    await person.send(contact)
    return person.last.text or ""


async def signed_up(
    person: Person, services: Services, email: str = "anna@example.ru", phone: str = ANNA_PHONE
) -> None:
    """Signed up with Anna's name, birth date and passport and these contacts, the summary and
    the PIN step answered by typing, in the person's language."""
    sent: list[OutboxItem] = []
    services.outbox.listeners.append(sent.append)
    await to_summary(person, email, lambda: code_in(sent[-1].text), phone=phone)
    english = person.user.get("language_code") == "en"
    await person.send("all correct" if english else "всё верно")
    await person.send("skip" if english else "пропустить")
    services.outbox.listeners.remove(sent.append)


async def signed_up_other(person: Person, services: Services) -> None:
    """John: the same name and birth date as Anna's, his own contacts."""
    await signed_up(person, services, JOHN_CONTACTS["email"], JOHN_CONTACTS["phone"])


async def signed_up_as_petrova(
    person: Person, services: Services, *, pin: str | None = None
) -> None:
    """Signed up in Russian with Anna's data and PETROVA_EMAIL, with the PIN `pin` or none."""
    sent: list[OutboxItem] = []
    services.outbox.listeners.append(sent.append)
    await to_summary(person, PETROVA_EMAIL, lambda: code_in(sent[-1].text))
    await person.send("всё верно")
    if pin is None:
        await person.send("пропустить")
    else:
        await person.send(pin)
        await person.send(pin)
    services.outbox.listeners.remove(sent.append)


async def with_policy(person: Person, services: Services, number: str, other: bool = False) -> None:
    """Anna (or John, `other`) signed up, the policy `number` linked through «Мои полисы»."""
    await (signed_up_other if other else signed_up)(person, services)
    await person.send("/policies")
    await person.press("➕ Добавить полис" if not other else "➕ Add a policy")
    await person.send(number)


async def person(services: Services, n: int, *numbers: str) -> Profile:
    """A signed-up person (as sign-up leaves them) holding the policies `numbers`."""
    now = services.clock.now()
    async with services.db.unit_of_work() as session:
        user = User(telegram_id=7000 + n, language="ru", created_at=now, seen_at=now)
        session.add(user)
        await session.flush()
        profile = Profile(
            user_id=user.id, email=f"p{n}@example.ru", phone=f"+7999000{n:04d}",
            last_name="Петрова", first_name="Анна", middle_name=None,
            birth_date=date(1990, 3, 7), sex="f", document_type="rf-passport",
            document_encrypted=services.signup.seal_document(
                Document(DocumentType.RF_PASSPORT, "4510", f"{n:06d}")
            ),
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(profile)
        await session.flush()
        for number in numbers:
            number = canonical_policy_number(number)
            held = await session.scalar(select(Policy).where(Policy.number == number))
            assert held is not None
            held.holder_profile_id = profile.id
        return profile


async def audit_actions(services: Services) -> list[str]:
    async with services.db.unit_of_work() as session:
        return list((await session.scalars(select(AuditEvent.action))).all())
