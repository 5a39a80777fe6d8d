"""The learner id: one rule for the roster, intake, the gradebook, feedback and the hub.

An id is what nbgrader names folders after and JupyterHub names users after: Latin letters,
digits and ``. _ -``, starting with a letter or digit, at most 64 characters. (An e-mail is not
an id: ``ivan@corp`` would be accepted by a roster and refused by every later step.)
"""

from __future__ import annotations

import re

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
RULE = "латиница, цифры и . _ -, не длиннее 64 знаков"


def id_problem(text: str) -> str | None:
    """Why ``text`` is not a learner id (Russian), or None when it is one."""
    if not text:
        return "нет id слушателя"
    if not LEARNER_ID.match(text):
        hint = " (e-mail — не id: возьмите часть до @)" if "@" in text else ""
        return f"недопустимый id «{text}»: {RULE}{hint}"
    return None
