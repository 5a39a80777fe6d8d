"""Russian wording on a certificate: dates, hours, and the verb agreeing with the learner."""

from __future__ import annotations

from datetime import date

_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def ru_date(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year} г."


def hours_phrase(hours: int) -> str:
    """«в объёме 72 академических часов» / «… 21 академического часа»."""
    one = hours % 10 == 1 and hours % 100 != 11
    return f"в объёме {hours} академическ{'ого часа' if one else 'их часов'}"


def gender(patronymic: str) -> str | None:
    """'m' / 'f' from a Russian patronymic, None when it does not tell."""
    p = patronymic.strip().lower()
    if p.endswith(("ович", "евич", "ич", "оглы", "улы", "уулу")):
        return "m"
    if p.endswith(("овна", "евна", "ична", "инична", "кызы", "гызы", "қызы")):
        return "f"
    return None


def completed_verb(patronymic: str) -> str:
    return {"m": "успешно прошёл", "f": "успешно прошла"}.get(gender(patronymic) or "", "успешно прошёл(ла)")
