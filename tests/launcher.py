"""`python -m tests.launcher run`: the real `dmsbot` command line, plus the test-only probe
dialogue (registered through the same `create_dispatcher`) and its texts."""

from __future__ import annotations

from bot.cli import main
from bot.features import Launch
from tests.probe import probe_catalogue, probe_feature

if __name__ == "__main__":
    raise SystemExit(main(launch=Launch(features=[probe_feature], catalogue=probe_catalogue())))
