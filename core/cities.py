"""Russia's time zones as the profile offers them, and the main cities of each: «Новосибирск»,
«Novosibirsk» or a zone button's own text («Yekaterinburg») name a zone."""

from __future__ import annotations

from core.i18n import fold

# Russia's zones, west to east (the profile's buttons), each with its main cities in Russian and
# English; a button's own text (the zone's city, `zone_label`) names it too.
CITIES: dict[str, tuple[str, ...]] = {
    "Europe/Kaliningrad": ("Калининград", "Kaliningrad"),
    "Europe/Moscow": (
        "Москва", "Moscow", "Санкт-Петербург", "Петербург", "Питер", "СПб", "Saint Petersburg",
        "St Petersburg", "Нижний Новгород", "Nizhny Novgorod", "Казань", "Kazan",
        "Ростов-на-Дону", "Rostov-on-Don", "Воронеж", "Voronezh", "Краснодар", "Krasnodar",
        "Сочи", "Sochi", "Ярославль", "Yaroslavl", "Тула", "Tula", "Мурманск", "Murmansk",
        "Архангельск", "Arkhangelsk", "Волгоград", "Volgograd", "Симферополь", "Simferopol",
        "Севастополь", "Sevastopol", "Ставрополь", "Stavropol", "Махачкала", "Makhachkala",
        "Пенза", "Penza", "Киров", "Kirov",
    ),
    "Europe/Samara": (
        "Самара", "Samara", "Тольятти", "Tolyatti", "Ижевск", "Izhevsk", "Ульяновск",
        "Ulyanovsk", "Саратов", "Saratov", "Астрахань", "Astrakhan",
    ),
    "Asia/Yekaterinburg": (
        "Екатеринбург", "Yekaterinburg", "Ekaterinburg", "Челябинск", "Chelyabinsk", "Пермь",
        "Perm", "Уфа", "Ufa", "Тюмень", "Tyumen", "Оренбург", "Orenburg", "Сургут", "Surgut",
        "Курган", "Kurgan", "Магнитогорск", "Magnitogorsk",
    ),
    "Asia/Omsk": ("Омск", "Omsk"),
    "Asia/Novosibirsk": (
        "Новосибирск", "Novosibirsk", "Томск", "Tomsk", "Барнаул", "Barnaul", "Кемерово",
        "Kemerovo", "Новокузнецк", "Novokuznetsk",
    ),
    "Asia/Krasnoyarsk": (
        "Красноярск", "Krasnoyarsk", "Норильск", "Norilsk", "Абакан", "Abakan", "Кызыл", "Kyzyl",
    ),
    "Asia/Irkutsk": (
        "Иркутск", "Irkutsk", "Улан-Удэ", "Ulan-Ude", "Братск", "Bratsk", "Ангарск", "Angarsk",
    ),
    "Asia/Yakutsk": ("Якутск", "Yakutsk", "Чита", "Chita", "Благовещенск", "Blagoveshchensk"),
    "Asia/Vladivostok": (
        "Владивосток", "Vladivostok", "Хабаровск", "Khabarovsk", "Находка", "Nakhodka",
        "Комсомольск-на-Амуре", "Komsomolsk-on-Amur",
    ),
    "Asia/Magadan": (
        "Магадан", "Magadan", "Южно-Сахалинск", "Yuzhno-Sakhalinsk", "Сахалин", "Sakhalin",
    ),
    "Asia/Kamchatka": (
        "Камчатка", "Kamchatka", "Петропавловск-Камчатский", "Petropavlovsk-Kamchatsky",
        "Анадырь", "Anadyr",
    ),
}  # fmt: skip
ZONES = tuple(CITIES)

_BY_NAME = {fold(city): zone for zone, cities in CITIES.items() for city in cities}


def zone_label(zone: str) -> str:
    """A zone's button text: its city («Asia/Yekaterinburg» → «Yekaterinburg»)."""
    return zone.split("/", 1)[1].replace("_", " ")


def zone_of_city(typed: str | None) -> str | None:
    """The IANA zone of a Russian city typed in Russian or English, any case («новосибирск»,
    «Novosibirsk», «г. Москва»); None for a city not in the table."""
    folded = fold(typed or "")
    if folded.startswith("г "):  # «г. Москва»
        folded = folded[2:]
    zone = _BY_NAME.get(folded)
    if zone is None:
        zone = next((z for z in ZONES if fold(zone_label(z)) == folded), None)
    return zone
