"""`dmsbot demo`: a demonstration data set on real clinics.

The clinics are the 1,296 real Moscow clinics of `core/data/clinics_moscow_osm.csv` (© OpenStreetMap
contributors, ODbL 1.0): their names, addresses (where OpenStreetMap has one) and coordinates as
they are; never an invented phone or address. What a demonstration needs beyond that — which demo
programme covers a clinic, its specialties, whether it takes online bookings — is assigned from a
hash of the clinic, so every run gives the same answer, and the clinic is marked `demo`, which the
person is shown. Programmes, policies (Иванов's with his wife and daughter on his policy),
services and the doctors of the demo slots are fictitious and say so. Everything goes
through the importer, as the insurer's own files would: the same checks, the same upserts, so
running the demo twice changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import select, update

from core.clock import Clock, local_today
from core.family import Family
from core.importing import Importer, ImportReport
from core.notifications import Notifications
from core.slots import Slots
from storage.db import Database
from storage.models import Clinic
from storage.repositories.policies import PolicyRepository

OSM_CLINICS = Path(__file__).parent / "data" / "clinics_moscow_osm.csv"
ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"

BASE, OPTIMUM, PREMIUM, TRAVEL = "DEMO-BASE", "DEMO-OPTIMUM", "DEMO-PREMIUM", "DEMO-TRAVEL"
DMS_COVERS = "Приём врачей-специалистов;Анализы и диагностика;Вызов врача на дом"
DMS_COVERS_EN = "Specialist doctors' appointments;Tests and diagnostics;A doctor's home visit"
# As the programmes file has them (README.md, «The programmes file»), the optional columns included.
PROGRAMS = [
    {"code": BASE, "name": "Базовый (демо)", "kind": "DMS",
     "description": "Демонстрационная программа: поликлиника рядом с работой.",
     "covers": DMS_COVERS,
     "name_en": "Basic (demo)",
     "description_en": "A demonstration programme: an outpatient clinic near work.",
     "covers_en": DMS_COVERS_EN},
    {"code": OPTIMUM, "name": "Оптимум (демо)", "kind": "DMS",
     "description": "Демонстрационная программа: вдвое больше клиник.",
     "covers": f"{DMS_COVERS};Стоматология",
     "name_en": "Optimum (demo)",
     "description_en": "A demonstration programme: twice as many clinics.",
     "covers_en": f"{DMS_COVERS_EN};Dentistry"},
    {"code": PREMIUM, "name": "Премиум (демо)", "kind": "DMS",
     "description": "Демонстрационная программа: все клиники демо-набора.",
     "covers": f"{DMS_COVERS};Стоматология;Плановая госпитализация",
     "name_en": "Premium (demo)",
     "description_en": "A demonstration programme: every clinic of the demo set.",
     "covers_en": f"{DMS_COVERS_EN};Dentistry;Planned hospital treatment"},
    {"code": TRAVEL, "name": "Путешествия (демо)", "kind": "VZR",
     "description": "Демонстрационная программа страхования выезжающих.",
     "covers": "Медицинская помощь за рубежом;Медицинская транспортировка",
     "name_en": "Travel (demo)",
     "description_en": "A demonstration travel medical insurance programme.",
     "covers_en": "Medical care abroad;Medical transportation and repatriation",
     "territory": "Worldwide, except the USA and Canada",
     "sum_insured": "50000", "currency": "EUR",
     "assistance_company": "Demo Assistance (fictitious)",
     # Ofcom's range for drama (020 7946 0000–0999): a number that reaches nobody.
     "assistance_phone": "+44 20 7946 0321"},
]  # fmt: skip
# Each clinic draws a number 0–99: Премиум covers all, Оптимум 60 %, Базовый 30 % (nested, as
# real programmes are).
SHARE = {PREMIUM: 100, OPTIMUM: 60, BASE: 30}
SPECIALTIES = [
    "терапевт", "педиатр", "стоматолог", "офтальмолог", "оториноларинголог", "невролог",
    "кардиолог", "гинеколог", "хирург", "дерматолог",
]  # fmt: skip
ONLINE_BOOKING_SHARE = 40  # per cent of the demo clinics


@dataclass(frozen=True)
class DemoPolicy:
    number: str
    kind: str
    program: str
    last_name: str
    first_name: str
    middle_name: str
    birth_date: str
    # The roster's contacts: a policy links at once only for whom one of them is confirmed
    # (`.example` is reserved: no real mailbox; the console shows the codes).
    email: str
    phone: str
    expired: bool = False
    franchise_percent: int = 0
    # A family member's (core/family.py): the policy they are on (the employee's) and who they
    # are to its person, as the policies file's `holder_policy_number` and `relation` say.
    holder: str = ""
    relation: str = ""
    age: int | None = None  # born this many years before 1 January of the load day's year

    def born(self, today: date) -> str:
        """The birth date: as given, or for a child `age` years old all the year it is loaded
        in (its date moves once a year, as the policies' terms do)."""
        if self.age is None:
            return self.birth_date
        return date(today.year - self.age, 1, 1).isoformat()


IVANOV = ("Иванов", "Иван", "Иванович", "1985-03-14", "ivanov@demo.example", "+79990000101")
# Listed in README.md («Demo data») and by the console after loading: sign up with the e-mail
# or phone, name and birth date, then link the number.
POLICIES = [
    DemoPolicy("ДМС-ДЕМО-0001", "DMS", BASE, *IVANOV),
    DemoPolicy("ДМС-ДЕМО-0002", "DMS", OPTIMUM, "Петрова", "Анна", "Сергеевна", "1992-07-01",
               "petrova@demo.example", "+79990000102"),
    DemoPolicy("ДМС-ДЕМО-0003", "DMS", PREMIUM, "Сидоров", "Пётр", "", "1978-11-30",
               "sidorov@demo.example", "+79990000103", franchise_percent=10),
    DemoPolicy("ДМС-ДЕМО-0004", "DMS", PREMIUM, *IVANOV, expired=True),
    DemoPolicy("ВЗР-ДЕМО-0005", "VZR", TRAVEL, *IVANOV),
]  # fmt: skip
# Иванов's family on his ДМС-ДЕМО-0001 («👨‍👩‍👧 Семья»): linked to his account as soon as he links
# it. His daughter is ten; his wife, an adult, may sign up and take her policy over.
FAMILY = [
    DemoPolicy("ДМС-ДЕМО-0006", "DMS", BASE, "Иванова", "Мария", "Ивановна", "", *IVANOV[4:],
               holder="ДМС-ДЕМО-0001", relation="child", age=10),
    DemoPolicy("ДМС-ДЕМО-0007", "DMS", BASE, "Иванова", "Елена", "Петровна", "1987-06-22",
               "ivanova@demo.example", "+79990000106", holder="ДМС-ДЕМО-0001",
               relation="spouse"),
]  # fmt: skip
EMPLOYER = "ООО «Пример» (демо)"  # fictitious, and marked so (core.i18n.DEMO_MARK)
SLOT_DAYS = 10  # demo doctors' free times, from tomorrow (dmsbot slots generate)


@dataclass(frozen=True)
class DemoReport:
    reports: list[ImportReport]

    def summary(self) -> str:
        return "\n".join(report.summary() for report in self.reports)

    @property
    def exit_code(self) -> int:
        return max((report.exit_code for report in self.reports), default=0)


def external_id(name: str, lat: str, lon: str) -> str:
    """`osm-` and a hash of the name and coordinates as OpenStreetMap gives them: stable."""
    return "osm-" + hashlib.sha256(f"{name}|{lat}|{lon}".encode()).hexdigest()[:12]


def _draw(external: str, salt: str) -> int:
    """A number 0–99 fixed for this clinic and purpose."""
    return int(hashlib.sha256(f"{external}:{salt}".encode()).hexdigest()[:8], 16) % 100


def clinic_rows() -> Iterator[tuple[int, dict[str, str]]]:
    with OSM_CLINICS.open(encoding="utf-8") as file:
        reader = csv.DictReader(file)
        for row in reader:
            external = external_id(row["name"], row["lat"], row["lon"])
            draw = _draw(external, "programmes")
            programs = [code for code, share in SHARE.items() if draw < share]
            specialties = [s for s in SPECIALTIES[1:] if _draw(external, s) < 35]
            yield (
                reader.line_num,
                {
                    "external_id": external,
                    "name": row["name"],
                    "address": row["address"],
                    "phone": "",  # OpenStreetMap's extract has none: «телефон не указан»
                    "lat": row["lat"],
                    "lon": row["lon"],
                    "online_booking": str(
                        _draw(external, "booking") < ONLINE_BOOKING_SHARE
                    ).lower(),
                    "specialties": ";".join(["терапевт", *specialties]),
                    "programs": ";".join(programs),
                },
            )


def program_rows() -> Iterator[tuple[int, dict[str, str]]]:
    yield from enumerate(PROGRAMS, start=2)


def policy_rows(today: date) -> Iterator[tuple[int, dict[str, str]]]:
    """In force from 1 January of this year to 31 December of the next; «expired» ones ended
    on 31 December of the last."""
    for line, policy in enumerate([*POLICIES, *FAMILY], start=2):
        if policy.expired:
            start, end = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
        else:
            start, end = date(today.year, 1, 1), date(today.year + 1, 12, 31)
        yield (
            line,
            {
                "policy_number": policy.number,
                "kind": policy.kind,
                "program": policy.program,
                "last_name": policy.last_name,
                "first_name": policy.first_name,
                "middle_name": policy.middle_name,
                "birth_date": policy.born(today),
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "email": policy.email,
                "phone": policy.phone,
                "employer": EMPLOYER,
                "franchise_percent": str(policy.franchise_percent),
                "holder_policy_number": policy.holder,
                "relation": policy.relation,
            },
        )


def service_rows(today: date) -> Iterator[tuple[int, dict[str, str]]]:
    """A few billed visits to real clinics on the first demo policy, this year."""
    clinics = [values["external_id"] for _line, values in clinic_rows()][:3]
    visits = [
        ("Приём терапевта первичный", "2100.00"),
        ("Общий анализ крови", "650.00"),
        ("Приём оториноларинголога", "2400.00"),
    ]
    for n, ((service, cost), clinic) in enumerate(zip(visits, clinics, strict=True)):
        when = max(date(today.year, 1, 1), today - timedelta(days=45 * (len(visits) - n)))
        yield (
            n + 2,
            {
                "service_id": f"DEMO-SERVICE-{n + 1:03d}",
                "policy_number": POLICIES[0].number,
                "date": when.isoformat(),
                "clinic_external_id": clinic,
                "service": service,
                "cost": cost,
            },
        )


async def load(
    db: Database, importer: Importer, slots: Slots, today: date, slot_days: int = SLOT_DAYS
) -> DemoReport:
    reports = [
        await importer.take("programs", program_rows(), source="demo programmes"),
        await importer.take("clinics", clinic_rows(), source=str(OSM_CLINICS)),
        await importer.take("policies", policy_rows(today), source="demo policies"),
        await importer.take("services", service_rows(today), source="demo services"),
    ]
    demo_ids = [values["external_id"] for _line, values in clinic_rows()]
    async with db.unit_of_work() as session:
        for start in range(0, len(demo_ids), 500):
            await session.execute(
                update(Clinic)
                .where(Clinic.external_id.in_(demo_ids[start : start + 500]))
                .values(demo=True)
            )
    if slot_days:
        reports.append(await slots.generate(slot_days, external_ids=demo_ids))
    return DemoReport(reports)


async def nothing_loaded(db: Database) -> bool:
    """No clinic and no policy: a new installation, where nothing can be tried without data."""
    async with db.unit_of_work() as session:
        clinic = await session.scalar(select(Clinic.id).limit(1))
        return clinic is None and not await PolicyRepository(session).any()


async def load_today(
    db: Database,
    clock: Clock,
    notifications: Notifications,
    slots: Slots,
    zone: tzinfo,
    family: Family | None = None,
) -> DemoReport:
    """`load` for today in `zone` (the bot's TIMEZONE): what `dmsbot demo` and the console do.
    With `family`, Иванов's family comes to his account at once if he already holds his
    policy (a demo loaded again after a new version of it)."""
    importer = Importer(db, clock, notifications, family)
    return await load(db, importer, slots, local_today(clock, zone))
