"""The buttons of the identity checks and the incidents, as packed and as matched: the strings
on posts already in the desk group keep working, and the two features sharing the `dk` prefix
each take only their own (a forged id is no button: `\\d{1,18}`, as the old regexes said)."""

from __future__ import annotations

import pytest

from bot.features.desk.callbacks import Action, IncidentAction
from bot.features.identity.callbacks import IdentityDecision, Verdict


def test_the_packed_strings_are_those_on_the_posts() -> None:
    assert IdentityDecision(action=Verdict.APPROVE, check=12).pack() == "dk:idok:12"
    assert IdentityDecision(action=Verdict.REJECT, check=12).pack() == "dk:idno:12"
    assert IncidentAction(action=Action.UNFREEZE, incident=3).pack() == "dk:unfreeze:3"
    assert IncidentAction(action=Action.GIVE_BACK, incident=3).pack() == "dk:giveback:3"


@pytest.mark.parametrize("data", ["dk:idok:7", "dk:idno:7", "dk:idok:007"])
def test_a_decision_is_read_back(data: str) -> None:
    assert IdentityDecision.unpack(data).check == 7


@pytest.mark.parametrize(
    "data",
    ["dk:unfreeze:1", "dk:idok:-1", "dk:idok:+1", "dk:idok: 1", "dk:idok:", "dk:idok:1:2",
     "dk:idok:" + "1" * 19, "dk:idyes:1", "dkt:idok:1"],
)  # fmt: skip
def test_what_is_no_decision(data: str) -> None:
    with pytest.raises((TypeError, ValueError)):
        IdentityDecision.unpack(data)


@pytest.mark.parametrize(
    "data", ["dk:idok:1", "dk:unfreeze:-1", "dk:giveback:x", "dk:unfreeze:" + "9" * 19]
)
def test_what_is_no_incident_button(data: str) -> None:
    with pytest.raises((TypeError, ValueError)):
        IncidentAction.unpack(data)
