"""`dmsbot` run in a process of its own, as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.settings import Settings


def dmsbot(
    tmp_path: Path, *args: str, input: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """The command line as an operator runs it, with none of this machine's bot settings."""
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**clean, "DATA_DIR": str(tmp_path), **env},
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
