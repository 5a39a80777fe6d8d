"""Self-checks of the intro lesson (``q1`` … ``q5``, in the order they appear in the lesson).

Each one practises one first step: arithmetic on a variable, text versus numbers, a list,
a table filter and a two-line function. Expected values come from the course's world and
datasets when a check runs; solutions are self-contained code (imports included).
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Real

from promtour import compare
from promtour.datasets import load
from promtour.selfcheck import Checker, Exercise, function
from promtour.world import model_enterprise

GROUPS = [18, 20, 15, 12]  # a Monday of tours at the model enterprise (invented), as the lesson shows it
PUPILS, ADULTS = "18", "2"  # a registration form's fields: text, as forms deliver them


def _number_from(expected: Callable[[], float], *, rel: float = 1e-3) -> Checker:
    """Like :func:`promtour.selfcheck.number`, with the expected value computed lazily."""
    return lambda value: compare.number(value, expected(), rel=rel)


def _because(value: Real, reason: str) -> str:
    """A wrong number explained: what the learner got and the likely slip behind it."""
    return f"получено {compare.describe(float(value))} — {reason}"


def _per_tour() -> float:
    pmk = model_enterprise()
    return pmk.visitors_last_year / pmk.tours_last_year


def _check_per_tour(value) -> str | None:
    problem = compare.number(value, _per_tour())
    pmk = model_enterprise()
    if problem and isinstance(value, Real) and abs(float(value) - pmk.tours_last_year / pmk.visitors_last_year) < 1e-9:
        return _because(value, "похоже, экскурсии поделены на посетителей, а нужно наоборот")
    return problem


def _check_group_size(value) -> str | None:
    if isinstance(value, str):
        return (
            f"получен текст {value!r}, а нужно число: сложение текстов склеивает их. "
            "Переведите каждое поле в число функцией int() и только потом складывайте"
        )
    return compare.number(value, int(PUPILS) + int(ADULTS))


def _check_day_total(value) -> str | None:
    problem = compare.number(value, sum(GROUPS))
    if problem and isinstance(value, Real) and value == len(GROUPS):
        return _because(value, "это число групп (len), а нужно число гостей: сумма элементов списка")
    return problem


def _students_2024() -> float:
    flows = load("regional_visitors")
    return flows[flows["year"] == 2024]["students"].sum()


def _check_students_2024(value) -> str | None:
    problem = compare.number(value, _students_2024())
    if problem and isinstance(value, Real) and not isinstance(value, bool):
        flows = load("regional_visitors")
        if abs(float(value) - float(flows["students"].sum())) < 0.5:
            return _because(value, "это сумма за все годы, а нужен только 2024 год: сначала отберите его строки")
    return problem


EXERCISES = [
    Exercise(
        var="per_tour",
        title="сколько посетителей в среднем приходилось на одну экскурсию ПМК в прошлом году",
        checker=_check_per_tour,
        hints=[
            "Средняя группа = все посетители за год / число экскурсий за год. Оба числа уже есть у `pmk`.",
            "Посетители — `pmk.visitors_last_year`, экскурсии — `pmk.tours_last_year`. Делите посетителей "
            "на экскурсии, а не наоборот: ответ — около двух десятков человек.",
            "`per_tour = pmk.visitors_last_year / pmk.tours_last_year`",
        ],
        solution="from promtour.world import model_enterprise\n"
        "pmk = model_enterprise()\n"
        "per_tour = pmk.visitors_last_year / pmk.tours_last_year",
        wrong="from promtour.world import model_enterprise\n"
        "pmk = model_enterprise()\n"
        "per_tour = pmk.tours_last_year / pmk.visitors_last_year",
    ),
    Exercise(
        var="group_size",
        title="размер группы из заявки, посчитанный числом, а не текстом",
        checker=_check_group_size,
        hints=[
            "В кавычках — текст. Текст «18» и текст «2» при сложении склеиваются в «182».",
            'Функция `int(...)` превращает текст из цифр в целое число: `int("18")` даёт 18.',
            "`group_size = int(pupils) + int(adults)`",
        ],
        solution=f'pupils = "{PUPILS}"\nadults = "{ADULTS}"\ngroup_size = int(pupils) + int(adults)',
        wrong=f'pupils = "{PUPILS}"\nadults = "{ADULTS}"\ngroup_size = pupils + adults',
    ),
    Exercise(
        var="day_total",
        title="сколько гостей приняли за день четыре экскурсии",
        checker=_check_day_total,
        hints=[
            "Нужны не группы, а люди: сложите все числа списка `groups`.",
            "`len(groups)` считает элементы списка (группы), а `sum(groups)` складывает их значения (гостей).",
            "`day_total = sum(groups)`",
        ],
        solution=f"groups = {GROUPS}\nday_total = sum(groups)",
        wrong=f"groups = {GROUPS}\nday_total = len(groups)",
    ),
    Exercise(
        var="students_2024",
        title="сколько школьников и студентов побывало на предприятиях регионов выборки в 2024 году",
        checker=_check_students_2024,
        hints=[
            "Два шага: сначала оставьте в таблице `flows` только строки 2024 года, потом сложите столбец `students`.",
            'Фильтр строк: `flows[flows["year"] == 2024]` — два знака равенства. У результата возьмите '
            'столбец `["students"]` и вызовите `.sum()`.',
            '`students_2024 = flows[flows["year"] == 2024]["students"].sum()`',
        ],
        solution="from promtour.datasets import load\n"
        'flows = load("regional_visitors")\n'
        'students_2024 = flows[flows["year"] == 2024]["students"].sum()',
        wrong="from promtour.datasets import load\n"
        'flows = load("regional_visitors")\n'
        'students_2024 = flows["students"].sum()',
    ),
    Exercise(
        var="revenue",
        title="функция: выручка от билетов одной экскурсии",
        checker=function([((18, 900), 16_200), ((20, 650), 13_000), ((12, 0), 0), ((0, 1_200), 0)]),
        hints=[
            "Выручка = число посетителей × цена билета. Функция должна вернуть это число.",
            "Вернуть — значит написать `return`, а не `print`: `print` только показывает число на экране, "
            "а функция без `return` отдаёт пустое значение `None`.",
            "Две строки:\n\n```python\ndef revenue(visitors, price):\n    return visitors * price\n```",
        ],
        solution="def revenue(visitors, price):\n    return visitors * price",
        wrong="def revenue(visitors, price):\n    print(visitors * price)",
    ),
]
