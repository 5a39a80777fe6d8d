"""The six modules of the course: one subpackage each (``m01`` … ``m06``).

Each module subpackage may hold:
- ``datasets.py``: ``DATASETS``, the :class:`promtour.datasets.Dataset` it adds;
- ``exercises.py``: ``EXERCISES``, the lesson's self-checks (:mod:`promtour.selfcheck`);
- ``widgets.py``: the lesson's interactive tools;
- other modules with domain helpers shared by the lesson and its widgets.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Module:
    number: int
    assignment: str  # nbgrader assignment id: solutions/<assignment>/assignment.ipynb
    title: str
    lesson: str  # path of the lesson notebook from the repository root
    hours: int = 10  # academic hours (ак. ч.): lesson, practice, graded task and passport part

    @property
    def key(self) -> str:
        return f"m{self.number:02d}"

    def part(self, name: str) -> ModuleType | None:
        """Import ``promtour.course.<key>.<name>`` if the module has that part."""
        try:
            return importlib.import_module(f"{__name__}.{self.key}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(f"{__name__}.{self.key}"):
                return None
            raise


MODULES: tuple[Module, ...] = (
    Module(1, "m01-strategy", "Промышленный туризм и стратегия региона", "modules/01-strategy.ipynb"),
    Module(2, "m02-audiences", "Аудитории и спрос", "modules/02-audiences.ipynb"),
    Module(3, "m03-excursion", "Готовность предприятия и дизайн экскурсии", "modules/03-excursion.ipynb"),
    Module(4, "m04-economics", "Экономика экскурсионного продукта", "modules/04-economics.ipynb"),
    Module(5, "m05-routes", "Тематические маршруты", "modules/05-routes.ipynb"),
    Module(6, "m06-promotion", "Продвижение и оценка результатов", "modules/06-promotion.ipynb"),
)

# «Модуль 0»: Jupyter and Python for people who have never coded; a lesson only, not graded.
INTRO = Module(0, "", "Модуль 0. Jupyter и Python с нуля", "modules/00-start.ipynb", hours=2)
# Assembling and defending the product passport (the final attestation), after module 6.
DEFENCE_HOURS = 10
COURSE_HOURS = INTRO.hours + sum(m.hours for m in MODULES) + DEFENCE_HOURS  # 72, printed on certificates

GRADED_TASK = "зачётное задание"  # the one name of a module's graded assignment, in every text

ASSIGNMENT_NOTEBOOK = "assignment"  # every assignment is one notebook of this name

COURSE_TITLE = "Специалист по организации промышленного туризма"  # the certificates' default, too
COURSE_ID = "promtour"  # nbgrader's course id: the exchange's folder, the hub's group names


def module(key_or_assignment: str) -> Module:
    """Find a module by ``m01``, ``1`` or ``m01-strategy`` (``m00``/``0``: the intro lesson)."""
    for m in (INTRO, *MODULES):
        if key_or_assignment in (m.key, str(m.number), m.assignment or m.key):
            return m
    known = ", ".join(m.assignment for m in MODULES)
    raise KeyError(f"Нет модуля «{key_or_assignment}». Есть: {known}")
