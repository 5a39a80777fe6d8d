"""Self-checks of the module 1 lesson (``q1`` … ``q5``, in the order they appear in the lesson).

Expected values are computed from the datasets when a check runs, so the checks follow
the data if it is regenerated. Solutions are self-contained code (imports included).
"""

from __future__ import annotations

from collections.abc import Callable

from promtour import compare
from promtour.datasets import load
from promtour.selfcheck import Checker, Exercise


def _number_from(expected: Callable[[], float], *, rel: float = 1e-3) -> Checker:
    """Like :func:`promtour.selfcheck.number`, with the expected value computed lazily."""
    return lambda value: compare.number(value, expected(), rel=rel)


def _share_open() -> float:
    regions = load("regions")
    return regions["enterprises_open"].sum() / regions["enterprises_total"].sum()


def _cagr_russia() -> float:
    national = load("national_visitors").set_index("year")["visitors_mln"]
    return (national[2024] / national[2021]) ** (1 / 3) - 1


def _out_share_2024() -> float:
    flows = load("regional_visitors")
    flows = flows[flows["year"] == 2024]
    return flows["out_of_region"].sum() / flows["visitors"].sum()


def _france_per_company() -> float:
    bench = load("world_benchmarks")
    row = bench[bench["name"].str.startswith("Entreprise") & (bench["year"] == 2024)].iloc[0]
    return row["visitors"] / row["sites"]


# The SWOT statements of the lesson's practice 5 (numbers as in the lesson): which are internal?
SWOT_STATEMENTS = {
    1: "у 14 из 26 открытых предприятий региона есть обученный экскурсовод",
    2: "с 1 сентября 2023 года во всех школах действует профориентационный минимум",
    3: "гостей из других регионов — около 10% при медиане регионов около 20%",
    4: "соседний регион запускает маршрут выходного дня и может переманить школьные группы",
    5: "сувенирная продукция есть только у 6 из 26 открытых предприятий",
    6: "в 2025–2027 годах регионы могут получить единую субсидию на развитие туризма",
}
SWOT_INTERNAL = {1, 3, 5}


def _swot_internal(value) -> str | None:
    if not isinstance(value, (set, frozenset, list, tuple)):
        return f"нужно множество номеров, например {{1, 2}}, а получено {compare.describe(value)}"
    got = {int(v) for v in value}
    if got == SWOT_INTERNAL:
        return None
    if got == {1, 2, 6}:
        return (
            "вы выбрали «хорошие» пункты. Внутреннее — то, чем регион и его предприятия управляют "
            "сами (сильные и слабые стороны), внешнее — то, что происходит вокруг (возможности и угрозы)"
        )
    return "не все пункты отнесены верно: спросите себя про каждый, может ли команда региона им управлять"


EXERCISES = [
    Exercise(
        var="cagr_russia",
        title="среднегодовой темп роста промышленного туризма в России 2021→2024",
        checker=_number_from(_cagr_russia),
        hints=[
            "CAGR = (конечное / начальное) ** (1 / число лет) − 1. Ответ — доля, например 0.25 = 25%.",
            "Между 2021 и 2024 годами три года роста, а не четыре точки: степень 1/3.",
            '`v = national.set_index("year")["visitors_mln"]`, затем `(v[2024] / v[2021]) ** (1 / 3) - 1`',
        ],
        solution="from promtour.datasets import load\n"
        'national = load("national_visitors")\n'
        'v = national.set_index("year")["visitors_mln"]\n'
        "cagr_russia = (v[2024] / v[2021]) ** (1 / 3) - 1",
        wrong="from promtour.datasets import load\n"
        'national = load("national_visitors")\n'
        'v = national.set_index("year")["visitors_mln"]\n'
        "cagr_russia = (v[2024] / v[2021]) ** (1 / 4) - 1",
    ),
    Exercise(
        var="share_open",
        title="доля предприятий, открытых для туристов, во всей выборке регионов",
        checker=_number_from(_share_open, rel=1e-4),
        hints=[
            "Нужна одна доля на всю выборку: сколько предприятий всех регионов принимают туристов "
            "из общего числа предприятий всех регионов.",
            "Сложите столбцы целиком и только потом делите. Среднее из долей регионов — другой "
            "показатель: в нём маленький регион весит столько же, сколько большой.",
            '`regions["enterprises_open"].sum() / regions["enterprises_total"].sum()`',
        ],
        solution="from promtour.datasets import load\n"
        'regions = load("regions")\n'
        'share_open = regions["enterprises_open"].sum() / regions["enterprises_total"].sum()',
        wrong="from promtour.datasets import load\n"
        'regions = load("regions")\n'
        'share_open = (regions["enterprises_open"] / regions["enterprises_total"]).mean()',
    ),
    Exercise(
        var="out_share_2024",
        title="доля гостей из других регионов в 2024 году по всей выборке",
        checker=_number_from(_out_share_2024),
        hints=[
            "Отберите строки 2024 года в `regional_visitors` и сравните гостей из других регионов "
            "со всеми посетителями.",
            "Сначала суммы по столбцам `out_of_region` и `visitors`, потом деление. Ответ — доля от 0 до 1, "
            "не проценты.",
            '`f = flows[flows["year"] == 2024]`, затем `f["out_of_region"].sum() / f["visitors"].sum()`',
        ],
        solution="from promtour.datasets import load\n"
        'flows = load("regional_visitors")\n'
        'f = flows[flows["year"] == 2024]\n'
        'out_share_2024 = f["out_of_region"].sum() / f["visitors"].sum()',
        wrong="from promtour.datasets import load\n"
        'flows = load("regional_visitors")\n'
        'f = flows[flows["year"] == 2024]\n'
        'out_share_2024 = 100 * f["out_of_region"].sum() / f["visitors"].sum()',
    ),
    Exercise(
        var="france_per_company",
        title="посетителей на одно открытое предприятие во Франции в 2024 году",
        checker=_number_from(_france_per_company),
        hints=[
            "Найдите в `world_benchmarks` строку Entreprise et Découverte за 2024 год: там и число "
            "посетителей, и число предприятий (`sites`).",
            "Ответ — в людях на одно предприятие: посетители в столбце `visitors` записаны в людях, а не в миллионах.",
            '`row = bench[bench["name"].str.startswith("Entreprise") & (bench["year"] == 2024)].iloc[0]`, '
            'затем `row["visitors"] / row["sites"]`',
        ],
        solution="from promtour.datasets import load\n"
        'bench = load("world_benchmarks")\n'
        'row = bench[bench["name"].str.startswith("Entreprise") & (bench["year"] == 2024)].iloc[0]\n'
        'france_per_company = row["visitors"] / row["sites"]',
        wrong="france_per_company = 22 / 4000  # миллионы поделены на предприятия",
    ),
    Exercise(
        var="swot_internal",
        title="внутренние факторы SWOT — сильные и слабые стороны",
        checker=_swot_internal,
        hints=[
            "Внутреннее — то, что регион и его предприятия могут изменить своими силами: площадки, "
            "экскурсоводы, сувениры, структура гостей. Внешнее — законы, рынок, соседи, федеральные программы.",
            "Внутренних пунктов три: два про площадки региона и один про структуру его гостей.",
            "`swot_internal = {1, 3, 5}`",
        ],
        solution="swot_internal = {1, 3, 5}",
        wrong="swot_internal = {1, 2, 6}",
    ),
]
