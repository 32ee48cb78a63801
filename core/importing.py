"""`dmsbot import KIND FILE.csv`: the insurer's data in, by the formats of DESIGN.md (and the
programmes' and the policies' optional columns, README.md).

Idempotent upserts by each kind's key; a bad row is reported with its line number and reason and
the good rows are kept; a duplicate key within the file rejects the later row. Programme codes
met before their own row create placeholder programmes (a warning, not a rejection). With
`--full-roster EMPLOYER` that employer's policies missing from the file are terminated and their
holders told. Rows go in batches, so 100,000 policies take seconds (bench/import.py).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, insert, select

from core.clock import Clock
from core.family import Family
from core.i18n import fold
from core.latin import CYRILLIC
from core.notifications import Notifications, Payload, Person
from core.people import (
    NUMBER_LENGTH,
    PRINTED_NUMBER_LENGTH,
    Invalid,
    canonical_policy_number,
    normalize_email,
    normalize_phone,
    printed_policy_number,
)
from core.policies import ExpiringPolicy, schedule_expiry_reminders
from storage.db import Database
from storage.models import Clinic, ClinicProgram, Policy, Program, ServiceReceived
from storage.repositories.policies import PolicyRepository
from storage.sql import insert_ignoring_conflicts, upsert

BATCH = 2000
COORDINATE_DECIMALS = 7
KINDS = ("clinics", "programs", "policies", "services")
COLUMNS = {
    "clinics": [
        "external_id", "name", "address", "phone", "lat", "lon", "online_booking",
        "specialties", "programs",
    ],
    "programs": ["code", "name", "kind", "description", "covers"],
    "policies": [
        "policy_number", "kind", "program", "last_name", "first_name", "middle_name",
        "birth_date", "start_date", "end_date", "email", "phone", "employer", "franchise_percent",
    ],
    "services": ["service_id", "policy_number", "date", "clinic_external_id", "service", "cost"],
}  # fmt: skip


class Unreadable(Exception):
    """The file cannot be imported at all (missing, not UTF-8 CSV, wrong columns): exit 2."""


class RowError(ValueError):
    pass


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


@dataclass
class ImportReport:
    kind: str
    taken: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    warnings: list[Rejected] = field(default_factory=list)  # taken, with a remark
    terminated: int = 0
    withdrawn: int = 0  # slots: future ones missing from a newer file of their clinic and day
    family_linked: int = 0  # family members' policies linked to the account they are tied to

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0

    def summary(self) -> str:
        parts = [f"{self.kind}: {self.taken:,} taken", f"{len(self.rejected):,} rejected"]
        if self.placeholders:
            parts.append(f"{len(self.placeholders)} placeholder programme(s) created")
        if self.withdrawn:
            parts.append(f"{self.withdrawn:,} slots withdrawn (missing from the file)")
        if self.terminated:
            parts.append(f"{self.terminated:,} policies terminated (missing from the roster)")
        if self.family_linked:
            parts.append(f"{self.family_linked:,} family members' policies linked")
        return ", ".join(parts)


def _required(row: dict[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    if not value:
        raise RowError(f"{name} is empty")
    return value


def _date(row: dict[str, str], name: str) -> date:
    value = _required(row, name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(f"bad date in {name}: {value!r} (expected YYYY-MM-DD)") from None


def _kind(row: dict[str, str]) -> str:
    kind = _required(row, "kind").upper()
    if kind not in {"DMS", "VZR"}:
        raise RowError(f"unknown kind {kind!r} (expected DMS or VZR)")
    return kind


def _optional(row: dict[str, str], name: str) -> str | None:
    return (row.get(name) or "").strip() or None


def parse_program(row: dict[str, str], now: datetime) -> dict[str, Any]:
    """The five columns of old files, then the optional ones (README.md, «The programmes
    file»): a column absent from the file, or empty, is stored as not given (None)."""
    warnings = []
    for name in ("territory", "assistance_company"):
        value = _optional(row, name)
        if value is not None and CYRILLIC.search(value):
            warnings.append(
                f"{name} {value!r} is not in Latin script: transliterated for consulates"
            )
    sum_insured, currency = _sum_insured(row)
    phone = _optional(row, "assistance_phone")
    if phone is not None:
        try:
            phone = normalize_phone(phone)
        except Invalid:
            warnings.append(f"assistance_phone {phone!r} kept as given (not a number we can dial)")
    values: dict[str, Any] = {
        "code": _required(row, "code"),
        "name": _required(row, "name"),
        "kind": _kind(row),
        "description": (row.get("description") or "").strip(),
        "covers": (row.get("covers") or "").strip(),
        "name_en": _optional(row, "name_en"),
        "description_en": _optional(row, "description_en"),
        "covers_en": _optional(row, "covers_en"),
        "territory": _optional(row, "territory"),
        "sum_insured": sum_insured,
        "currency": currency,
        "assistance_company": _optional(row, "assistance_company"),
        "assistance_phone": phone,
        "placeholder": False,
        "updated_at": now,
    }
    if warnings:
        values[WARNING] = "; ".join(warnings)
    return values


def _sum_insured(row: dict[str, str]) -> tuple[Decimal | None, str | None]:
    """(amount, ISO 4217 currency): both or neither."""
    text, currency = _optional(row, "sum_insured"), _optional(row, "currency")
    if text is None and currency is None:
        return None, None
    if text is None or currency is None:
        raise RowError("sum_insured and currency go together (e.g. 50000,EUR)")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise RowError(f"bad sum_insured {text!r} (expected a number like 50000)") from None
    if not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise RowError(f"bad sum_insured {text!r} (expected a number like 50000)")
    if not re.fullmatch(r"[A-Z]{3}", currency.upper()):
        raise RowError(f"bad currency {currency!r} (expected a code like EUR or USD)")
    return amount, currency.upper()


def parse_policy(row: dict[str, str], now: datetime) -> dict[str, Any]:
    start, end = _date(row, "start_date"), _date(row, "end_date")
    if end < start:
        raise RowError(f"end_date {end} is before start_date {start}")
    percent_text = (row.get("franchise_percent") or "0").strip() or "0"
    try:
        percent = int(percent_text)
    except ValueError:
        raise RowError(f"franchise_percent {percent_text!r} is not a whole number") from None
    if not 0 <= percent <= 100:
        raise RowError(f"franchise_percent {percent} is not within 0–100")
    email = (row.get("email") or "").strip() or None
    phone = (row.get("phone") or "").strip() or None
    try:
        email = normalize_email(email) if email else None
    except Invalid:
        raise RowError(f"bad email {email!r}") from None
    try:
        phone = normalize_phone(phone) if phone else None
    except Invalid:
        raise RowError(f"bad phone {phone!r}") from None
    printed = printed_policy_number(_required(row, "policy_number"))
    number = canonical_policy_number(printed)
    if len(printed) > PRINTED_NUMBER_LENGTH or len(number) > NUMBER_LENGTH:
        raise RowError(
            f"policy_number is longer than {NUMBER_LENGTH} characters "
            f"(or {PRINTED_NUMBER_LENGTH} with spaces and dashes)"
        )
    family_of, relation = _family(row, number)
    return {
        "number": number,
        "printed_number": printed,
        "kind": _kind(row),
        "program_code": _required(row, "program"),
        "last_name": _required(row, "last_name"),
        "first_name": _required(row, "first_name"),
        "middle_name": (row.get("middle_name") or "").strip() or None,
        "birth_date": _date(row, "birth_date"),
        "start_date": start,
        "end_date": end,
        "email": email,
        "phone": phone,
        "employer": _required(row, "employer"),
        "franchise_percent": percent,
        "family_of": family_of,
        "relation": relation,
        "terminated_at": None,  # present in the roster: in force (again)
        "updated_at": now,
    }


RELATIONS = ("spouse", "child", "parent")


def _family(row: dict[str, str], number: str) -> tuple[str | None, str | None]:
    """The optional `holder_policy_number` and `relation` (README, «The policies file»): a family
    member's policy names the employee's and who they are to them — both or neither."""
    holder_text, relation = _optional(row, "holder_policy_number"), _optional(row, "relation")
    if holder_text is None and relation is None:
        return None, None
    if holder_text is None or relation is None:
        raise RowError("holder_policy_number and relation go together: give both or neither")
    relation = relation.lower()
    if relation not in RELATIONS:
        raise RowError(f"relation {relation!r} is not one of {', '.join(RELATIONS)}")
    holder = canonical_policy_number(holder_text)
    if not holder or len(holder) > NUMBER_LENGTH:
        raise RowError(f"bad holder_policy_number {holder_text!r}")
    if holder == number:
        raise RowError("holder_policy_number is the policy's own number")
    return holder, relation


def parse_service(row: dict[str, str], now: datetime) -> dict[str, Any]:
    cost_text = _required(row, "cost")
    try:
        cost = Decimal(cost_text)
    except InvalidOperation:
        raise RowError(f"bad cost {cost_text!r} (expected roubles like 1500.00)") from None
    if cost < 0 or cost.as_tuple().exponent < -2:  # type: ignore[operator]
        raise RowError(f"bad cost {cost_text!r} (expected roubles like 1500.00)")
    return {
        "service_id": _required(row, "service_id"),
        "policy_number": canonical_policy_number(_required(row, "policy_number")),
        "date": _date(row, "date"),
        "clinic_external_id": _required(row, "clinic_external_id"),
        "service": _required(row, "service"),
        "cost": cost,
        "updated_at": now,
    }


def _coordinate(row: dict[str, str], name: str, limit: float) -> float:
    text = _required(row, name)
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"bad {name} {text!r} (expected a number such as 55.7558)") from None
    if not -limit <= value <= limit:
        raise RowError(f"{name} {value} is out of range (−{limit:g}…{limit:g})")
    # 7 decimals: about a centimetre, OpenStreetMap's own precision. Never a subnormal like 1e-310,
    # which would break PostgreSQL's geometric index ("value out of range: underflow").
    return round(value, COORDINATE_DECIMALS)


def _list(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(";") if item.strip()]


def parse_clinic(row: dict[str, str], now: datetime) -> dict[str, Any]:
    lat, lon = _coordinate(row, "lat", 90), _coordinate(row, "lon", 180)
    if lat == 0 and lon == 0:
        raise RowError("coordinates 0,0 (missing, not a place in Moscow)")
    booking = _required(row, "online_booking").lower()
    if booking not in {"true", "false"}:
        raise RowError(f"online_booking {booking!r} (expected true or false)")
    zone = (row.get("timezone") or "").strip() or None
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise RowError(f"unknown timezone {zone!r}") from None
    email = (row.get("email") or "").strip() or None
    try:
        email = normalize_email(email) if email else None
    except Invalid:
        raise RowError(f"bad email {email!r}") from None
    values: dict[str, Any] = {
        "external_id": _required(row, "external_id"),
        "name": _required(row, "name"),
        "address": (row.get("address") or "").strip(),
        "phone": None,
        "lat": lat,
        "lon": lon,
        "online_booking": booking == "true",
        "specialties": ";".join(_list(row.get("specialties"))),
        "timezone": zone,
        "email": email,
        "demo": False,  # the insurer's own row: real, even where the demo had loaded it
        "updated_at": now,
        PROGRAMS_OF: _list(row.get("programs")),
    }
    values["search_text"] = fold(f"{values['name']} {values['address']}")
    phone = (row.get("phone") or "").strip()
    if phone:
        try:
            values["phone"] = normalize_phone(phone)
        except Invalid:
            values["phone"] = phone
            values[WARNING] = f"phone {phone!r} kept as given (not a number we can dial)"
    return values


PARSERS: dict[str, Callable[[dict[str, str], datetime], dict[str, Any]]] = {
    "clinics": parse_clinic,
    "programs": parse_program,
    "policies": parse_policy,
    "services": parse_service,
}
KEYS = {
    "clinics": "external_id",
    "programs": "code",
    "policies": "number",
    "services": "service_id",
}
MODELS: dict[str, Any] = {
    "clinics": Clinic,
    "programs": Program,
    "policies": Policy,
    "services": ServiceReceived,
}
PROGRAMS_OF = "_programs"  # a clinic's programme codes: rows of clinic_programs, not a column
WARNING = "_warning"


def read_rows(path: Path) -> tuple[int, Iterator[tuple[int, dict[str, str]]]]:
    """(row count, rows with their line numbers); Unreadable for a file that is not our CSV."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise Unreadable(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise Unreadable(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise Unreadable(f"{path}: {error.strerror}") from None
    return text.count("\n"), _rows(text)


def _rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        if None in row:  # more fields than the header
            row.pop(None)
        yield reader.line_num, row


class Importer:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        notifications: Notifications,
        family: Family | None = None,
    ) -> None:
        """`family`: family members' policies a roster ties to a policy someone holds are
        linked to that account after a policies import (core/family.py)."""
        self.db = db
        self.clock = clock
        self.notifications = notifications
        self.family = family

    async def run(
        self,
        kind: str,
        path: Path,
        *,
        full_roster: str | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        if kind not in KINDS:
            raise Unreadable(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
        _count, rows = read_rows(path)
        return await self.take(
            kind, rows, source=str(path), full_roster=full_roster, progress=progress
        )

    async def take(
        self,
        kind: str,
        rows: Iterable[tuple[int, dict[str, str]]],
        *,
        source: str,
        full_roster: str | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Rows as a CSV file of `kind` would give them (line number, columns): `dmsbot demo`."""
        if full_roster is not None and kind != "policies":
            raise Unreadable("--full-roster is for policies")
        report = ImportReport(kind)
        header_checked = False
        seen: dict[str, int] = {}
        batch: list[tuple[int, dict[str, Any]]] = []
        now = self.clock.now()
        parse, key = PARSERS[kind], KEYS[kind]
        for line, row in rows:
            if not header_checked:
                missing = [c for c in COLUMNS[kind] if c not in row]
                if missing:
                    raise Unreadable(f"{source}: missing columns {', '.join(missing)}")
                header_checked = True
            try:
                values = parse(row, now)
            except RowError as error:
                report.rejected.append(Rejected(line, str(error)))
                continue
            warning = values.pop(WARNING, None)
            if warning is not None:
                report.warnings.append(Rejected(line, warning))
            first = seen.setdefault(values[key], line)
            if first != line:
                report.rejected.append(
                    Rejected(line, f"duplicate {key} {values[key]!r} (first on line {first})")
                )
                continue
            batch.append((line, values))
            if len(batch) >= BATCH:
                await self._write(kind, batch, report)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            await self._write(kind, batch, report)
            if progress:
                progress(len(batch))
        if full_roster is not None:
            report.terminated = await self._terminate_missing(full_roster, set(seen))
        if kind == "policies" and self.family is not None:
            async with self.db.unit_of_work():
                report.family_linked = await self.family.attach_all()
        report.rejected.sort(key=lambda rejected: rejected.line)
        return report

    async def _write(
        self, kind: str, batch: Sequence[tuple[int, dict[str, Any]]], report: ImportReport
    ) -> None:
        async with self.db.unit_of_work() as session:
            rows = [values for _line, values in batch]
            if kind == "policies":
                await self._placeholders({v["program_code"]: v["kind"] for v in rows}, report)
            if kind == "services":
                numbers = {v["policy_number"] for v in rows}
                known = await PolicyRepository(session).known_numbers(numbers)
                kept = []
                for line, values in batch:
                    if values["policy_number"] in known:
                        kept.append(values)
                    else:
                        report.rejected.append(
                            Rejected(line, f"unknown policy {values['policy_number']!r}")
                        )
                rows = kept
            linked = await self._linked_ends(rows) if kind == "policies" else {}
            programs_of = (
                {v["external_id"]: v.pop(PROGRAMS_OF) for v in rows} if kind == "clinics" else {}
            )
            if programs_of:
                codes = {code for codes in programs_of.values() for code in codes}
                await self._placeholders(dict.fromkeys(codes, "DMS"), report)
            if rows:
                model, key = MODELS[kind], KEYS[kind]
                columns = [c for c in rows[0] if c != key]
                await session.execute(upsert(session, model, [key], columns), rows)
            if programs_of:
                await self._clinic_programs(programs_of)
            for values in rows:
                if (before := linked.get(values.get("number", ""))) is not None:
                    await self._reminders_follow(values, *before)
            report.taken += len(rows)

    async def _reminders_follow(
        self, values: dict[str, Any], end: date, printed: str, user_id: int
    ) -> None:
        """A linked policy's reminders follow its row: a new end, new reminders; a new spelling
        of its number, the pending ones say it."""
        policy = ExpiringPolicy(values["number"], values["printed_number"], values["end_date"])
        group = f"policy:{policy.number}"
        if end != policy.end:
            await self.notifications.cancel(group=group)
            await schedule_expiry_reminders(self.notifications, policy, user_id, self.clock.now())
        elif printed != policy.printed_number:
            await self.notifications.set_param(
                group=group, name="number", value=policy.printed_number
            )

    async def _linked_ends(
        self, rows: Sequence[dict[str, Any]]
    ) -> dict[str, tuple[date, str, int]]:
        """End dates, printed numbers and holders' accounts of the batch's policies that someone
        has linked."""
        numbers = [values["number"] for values in rows]
        return await PolicyRepository(self.db.session).linked_ends(numbers)

    async def _clinic_programs(self, programs_of: dict[str, list[str]]) -> None:
        """A clinic's programmes are what its latest row says."""
        session = self.db.session
        found = await session.execute(
            select(Clinic.external_id, Clinic.id).where(Clinic.external_id.in_(programs_of))
        )
        ids = {external: clinic_id for external, clinic_id in found}
        await session.execute(
            delete(ClinicProgram).where(ClinicProgram.clinic_id.in_(ids.values()))
        )
        pairs = [
            {"clinic_id": ids[external], "program_code": code}
            for external, codes in programs_of.items()
            for code in dict.fromkeys(codes)
        ]
        if pairs:
            await session.execute(insert(ClinicProgram), pairs)

    async def _placeholders(self, codes: dict[str, str], report: ImportReport) -> None:
        session = self.db.session
        known = set(
            (await session.scalars(select(Program.code).where(Program.code.in_(codes)))).all()
        )
        for code, kind in codes.items():
            if code in known:
                continue
            await session.execute(
                insert_ignoring_conflicts(
                    session,
                    Program,
                    code=code,
                    name=code,
                    kind=kind,
                    description="",
                    covers="",
                    placeholder=True,
                    updated_at=self.clock.now(),
                )
            )
            report.placeholders.append(code)

    async def _terminate_missing(self, employer: str, present: set[str]) -> int:
        """Terminate the employer's policies missing from the file; tell their holders."""
        now = self.clock.now()
        async with self.db.unit_of_work() as session:
            policies = PolicyRepository(session)
            missing = await policies.in_force_of_employer(employer)
            gone = [(n, printed, holder) for n, printed, holder in missing if n not in present]
            for start in range(0, len(gone), BATCH):
                numbers = [number for number, _printed, _holder in gone[start : start + BATCH]]
                await policies.terminate(numbers, now)
            for number, printed, holder in gone:
                if holder is not None:
                    await self.notifications.cancel(group=f"policy:{number}")  # no expiry notes
                    await self.notifications.schedule(
                        "policy_terminated",
                        Person(holder),
                        now,
                        Payload("policy-terminated", {"number": printed}),
                        f"policy-terminated:{number}:{now.date()}",
                    )
        return len(gone)
