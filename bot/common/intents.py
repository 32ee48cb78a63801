"""Buttons one layer or feature shows and another answers.

`core/` and the features name a button by its `Intent` (and the id it names); the feature that
answers it says, in its `Feature.intents`, how that intent is packed into its own callback data.
The registry is handed to handlers as `intents` and to the sender, so the callback format of a
button lives in one place: the answering feature's `callbacks.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from core.notifications import Intent

Packer = Callable[[int], str]


class UnknownIntent(LookupError):
    pass


class Intents:
    def __init__(self, packers: Iterable[Mapping[Intent, Packer]] = ()) -> None:
        self._packers: dict[Intent, Packer] = {}
        for mapping in packers:
            for intent, packer in mapping.items():
                if intent in self._packers:
                    raise ValueError(f"two features answer {intent}")
                self._packers[intent] = packer

    def pack(self, intent: Intent, ref: int = 0) -> str:
        try:
            packer = self._packers[intent]
        except KeyError:
            raise UnknownIntent(f"no feature answers {intent}") from None
        data = packer(ref)
        if len(data.encode()) > 64:
            raise ValueError(f"callback data of {intent} is over 64 bytes")
        return data

    def answered(self) -> frozenset[Intent]:
        return frozenset(self._packers)
