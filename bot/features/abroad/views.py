"""The section's texts: data and a translator in, text out."""

from __future__ import annotations

from collections.abc import Sequence

from core.abroad import Cover
from core.i18n import Translator
from core.settings import Settings


def cover_text(_: Translator, cover: Cover, settings: Settings) -> str:
    """Whom to call for one policy: the programme's assistance line, else the insurer's hotline
    (Telegram makes an E.164 number a link that dials it: a `tel:` link is not accepted in a
    message or a button), and the number to read out, also in Latin letters."""
    if cover.phone:
        call = _(
            "abroad-call-assistance",
            company=cover.company or _("abroad-assistance-unnamed"),
            phone=cover.phone,
        )
    else:
        call = _("abroad-call-hotline", insurer=settings.insurer_name, phone=settings.hotline_phone)
    return _(
        "abroad-cover",
        programme=cover.programme,
        ends=cover.ends,
        call=call,
        number=cover.number,
        latin=cover.number_latin,
    )


def section_text(_: Translator, covers: Sequence[Cover], settings: Settings) -> str:
    parts = [_("abroad-title")]
    parts += [cover_text(_, cover, settings) for cover in covers]
    parts.append(_("abroad-share-hint"))
    return "\n\n".join(parts)


def posted_text(_: Translator, number: str, desk_on: bool) -> str:
    """The case filed: posted to the desk (or, with no desk, call yourself), and the documents
    to keep for the reimbursement."""
    said = _("abroad-posted" if desk_on else "abroad-desk-off", number=number)
    return "\n\n".join([said, _("abroad-checklist")])


def filed_text(_: Translator, number: str, desk_on: bool) -> str:
    """The case filed the moment the location arrived: posted to the desk (or, with no desk,
    call yourself), then what happened asked (it joins the case; skipping it is fine)."""
    said = _("abroad-posted" if desk_on else "abroad-desk-off", number=number)
    return "\n\n".join([said, _("abroad-ask-text")])


def choose_text(_: Translator, covers: Sequence[Cover]) -> str:
    """Several ВЗР policies in force: which one the trouble is on (its phone and number next)."""
    lines = [
        _("abroad-policy-line", n=n, programme=c.programme, number=c.number, ends=c.ends)
        for n, c in enumerate(covers, 1)
    ]
    return "\n\n".join([_("abroad-title"), _("abroad-choose"), "\n".join(lines)])
