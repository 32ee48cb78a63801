"""Doctors' specialties in English and Russian, for a specialty typed in either language: a
clinic's specialties are stored as the imports name them (Russian, lower case: «терапевт»), and
«therapist» or «GP» names the same one.

The table holds the specialties the demo data and the imports use; one not in it is still found
by its own (Russian) name."""

from __future__ import annotations

from core.i18n import fold

# The Russian name as stored → what it may be typed as besides (English names, other names).
ALIASES: dict[str, tuple[str, ...]] = {
    "терапевт": (
        "therapist", "general practitioner", "gp", "physician", "internist", "врач общей практики",
    ),
    "педиатр": ("pediatrician", "paediatrician", "детский врач"),
    "стоматолог": ("dentist", "stomatologist", "зубной врач", "зубной"),
    "офтальмолог": ("ophthalmologist", "eye doctor", "oculist", "окулист", "глазной врач"),
    "оториноларинголог": ("otolaryngologist", "ent", "ent doctor", "лор"),
    "лор": ("ent", "ent doctor", "otolaryngologist", "оториноларинголог"),
    "невролог": ("neurologist", "невропатолог"),
    "кардиолог": ("cardiologist",),
    "гинеколог": ("gynecologist", "gynaecologist"),
    "хирург": ("surgeon",),
    "дерматолог": ("dermatologist", "дерматовенеролог"),
    "уролог": ("urologist",),
    "эндокринолог": ("endocrinologist",),
    "травматолог": ("traumatologist", "orthopedist", "травматолог-ортопед", "ортопед"),
    "гастроэнтеролог": ("gastroenterologist",),
    "психотерапевт": ("psychotherapist",),
}  # fmt: skip


def names_of(specialty: str) -> tuple[str, ...]:
    """Every way `specialty` (as a clinic names it) may be typed, folded: its own name first."""
    own = fold(specialty)
    return (own, *(fold(alias) for alias in ALIASES.get(own, ())))


def specialty_named(options: list[str], typed: str | None) -> str | None:
    """The one of `options` (a clinic's specialties) that `typed` names by another name
    («therapist», «GP» for «терапевт»); None when none or several do."""
    wanted = fold(typed or "")
    if not wanted:
        return None
    named = [option for option in options if wanted in names_of(option)]
    return named[0] if len(named) == 1 else None
