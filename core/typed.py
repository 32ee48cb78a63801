"""Short answers a person types instead of pressing a button, in Russian and English: «нет» for
no patronymic, «принимаю» for a consent, «ж» for the sex, «загранпаспорт» for the document.

Each takes what was typed (any case, spaces and punctuation around it: `core.i18n.fold`) and
names the answer, or None when the text is not one of these words; the steps still match their
buttons' own texts through the catalogue first."""

from __future__ import annotations

import re
import unicodedata

from core.i18n import fold
from core.people import DocumentType

# No patronymic (middle name).
NONE_WORDS = frozenset({"нет", "нету", "нет отчества", "без отчества", "none", "no", "n a", "na"})
# A consent given (the terms, the personal data).
YES_WORDS = frozenset(
    {
        "принимаю",
        "согласен",
        "согласна",
        "да",
        "даю согласие",
        "i accept",
        "accept",
        "accepted",
        "agree",
        "i agree",
        "yes",
    }
)
# What was entered is right: a summary confirmed (sign-up's, the booking's). Folded («ё» is «е»).
CORRECT_WORDS = frozenset(
    {
        "да",
        "верно",
        "все верно",
        "правильно",
        "все правильно",
        "подтверждаю",
        "ок",
        "ok",
        "yes",
        "correct",
        "all correct",
        "confirm",
    }
)
# The account's own person, answering «Для кого?» (core/family.py).
ME_WORDS = frozenset({"мне", "я", "себе", "для меня", "me", "myself", "for me", "i"})
# Who a family member is to the account's person («👨‍👩‍👧 Семья», core/family.py). Folded.
RELATION_WORDS = {
    "child": frozenset(
        {"ребенок", "сын", "дочь", "дочка", "дети", "child", "son", "daughter", "kid"}
    ),
    "spouse": frozenset(
        {"супруг", "супруга", "супруг а", "муж", "жена", "spouse", "husband", "wife"}
    ),
    "parent": frozenset(
        {"родитель", "мама", "папа", "мать", "отец", "parent", "mother", "father", "mum", "dad"}
    ),
}
# What a family calls its members («маша» for Мария), folded, and the full first names each may
# stand for: «Для кого?» takes them as it takes the full name.
DIMINUTIVES: dict[str, frozenset[str]] = {
    short: frozenset(full.split("/"))
    for short, full in {
        "маша": "мария", "даша": "дарья", "саша": "александр/александра", "лена": "елена",
        "катя": "екатерина", "настя": "анастасия", "аня": "анна", "таня": "татьяна",
        "оля": "ольга", "наташа": "наталья/наталия", "ира": "ирина", "юля": "юлия",
        "света": "светлана", "вика": "виктория", "ксюша": "ксения", "соня": "софья/софия",
        "поля": "полина", "лиза": "елизавета", "варя": "варвара", "женя": "евгений/евгения",
        "ваня": "иван", "дима": "дмитрий", "миша": "михаил", "петя": "петр", "коля": "николай",
        "сережа": "сергей", "леша": "алексей", "паша": "павел", "вова": "владимир",
        "костя": "константин", "тема": "артем", "макс": "максим", "гоша": "георгий",
        "егорка": "егор", "андрюша": "андрей", "федя": "федор", "галя": "галина",
        "люда": "людмила", "надя": "надежда", "валя": "валентина/валентин", "тома": "тамара",
        "вера": "вера", "слава": "вячеслав/ярослав/владислав/станислав",
    }.items()
}  # fmt: skip
SEX_WORDS = {
    "m": frozenset({"м", "муж", "мужской", "мужчина", "m", "male", "man"}),
    "f": frozenset({"ж", "жен", "женский", "женщина", "f", "female", "woman"}),
}
DOCUMENT_WORDS = {
    DocumentType.RF_PASSPORT: frozenset(
        {"паспорт", "паспорт рф", "российский паспорт", "passport", "russian passport"}
    ),
    DocumentType.RF_INTERNATIONAL: frozenset(
        {
            "загранпаспорт",
            "загран",
            "загранпаспорт рф",
            "заграничный паспорт",
            "international passport",
            "international",
        }
    ),
    DocumentType.FOREIGN: frozenset(
        {
            "иностранный паспорт",
            "паспорт иностранного гражданина",
            "паспорт иностранца",
            "foreign passport",
            "foreign",
        }
    ),
}


def means_none(typed: str | None) -> bool:
    """«нет», «None», « no. »: there is nothing to give (no patronymic)."""
    return fold(typed or "") in NONE_WORDS


def means_yes(typed: str | None) -> bool:
    """«принимаю», «Согласна!», «I accept»: a consent given."""
    return fold(typed or "") in YES_WORDS


def means_correct(typed: str | None) -> bool:
    """«да», «Всё верно!», «correct»: a summary confirmed as it is."""
    return fold(typed or "") in CORRECT_WORDS


def typed_sex(typed: str | None) -> str | None:
    """ "m" for «м», «муж», «Male»; "f" for «ж», «жен», «female»; else None."""
    folded = fold(typed or "")
    return next((sex for sex, words in SEX_WORDS.items() if folded in words), None)


def typed_relation(typed: str | None) -> str | None:
    """A relation typed («сын», «жена», «мама»), or None."""
    folded = fold(typed or "")
    return next((name for name, words in RELATION_WORDS.items() if folded in words), None)


def typed_document_type(typed: str | None) -> DocumentType | None:
    """The document a word names: «паспорт», «загранпаспорт», «foreign passport»."""
    folded = fold(typed or "")
    return next((kind for kind, words in DOCUMENT_WORDS.items() if folded in words), None)


def ascii_digits(text: str) -> str:
    """Every decimal digit as its ASCII one: «١٢٥٠٠» (Arabic-Indic), «１２５００» (full-width) are
    12500 as a keyboard in another script types it. Digits that are not decimal ones («²», «½»,
    «①») stay as they are, and what reads numbers refuses them."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def place_in_list(text: str, size: int) -> int | None:
    """A place typed in a numbered list of `size` («2», «٢», «2.»), as an index from 0; None for
    anything else («²», «0», «12» in a list of 3, a word)."""
    place = ascii_digits(text.strip().rstrip("."))
    if not re.fullmatch(r"[0-9]{1,3}", place) or not 1 <= int(place) <= size:
        return None
    return int(place) - 1
