"""The insurer's files as the tests write them: the CSV headers, a policy row with Anna's data
by default, the booking tests' two programmes, and loading a file the way `dmsbot import` does."""

from __future__ import annotations

from pathlib import Path

from core.importing import Importer
from core.services import Services

CLINIC_HEADER = (
    "external_id,name,address,phone,lat,lon,online_booking,specialties,programs,timezone,email\n"
)
POLICY_HEADER = (
    "policy_number,kind,program,last_name,first_name,middle_name,birth_date,start_date,end_date,"
    "email,phone,employer,franchise_percent\n"
)
SLOT_HEADER = "clinic_external_id,specialty,doctor,starts_at,duration_min\n"
SERVICE_HEADER = "service_id,policy_number,date,clinic_external_id,service,cost\n"
PROGRAMS = "code,name,kind,description,covers\nP1,Стандарт,DMS,,\nP2,Другая,DMS,,\n"


def policy(
    number: str, *, employer: str = "ООО Ромашка", program: str = "P1", **changes: str
) -> str:
    values = {
        "policy_number": number,
        "kind": "DMS",
        "program": program,
        "last_name": "Петрова",
        "first_name": "Анна",
        "middle_name": "Сергеевна",
        "birth_date": "1990-03-07",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "email": "anna@example.ru",
        "phone": "+79991234567",
        "employer": employer,
        "franchise_percent": "0",
        **changes,
    }
    return ",".join(values.values()) + "\n"


async def load(services: Services, tmp_path: Path, kind: str, text: str) -> None:
    """The file `text` imported as `kind` (slots by the slots' importer), every row taken."""
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    if kind == "slots":
        report = await services.slots.run(path)
    else:
        report = await Importer(services.db, services.clock, services.notifications).run(kind, path)
    assert report.rejected == []
