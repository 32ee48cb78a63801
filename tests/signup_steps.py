"""Walking a person through sign-up, shared by the in-process and end-to-end tests."""

from __future__ import annotations

import re
from collections.abc import Callable

from standin import Person

CODE = re.compile(r"\b(\d{6})\b")


def code_in(text: str) -> str:
    found = CODE.search(text)
    assert found is not None, text
    return found.group(1)


async def through_consents(person: Person) -> None:
    await person.send("/signup")
    assert person.inline_labels()[-1] in {"✅ Принимаю соглашение", "✅ I accept the agreement"}
    await person.press(person.inline_labels()[-1])
    await person.press(person.inline_labels()[-1])


async def to_summary(
    person: Person,
    email: str,
    last_code: Callable[[], str],
    *,
    phone: str = "+79991234567",
    document: str = "45 10 987654",
) -> None:
    """From the start to the summary: e-mail, own contact, names, date, sex, passport."""
    await through_consents(person)
    await person.send(email)
    await person.send(last_code())
    await person.share_contact(phone)
    await person.send("Петрова")
    await person.send("Анна")
    await person.send("Сергеевна")
    await person.send("07.03.1990")
    await person.press(person.inline_labels()[1])  # female
    await person.press(person.inline_labels()[0])  # Russian passport
    await person.send(document)


async def member_with_policy(person: Person, last_code: Callable[[], str], number: str) -> None:
    """Signed up as Anna (no PIN), with the policy `number` linked by typing it."""
    await to_summary(person, "anna@example.ru", last_code)
    await person.send("всё верно")
    await person.send("пропустить")
    await person.send("/policies")
    await person.press("➕ Добавить полис")
    await person.send(number)
