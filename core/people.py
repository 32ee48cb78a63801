"""What a person types at sign-up, checked and normalised: e-mail, phone, names, birth date,
identity document. Each parser raises `Invalid(reason)`; the reason names a catalogue text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from core.dates import NoSuchDay, NotADate, parse_date


class Invalid(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # e.g. "birth-too-young": the catalogue key is "signup-bad-<reason>"


def normalize_email(text: str) -> str:
    """Syntax checked (no DNS lookups), case folded: «Anna@Mail.RU » → "anna@mail.ru"."""
    try:
        valid = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise Invalid("email") from None
    return valid.normalized.casefold()


def normalize_phone(text: str, region: str = "RU") -> str:
    """A phone number in E.164 (+79991234567); «8 (999) 123-45-67» counts as Russian."""
    cleaned = text.strip()
    if not re.fullmatch(r"[+\d\s()\-.]{5,25}", cleaned):
        raise Invalid("phone")
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        raise Invalid("phone") from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid("phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def international(phone: str) -> str:
    """A stored phone as people dial it abroad: «+44 20 7946 0000» from E.164; one kept as given
    (not a number we could parse) stays as it is."""
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return phone


def canonical_policy_number(text: str) -> str:
    """Any spaces, dashes and case forgiven: «дмс 12-345» and «ДМС12345» are one number (so the
    canonical form of a number as printed is the canonical form of the number)."""
    return "".join(text.upper().split()).replace("-", "")


NUMBER_LENGTH = 40  # `Policy.number`, the canonical form
PRINTED_NUMBER_LENGTH = 60  # `Policy.printed_number`, `IdentityCheck.policy_number`


def printed_policy_number(text: str) -> str:
    """A policy number as written (on the policy, in the roster), for showing: trimmed, a run of
    spaces as one. Look-ups use `canonical_policy_number`."""
    return " ".join(text.split())


def typed_policy_number(text: str) -> str:
    """A number a person typed, to show back to them while it is not provably theirs (showing
    the roster's spelling would tell that it exists): as written, or canonical when that is too
    long to keep."""
    written = printed_policy_number(text)
    return written if len(written) <= PRINTED_NUMBER_LENGTH else canonical_policy_number(text)


_POLICY_NUMBER = re.compile(rf"[0-9A-ZА-ЯЁ]{{3,{NUMBER_LENGTH}}}")


def looks_like_policy_number(text: str) -> bool:
    """Whether a message outside the number step is a policy number rather than words: one to
    three parts with a digit among them, letters and digits only once spaces and dashes go
    («ДМС-ДЕМО-0001», «дмс 12 345»; not «привет», not «запись на 25.11»)."""
    parts = text.split()
    number = canonical_policy_number(text)
    return (
        1 <= len(parts) <= 3
        and any(ch.isdigit() for ch in number)
        and _POLICY_NUMBER.fullmatch(number) is not None
    )


_NAME = re.compile(r"[^\W\d_]+(?:[-' ’][^\W\d_]+)*")


def parse_name(text: str) -> str:
    """Letters, with hyphens, apostrophes or spaces between parts: «Петрова-Водкина», «Д'Артаньян».
    A name typed all in one case gets capitals: «иванов» → «Иванов»."""
    name = " ".join(text.split())
    if not 1 <= len(name) <= 60 or not _NAME.fullmatch(name):
        raise Invalid("name")
    if name.islower() or name.isupper():
        name = "-".join(part.capitalize() for part in name.split("-"))
        name = " ".join(part[:1].upper() + part[1:] for part in name.split(" "))
    return name


MIN_AGE, MAX_AGE = 18, 120


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def parse_birth_date(text: str, today: date) -> date:
    """A date as people type it (`core.dates`: «07.03.1990», «7.3.90», «7 марта 1990», «March 7,
    1990»): a real date, not in the future, age 18–120."""
    try:
        born = parse_date(text, today)
    except NotADate:
        raise Invalid("birth-format") from None
    except NoSuchDay:
        raise Invalid("birth-not-real") from None
    if born > today:
        raise Invalid("birth-future")
    age = age_on(born, today)
    if age < MIN_AGE:
        raise Invalid("birth-too-young")
    if age > MAX_AGE:
        raise Invalid("birth-too-old")
    return born


class DocumentType(StrEnum):
    RF_PASSPORT = "rf-passport"
    RF_INTERNATIONAL = "rf-international"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class Document:
    type: DocumentType
    series: str | None
    number: str

    def masked(self) -> str:
        """For screens: the last four characters only («•••• 3456»)."""
        return f"•••• {self.number[-4:]}"

    def full(self) -> str:
        return f"{self.series} {self.number}" if self.series else self.number


_DOCUMENT_SHAPES = {
    DocumentType.RF_PASSPORT: re.compile(r"(\d{4})(\d{6})"),
    DocumentType.RF_INTERNATIONAL: re.compile(r"(\d{2})(\d{7})"),
}


def parse_document(kind: DocumentType, text: str) -> Document:
    """Series and number: паспорт РФ 4 + 6 digits («45 10 123456»), загранпаспорт РФ 2 + 7, a
    foreign passport 1–20 letters or digits (no series)."""
    compact = re.sub(r"[\s\-№]", "", text).upper()
    shape = _DOCUMENT_SHAPES.get(kind)
    if shape is None:
        if not re.fullmatch(r"[A-ZА-ЯЁ0-9]{1,20}", compact):
            raise Invalid(f"document-{kind}")
        return Document(kind, None, compact)
    match = shape.fullmatch(compact)
    if match is None:
        raise Invalid(f"document-{kind}")
    return Document(kind, match.group(1), match.group(2))
