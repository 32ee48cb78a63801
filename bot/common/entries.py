"""Steps one feature begins in another: the policy check offered after a number did not link,
a sign-up field edited from the profile, the language asked from the profile, recovery begun
from sign-up.

The feature that owns the step names it in its `Feature.entries`; another begins it with
`entries.begin(NAME, message, **handler_data)`. Like deep links, the step is called as an aiogram
handler: it takes, by name, what it needs of what the caller passes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aiogram.types import Message

from bot.fsm.dialogues import StepHandler, call_step

# The names of the steps others may begin, and what the caller gives (besides the message).
# The identity check offered when a typed number did not link. Given: state, _, number (str),
# reason (the catalogue key saying why), identity, profile; and relation (core.family.RELATIONS)
# for a family member's policy.
IDENTITY_OFFER = "identity.offer"
# Why a policy was not linked (and the check where it helps). Given: state, _, result
# (core.policies.LinkResult), settings, identity, profile, entries.
POLICY_NOT_LINKED = "policies.not-linked"
# The number step of «Мои полисы» asked again (the identity check's «Другой номер»: a typo).
# Given: state (the caller's dialogue ended), _.
POLICY_NUMBER_AGAIN = "policies.number-again"
# The member's policy number step of «👨‍👩‍👧 Семья» asked again (the identity check's «Другой
# номер» for a family member's policy). Given: state (the caller's dialogue ended), _.
FAMILY_NUMBER_AGAIN = "family.number-again"
# Edit one field of the profile through its sign-up step. Given: state, _, profile, signup,
# settings, field (one of core.signup.EDITABLE_FIELDS).
SIGNUP_EDIT_FIELD = "signup.edit-field"
# The language choice. Given: _.
ASK_LANGUAGE = "language.ask"
# Recovery begun with one contact already proven: its code was typed in the caller's own dialogue
# just now (sign-up found the address is an account's). Only a caller that checked that code
# itself may begin it: the contact counts as the first proof. Given: state, _, user, signup,
# recoveries, settings, menu, contact ([core.codes.Channel value, address]).
RECOVERY_CONFIRMED_CONTACT = "recovery.confirmed-contact"
# Sections about a person, begun again once «Для кого?» is answered (bot/features/family/whom.py).
# Given: the whole handler data.
BOOKING_BEGIN = "booking.begin"  # «🗓 Записаться»
BOOKING_AT_CLINIC = "booking.at-clinic"  # «Записаться» on a clinic's card (the dialogue's clinic)
VISITS_BEGIN = "booking.visits"  # «📅 Мои записи»
POLICIES_BEGIN = "policies.begin"  # «📄 Мои полисы»
CLINICS_BEGIN = "clinics.begin"  # «🏥 Клиники рядом»
CLINICS_AT_PLACE = "clinics.at-place"  # a location sent outside it (the dialogue's place)
TICKETS_BEGIN = "tickets.begin"  # «Пожаловаться» / «Поблагодарить» (the dialogue's kind)
LETTERS_BEGIN = "letters.begin"  # «➕ Запросить письмо»
CLAIMS_BEGIN = "claims.begin"  # «➕ Новое заявление»


class UnknownEntry(LookupError):
    pass


class Entries:
    def __init__(self, steps: Iterable[Mapping[str, StepHandler]] = ()) -> None:
        self._steps: dict[str, StepHandler] = {}
        for mapping in steps:
            for name, step in mapping.items():
                if name in self._steps:
                    raise ValueError(f"two features own the entry {name}")
                self._steps[name] = step

    def __contains__(self, name: str) -> bool:
        return name in self._steps

    async def begin(self, name: str, message: Message, **data: Any) -> Any:
        try:
            step = self._steps[name]
        except KeyError:
            raise UnknownEntry(name) from None
        return await call_step(step, message, data)
