"""Learners' names: the record and checks for what goes wrong with names in rosters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Latin letters that look like Cyrillic ones, and the Cyrillic letter meant.
LOOKALIKES = dict(zip("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу"))

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_ALLOWED = re.compile(r"^[^\W\d_]+(?:[-' ][^\W\d_]+)*$")  # letters, single - ' or space between
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")


@dataclass(frozen=True)
class Learner:
    learner_id: str
    last_name: str
    first_name: str
    patronymic: str
    email: str

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


def normalise_spaces(value: str) -> str:
    """Trim, collapse runs of (non-breaking) spaces, drop spaces around hyphens."""
    value = _SPACES.sub(" ", value).strip()
    return re.sub(r"\s*-\s*", "-", value)


def has_stray_spaces(value: str) -> bool:
    return value != normalise_spaces(value)


def lookalike_letters(value: str) -> list[tuple[int, str]]:
    """Latin look-alikes inside words that are otherwise Cyrillic: (1-based position, letter)."""
    found = []
    pos = 0
    for word in re.split(r"([\s'-]+)", value):
        if _CYRILLIC.search(word) and _LATIN.search(word):
            found += [(pos + i + 1, ch) for i, ch in enumerate(word) if _LATIN.match(ch)]
        pos += len(word)
    return found


def fix_lookalikes(value: str) -> str:
    """Replace Latin look-alikes in Cyrillic words; other mixed letters stay (and stay errors)."""
    out = []
    for word in re.split(r"([\s'-]+)", value):
        if _CYRILLIC.search(word) and _LATIN.search(word):
            word = "".join(LOOKALIKES.get(ch, ch) for ch in word)
        out.append(word)
    return "".join(out)


def name_problems(value: str) -> list[str]:
    """What is wrong with one part of a name (already known to be non-empty), in Russian."""
    problems = []
    if has_stray_spaces(value):
        problems.append(f"лишние пробелы: «{value}»")
    mixed = lookalike_letters(value)
    if mixed:
        letters = ", ".join(f"«{ch}» (позиция {i})" for i, ch in mixed)
        problems.append(f"латинские буквы в кириллическом слове «{value.strip()}»: {letters}")
    core = unicodedata.normalize("NFC", normalise_spaces(value))
    if core and not _ALLOWED.match(core):
        problems.append(f"недопустимые символы (цифры или знаки) в «{value.strip()}»")
    return problems
