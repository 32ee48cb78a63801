"""Buttons named by intent: core says what a button means, the feature that answers it packs it;
steps one feature begins in another go through the entries registry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import Chat, Message

from bot.common.entries import Entries, UnknownEntry
from bot.common.intents import Intents, UnknownIntent
from core.notifications import Button, Intent, Payload
from standin.rig import InProcessBot
from tests.delivery_rig import DeliveryRig, delivery_rig

ANNA = 7001
NAME_NOTHING = {
    Intent.SIGN_UP,
    Intent.RECOVER,
    Intent.ADD_POLICY,
    Intent.OPEN_CLINICS,
    Intent.OPEN_FRANCHISE,
}


@pytest.fixture
async def delivery(tmp_path: Path, database_url: str) -> AsyncIterator[DeliveryRig]:
    async with delivery_rig(tmp_path, database_url) as built:
        yield built


def test_every_intent_is_answered_by_exactly_one_feature_within_telegram_s_limit(
    rig: InProcessBot,
) -> None:
    intents: Intents = rig.dispatcher["intents"]
    assert intents.answered() == frozenset(Intent)
    for intent in Intent:
        packed = intents.pack(intent, 10**18 - 1)
        assert len(packed.encode()) <= 64
        if intent not in NAME_NOTHING:
            assert str(10**18 - 1) in packed.split(":"), intent  # the id is in it


def test_the_registry_refuses_a_second_answer_and_names_what_nobody_answers() -> None:
    with pytest.raises(ValueError, match="two features"):
        Intents([{Intent.PAY_CHARGE: str}, {Intent.PAY_CHARGE: str}])
    with pytest.raises(UnknownIntent):
        Intents([{Intent.PAY_CHARGE: str}]).pack(Intent.CANCEL_VISIT, 1)
    with pytest.raises(ValueError, match="64 bytes"):
        Intents([{Intent.PAY_CHARGE: lambda ref: "ж" * 40}]).pack(Intent.PAY_CHARGE, 1)


def test_a_button_is_one_of_an_intent_a_url_or_stored_callback_data() -> None:
    with pytest.raises(ValueError, match="one of"):
        Button("bill-pay-now")
    with pytest.raises(ValueError, match="one of"):
        Button("bill-pay-now", Intent.PAY_CHARGE, 3, url="https://example.org")
    button = Button("bill-pay-now", Intent.PAY_CHARGE, 3)
    stored = Payload("bills-paid-now", buttons=[[button]]).to_json()
    assert stored["buttons"] == [[{"key": "bill-pay-now", "intent": "pay-charge", "ref": 3}]]
    assert Payload.from_json(stored).buttons[0][0] == button


async def test_a_scheduled_intent_goes_out_as_the_answering_feature_s_button(
    delivery: DeliveryRig,
) -> None:
    anna = await delivery.person(ANNA)
    payload = Payload("help-section-help", buttons=[[Button("bill-pay-now", Intent.PAY_CHARGE, 5)]])
    await delivery.schedule("charge", anna, payload=payload)
    await delivery.sender.drain()
    (sent,) = delivery.received(ANNA)
    intents: Intents = delivery.chat_rig.dispatcher["intents"]
    assert [b["callback_data"] for b in sent.inline_buttons] == [intents.pack(Intent.PAY_CHARGE, 5)]


async def test_a_message_scheduled_before_intents_keeps_its_stored_button(
    delivery: DeliveryRig,
) -> None:
    """Rows written by the previous version carry callback data: they go out as they were."""
    anna = await delivery.person(ANNA)
    legacy = Payload.from_json(
        {
            "text": "help-section-help",
            "buttons": [[{"key": "bill-pay-now", "callback_data": "bl:pay:5:0"}]],
        }
    )
    await delivery.schedule("charge", anna, payload=legacy)
    await delivery.sender.drain()
    (sent,) = delivery.received(ANNA)
    assert [b["callback_data"] for b in sent.inline_buttons] == ["bl:pay:5:0"]


async def test_an_entry_takes_by_name_what_it_needs_of_what_the_caller_gives() -> None:
    taken: dict[str, Any] = {}

    async def step(message: Message, number: str) -> str:
        taken["number"] = number
        return "begun"

    entries = Entries([{"policies.ask": step}])
    message = Message.model_construct(chat=Chat.model_construct(id=1, type="private"))
    begun = await entries.begin("policies.ask", message, number="ДМС-1", unused=object())
    assert (begun, taken) == ("begun", {"number": "ДМС-1"})
    with pytest.raises(UnknownEntry):
        await entries.begin("nobody.owns", message)
    with pytest.raises(ValueError, match="two features"):
        Entries([{"policies.ask": step}, {"policies.ask": step}])
