"""The payments package has no import cycle: each provider imports on its own in a fresh
interpreter, and the interface (`core.payments`) loads neither provider nor the YooKassa SDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = ("core.payments.sandbox", "core.payments.yookassa")


def loaded_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after `statement` (the first import it makes)."""
    script = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_provider_imports_first_in_a_fresh_interpreter(provider: str) -> None:
    assert provider in loaded_after(f"import {provider}")


def test_the_interface_loads_no_provider() -> None:
    loaded = loaded_after("import core.payments")
    assert "core.payments" in loaded
    assert not loaded & {*PROVIDERS, "core.payments.factory", "yookassa"}


def test_the_factory_loads_the_yookassa_sdk_only_when_it_is_the_provider() -> None:
    loaded = loaded_after("import core.payments.factory")
    assert "core.payments.sandbox" in loaded
    assert not loaded & {"core.payments.yookassa", "yookassa"}
