"""Versioned legal texts: the user agreement and the personal-data processing consent.

`LEGAL_DIR/<document>/<version>.<locale>.txt`, e.g. `terms/2025-09-01.ru.txt`. The newest version
(by name) is the one a person accepts; what they accepted is stored with its version and time.
The bundled texts (core/legal/) are demo texts, to be replaced by the insurer's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BUNDLED = Path(__file__).parent / "legal"
TERMS = "terms"
PERSONAL_DATA = "personal-data"
BIOMETRICS = "biometrics"
DOCUMENTS = (TERMS, PERSONAL_DATA, BIOMETRICS)


class LegalTextMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class LegalText:
    document: str
    version: str
    directory: Path

    def text(self, locale: str) -> str:
        for name in (f"{self.version}.{locale}.txt", f"{self.version}.ru.txt"):
            path = self.directory / name
            if path.exists():
                return path.read_text(encoding="utf-8").strip()
        raise LegalTextMissing(f"{self.directory}/{self.version}.ru.txt")


class LegalTexts:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or BUNDLED
        for document in DOCUMENTS:  # a missing text stops the start, not a person's sign-up
            self.current(document)

    def current(self, document: str) -> LegalText:
        folder = self.directory / document
        versions = sorted(
            {path.name.split(".")[0] for path in folder.glob("*.txt")} if folder.is_dir() else ()
        )
        if not versions:
            raise LegalTextMissing(f"no {document} text in {folder} (LEGAL_DIR)")
        return LegalText(document, versions[-1], folder)
