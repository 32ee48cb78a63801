"""Doctors' specialties in English and Russian: a clinic's specialties are stored as the imports
name them (Russian, lower case: «терапевт»); an English reader sees them in English
(«general practitioner»), and «therapist» or «GP» typed in either language names the same one.

The table holds the specialties the demo data and the imports use. One not in it is shown to
everyone by its own (Russian) name, and found by it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from core.folding import fold


class Specialty(NamedTuple):
    english: str  # what an English reader sees
    aliases: tuple[str, ...] = ()  # what else it may be typed as, in either language


# The Russian name as stored → its English name and other names.
KNOWN: dict[str, Specialty] = {
    "терапевт": Specialty(
        "general practitioner",
        ("therapist", "gp", "physician", "internist", "врач общей практики"),
    ),
    "педиатр": Specialty("paediatrician", ("pediatrician", "детский врач")),
    "стоматолог": Specialty("dentist", ("stomatologist", "зубной врач", "зубной")),
    "офтальмолог": Specialty(
        "ophthalmologist", ("eye doctor", "oculist", "окулист", "глазной врач")
    ),
    "оториноларинголог": Specialty(
        "otorhinolaryngologist", ("otolaryngologist", "ent", "ent doctor", "лор")
    ),
    "лор": Specialty("ENT doctor", ("ent", "otolaryngologist", "оториноларинголог")),
    "невролог": Specialty("neurologist", ("невропатолог",)),
    "кардиолог": Specialty("cardiologist"),
    "гинеколог": Specialty("gynaecologist", ("gynecologist",)),
    "хирург": Specialty("surgeon"),
    "дерматолог": Specialty("dermatologist", ("дерматовенеролог",)),
    "уролог": Specialty("urologist"),
    "эндокринолог": Specialty("endocrinologist"),
    "травматолог": Specialty(
        "traumatologist", ("orthopedist", "orthopaedist", "травматолог-ортопед", "ортопед")
    ),
    "гастроэнтеролог": Specialty("gastroenterologist"),
    "психотерапевт": Specialty("psychotherapist"),
}
_BY_FOLDED = {fold(name): known for name, known in KNOWN.items()}


def specialty_in(locale: str, specialty: str) -> str:
    """`specialty` (as a clinic names it) for a reader of `locale`: in English for an English
    reader when the table knows it, else as the clinic names it."""
    known = _BY_FOLDED.get(fold(specialty))
    return known.english if locale == "en" and known is not None else specialty


def alphabetical(locale: str, specialties: Iterable[str]) -> list[str]:
    """`specialties` (as clinics name them) in the alphabetical order of a reader of `locale`."""
    return sorted(specialties, key=lambda name: (fold(specialty_in(locale, name)), name))


def names_of(specialty: str) -> tuple[str, ...]:
    """Every way `specialty` (as a clinic names it) may be typed, folded: its own name first,
    then its English one."""
    own = fold(specialty)
    known = _BY_FOLDED.get(own)
    if known is None:
        return (own,)
    return (own, *(fold(name) for name in (known.english, *known.aliases)))


def specialty_named(options: list[str], typed: str | None) -> str | None:
    """The one of `options` (a clinic's specialties) that `typed` names by another name
    («therapist», «GP» for «терапевт»); None when none or several do."""
    wanted = fold(typed or "")
    if not wanted:
        return None
    named = [option for option in options if wanted in names_of(option)]
    return named[0] if len(named) == 1 else None
