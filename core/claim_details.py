"""What a reimbursement claim is made of, as people type it: the amount and its currency, the
bank details (a Russian account number, its bank's BIC, the recipient's name), the date of care.
Pure functions: each returns the value as kept, or raises `Unreadable` naming what is wrong (a
catalogue key's ending) so the step can say what it expects.

The account number is checked against the BIC with the Central Bank's control key (Положение
ЦБ РФ № 579-П, «порядок расчёта контрольного ключа»): the BIC's last three digits (for a
settlement centre's BIC ending in «000»: «0» and its 5th–6th digits) followed by the 20 digits of
the account, weighted 7, 1, 3 over and over, the last digits of the products summing to a
multiple of 10."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from babel.numbers import is_currency

from core.crypto import DataKeys
from core.i18n import fold
from core.money import CURRENCY, minor_digits
from core.typed import ascii_digits

# The most one claim may ask for, in the currency's major units: a cap that catches a typo's
# extra zeros, not a price. 100 000 in a currency not named here (EUR, USD, GBP, CHF…); where a
# unit is worth much less, about as much money as 100 000 euros, rounded generously.
MAX_AMOUNTS: dict[str, int] = {
    "RUB": 10_000_000,
    "AED": 500_000,
    "CNY": 1_000_000,
    "TRY": 5_000_000,
    "THB": 5_000_000,
    "KZT": 60_000_000,
    "UZS": 1_500_000_000,
    "AMD": 50_000_000,
    "GEL": 500_000,
    "EGP": 6_000_000,
    "INR": 10_000_000,
    "LKR": 40_000_000,
    "VND": 3_000_000_000,
    "IDR": 2_000_000_000,
    "JPY": 20_000_000,
    "KRW": 200_000_000,
}
MAX_AMOUNT_ELSE = 100_000
ACCOUNT_DIGITS, BIC_DIGITS = 20, 9
NAME_LETTERS = 120


class Unreadable(ValueError):
    """What was typed is not what the step expects; `problem` says how (a catalogue key's end)."""

    def __init__(self, problem: str, **values: str | int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.values = values  # what its text names besides (the cap, the field)


def _non_ascii_digit(text: str) -> bool:
    return any(ch.isnumeric() and not ch.isascii() for ch in text)


# -- the amount ---------------------------------------------------------------------------------

# Words and signs people write for a currency, folded (core.i18n.fold: lower case, «ё» as «е»,
# punctuation around dropped).
CURRENCY_WORDS: dict[str, str] = {
    **dict.fromkeys(("₽", "р", "руб", "рубль", "рубля", "рублей", "rub", "rur"), "RUB"),
    **dict.fromkeys(("€", "евро", "eur", "euro", "euros"), "EUR"),
    **dict.fromkeys(("$", "usd", "долл", "доллар", "доллара", "долларов", "dollar"), "USD"),
    **dict.fromkeys(("us$", "dollars"), "USD"),
    **dict.fromkeys(("£", "gbp", "фунт", "фунта", "фунтов"), "GBP"),
    **dict.fromkeys(("₺", "лир", "лира", "лиры"), "TRY"),
    **dict.fromkeys(("₸", "тенге"), "KZT"),
    **dict.fromkeys(("юань", "юаня", "юаней"), "CNY"),
    **dict.fromkeys(("дирхам", "дирхама", "дирхамов"), "AED"),
    **dict.fromkeys(("бат", "бата", "батов"), "THB"),
}
_AMOUNT = re.compile(
    r"(?P<before>[^0-9.,\s][^0-9]*?)?\s*(?P<number>[0-9][0-9\s\u00a0\u202f'.,]*?)\s*"
    r"(?P<after>[^0-9\s.,][^0-9]*)?"
)
_SPACES = re.compile(r"[\s\u00a0\u202f']")


@dataclass(frozen=True)
class Amount:
    minor: int  # in the currency's minor units (kopecks, cents)
    currency: str  # ISO 4217


def max_amount(currency: str) -> int:
    """The most one claim may ask for in `currency`, in its major units."""
    return MAX_AMOUNTS.get(currency, MAX_AMOUNT_ELSE)


def _currency(word: str) -> str:
    folded = fold(word).replace(".", "").strip()
    if not folded:
        folded = word.strip().rstrip(".")  # a sign alone («€», «$») folds to nothing
    if folded in CURRENCY_WORDS:
        return CURRENCY_WORDS[folded]
    code = folded.upper()
    if re.fullmatch(r"[A-Z]{3}", code) and is_currency(code):
        return code
    raise Unreadable("currency-unknown")


def _number(text: str) -> Decimal:
    """«12 500», «12500,50», «1,234.56», «120.5»: the decimal separator is the last of «,» and
    «.»; a single one followed by exactly three digits groups thousands («12.500»)."""
    digits = _SPACES.sub("", text)
    separators = [ch for ch in digits if ch in ",."]
    if separators:
        last = max(digits.rfind(","), digits.rfind("."))
        whole, fraction = digits[:last], digits[last + 1 :]
        one_kind = len(set(separators)) == 1
        if one_kind and (len(separators) > 1 or len(fraction) == 3):
            whole, fraction = digits, ""  # thousands only: «12.500», «1,234,567»
        whole = whole.replace(",", "").replace(".", "")
        digits = f"{whole}.{fraction}" if fraction else whole
    try:
        return Decimal(digits)
    except InvalidOperation:
        raise Unreadable("amount-unreadable") from None


def parse_amount(text: str, *, policy_kind: str, currency: str | None = None) -> Amount:
    """An amount as typed: «12 500», «12 500 ₽», «120,50 €», «120.5 EUR», «$80». Under a ДМС
    policy it is in roubles; under a ВЗР policy the currency must be named unless `currency` is
    given (an operator's amount for a claim: that claim's currency, or none typed). Digits of
    another script are read as theirs (`ascii_digits`); «²» and the like are not digits here.
    Each currency has its cap (`max_amount`): past it, `amount-too-big` with the cap (`max`,
    minor units, and `currency`)."""
    text = ascii_digits(text)
    found = None if _non_ascii_digit(text) else _AMOUNT.fullmatch(" ".join(text.split()))
    if found is None:
        raise Unreadable("amount-unreadable")
    words = [w for w in (found.group("before"), found.group("after")) if w and w.strip()]
    if len(words) > 1:
        raise Unreadable("amount-unreadable")
    named = _currency(words[0]) if words else None
    if currency is not None:
        if named is not None and named != currency:
            raise Unreadable("currency-other")
        named = currency
    elif policy_kind != "VZR":
        if named not in (None, CURRENCY):
            raise Unreadable("currency-roubles-only")
        named = CURRENCY
    elif named is None:
        raise Unreadable("currency-needed")
    value = _number(found.group("number"))
    digits = minor_digits(named)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > digits:
        raise Unreadable("amount-fraction")
    if value <= 0:
        raise Unreadable("amount-zero")
    if value > max_amount(named):
        raise Unreadable("amount-too-big", max=max_amount(named) * 10**digits, currency=named)
    return Amount(int(value.scaleb(digits)), named)


# -- the bank details ---------------------------------------------------------------------------


def _digits(text: str) -> str:
    """The ASCII digits of what was typed (`ascii_digits`), spaces and dashes between them
    allowed; anything else, «²» among it, and it is no number ("")."""
    squeezed = re.sub(r"[\s\u00a0\u202f\-]", "", ascii_digits(text))
    return squeezed if re.fullmatch(r"[0-9]+", squeezed) else ""


def parse_bic(text: str) -> str:
    """A Russian bank's BIC: 9 digits beginning with «04» (the country's code)."""
    bic = _digits(text)
    if len(bic) != BIC_DIGITS:
        raise Unreadable("bic-digits")
    if not bic.startswith("04"):
        raise Unreadable("bic-format")
    return bic


def control_key_holds(account: str, bic: str) -> bool:
    """Whether the account's control key (its 9th digit) fits the bank's BIC (Bank of Russia)."""
    prefix = "0" + bic[4:6] if bic[6:] == "000" else bic[6:]
    weights = ((7, 1, 3) * 8)[: len(prefix) + ACCOUNT_DIGITS]
    pairs = zip(prefix + account, weights, strict=True)
    total = sum(int(digit) * weight % 10 for digit, weight in pairs)
    return total % 10 == 0


def parse_account(text: str, bic: str) -> str:
    """A 20-digit account number at the bank of `bic`, its control key checked."""
    account = _digits(text)
    if len(account) != ACCOUNT_DIGITS:
        raise Unreadable("account-digits")
    if not control_key_holds(account, bic):
        raise Unreadable("account-key")
    return account


def parse_recipient(text: str) -> str:
    """The recipient's full name as the bank has it: two words or more, letters (Cyrillic or
    Latin), hyphens, apostrophes, dots."""
    name = " ".join(text.split())
    if len(name) > NAME_LETTERS:
        raise Unreadable("name-long")
    words = name.split(" ")
    letters = re.compile(r"[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'’.\-]*")
    if len(words) < 2 or not all(letters.fullmatch(word) for word in words):
        raise Unreadable("name-words")
    return name


def mask_account(account: str) -> str:
    """«40817 •••• 1234»: the account's kind (its first five digits) and its last four."""
    return f"{account[:5]} •••• {account[-4:]}"


@dataclass(frozen=True)
class BankDetails:
    """Where an approved claim is paid: kept only encrypted (`seal`), shown only masked."""

    bic: str = ""
    account: str = ""
    name: str = ""

    @property
    def masked_account(self) -> str:
        return mask_account(self.account) if self.account else ""

    def seal(self, keys: DataKeys) -> str:
        return keys.encrypt(json.dumps(asdict(self), ensure_ascii=False))

    @classmethod
    def open(cls, keys: DataKeys, sealed: str) -> BankDetails:
        if not sealed:
            return cls()
        stored = json.loads(keys.decrypt(sealed))
        return cls(**{key: str(stored.get(key, "")) for key in ("bic", "account", "name")})


# -- the date of care ---------------------------------------------------------------------------


def care_date_problem(
    day: date, start: date, end: date, today: date, period: timedelta
) -> str | None:
    """Why care on `day` cannot be claimed under a policy in force `start`–`end`, filed
    `today` (claims are filed within `period` of the care); None when it can."""
    if day > today:
        return "date-future"
    if day < start or day > end:
        return "date-outside"
    if day < today - period:
        return "date-old"
    return None
