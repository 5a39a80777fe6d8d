"""Self-checks of lesson 3. Expected values are computed from the course data when checked.

The solutions use the lesson's frames ``survey``, ``weights``, ``plans`` and ``stops``
(loaded in its setup cell).
"""

from __future__ import annotations

from collections.abc import Callable

from ... import compare
from ...datasets import load
from ...selfcheck import Checker, Exercise

SAFETY = ["safety_briefing", "marked_route", "ppe_point"]


def _number_from(compute: Callable[[], float], rel: float = 1e-3) -> Checker:
    return lambda value: compare.number(value, compute(), rel=rel)


def expected_share_running() -> float:
    e = load("enterprise_readiness")
    return float((e["tours_year"] > 0).sum() / len(e))


def expected_safety_complete() -> int:
    e = load("enterprise_readiness")
    return int(sum(all(bool(e.loc[i, c]) for c in SAFETY) for i in e.index))


def expected_top3_share() -> float:
    tours = sorted(load("enterprise_readiness")["tours_year"].tolist(), reverse=True)
    return float(sum(tours[:3]) / sum(tours))


def expected_production_share() -> float:
    s = load("excursion_stops")
    p01 = s[s["plan_id"] == "P01"]
    return float(p01.loc[p01["stop_type"] == "производство", "minutes"].sum() / p01["minutes"].sum())


EXERCISES = [
    Exercise(
        var="share_running",
        title="доля предприятий обследования, которые уже проводят экскурсии",
        checker=_number_from(expected_share_running),
        hints=[
            "Предприятие проводит экскурсии, если `tours_year > 0`. Нужна доля (от 0 до 1), а не число.",
            "Сравнение `survey['tours_year'] > 0` даёт столбец True/False; среднее такого столбца — доля True.",
            "`share_running = (survey['tours_year'] > 0).mean()`",
        ],
        solution="share_running = (survey['tours_year'] > 0).mean()",
        wrong="share_running = (survey['tours_year'] > 0).sum()",
    ),
    Exercise(
        var="top3_share",
        title="доля трёх самых активных предприятий во всех экскурсиях обследования",
        checker=_number_from(expected_top3_share),
        hints=[
            "Найдите три наибольших значения `tours_year` и поделите их сумму на сумму `tours_year` всех предприятий.",
            "Первые три строки таблицы — не самые активные: сначала отсортируйте или возьмите `.nlargest(3)`.",
            "`top3_share = survey['tours_year'].nlargest(3).sum() / survey['tours_year'].sum()`",
        ],
        solution="top3_share = survey['tours_year'].nlargest(3).sum() / survey['tours_year'].sum()",
        wrong="top3_share = survey['tours_year'].head(3).sum() / survey['tours_year'].sum()",
    ),
    Exercise(
        var="safety_complete",
        title="число предприятий, у которых закрыт весь блок «Безопасность»",
        checker=_number_from(expected_safety_complete),
        hints=[
            "Блок «Безопасность» — три критерия: `safety_briefing`, `marked_route`, `ppe_point`. Нужны все три сразу.",
            "Выберите три столбца списком и примените `.all(axis=1)` — получится True там, где выполнены все три.",
            "`safety_complete = survey[['safety_briefing', 'marked_route', 'ppe_point']].all(axis=1).sum()`",
        ],
        solution="safety_complete = survey[['safety_briefing', 'marked_route', 'ppe_point']].all(axis=1).sum()",
        wrong="safety_complete = survey[['safety_briefing', 'marked_route', 'ppe_point']].any(axis=1).sum()",
    ),
    Exercise(
        var="production_share",
        title="доля времени экскурсии P01 «Сталь рождается здесь», проведённая в цехах",
        checker=_number_from(expected_production_share),
        hints=[
            "Возьмите остановки плана P01 из `stops`. Доля считается по минутам, а не по числу остановок.",
            "Сумма `minutes` там, где `stop_type == 'производство'`, делённая на сумму всех минут плана.",
            (
                "`p01 = stops[stops['plan_id'] == 'P01']`, затем "
                "`p01.loc[p01['stop_type'] == 'производство', 'minutes'].sum() / p01['minutes'].sum()`"
            ),
        ],
        solution=(
            "p01 = stops[stops['plan_id'] == 'P01']\n"
            "production_share = p01.loc[p01['stop_type'] == 'производство', 'minutes'].sum() / p01['minutes'].sum()"
        ),
        wrong=(
            "p01 = stops[stops['plan_id'] == 'P01']\nproduction_share = (p01['stop_type'] == 'производство').mean()"
        ),
    ),
]
