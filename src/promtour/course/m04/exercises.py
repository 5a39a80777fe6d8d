"""Self-checks of the module 4 lesson (ungraded practice).

Expected values that depend on the data are computed from the CSVs when a
check runs, so regenerating the data never leaves a stale answer behind.
"""

from __future__ import annotations

from promtour import compare
from promtour.selfcheck import Exercise, function

from .datasets import FIXED, VARIABLE

PRODUCT = "Кондитерская фабрика"


def _cost_totals(product: str = PRODUCT) -> tuple[float, float]:
    from promtour.datasets import load

    costs = load("cost_items")
    own = costs[costs["product"] == product]
    fixed = float(own.loc[own["kind"] == FIXED, "amount_rub"].sum())
    variable = float(own.loc[own["kind"] == VARIABLE, "amount_rub"].sum())
    return fixed, variable


def _adult_price(product: str = PRODUCT) -> float:
    from promtour.datasets import load

    tiers = load("price_tiers")
    row = tiers[(tiers["product"] == product) & (tiers["tier"] == "взрослый")]
    return float(row["price_rub"].iloc[0])


def _check_fixed(value) -> str | None:
    fixed, variable = _cost_totals()
    if value is not None and compare.number(value, fixed + variable) is None:
        return "это сумма всех статей: переменные затраты считаются на человека, их нельзя складывать с затратами на группу"
    return compare.number(value, fixed)


def _check_margin(value) -> str | None:
    fixed, variable = _cost_totals()
    price = _adult_price()
    if value is not None and compare.number(value, price - variable - fixed / 20) is None:
        return ("вы вычли и долю постоянных затрат — это прибыль на человека при группе 20, "
                "а маржинальный доход считают только за вычетом переменных затрат")
    return compare.number(value, price - variable)


def _check_elasticity(value) -> str | None:
    if value is not None and compare.number(value, ((11 - 14) / 14) / ((1200 - 1000) / 1000), rel=0.005) is None:
        return ("изменения поделены на начальные значения; в дуговой формуле их делят на средние "
                "двух точек, чтобы ответ не зависел от направления изменения цены")
    if value is not None and compare.number(value, -((11 - 14) / 12.5) / ((1200 - 1000) / 1100), rel=0.005) is None:
        return "знак: цена выросла, а спрос упал, поэтому эластичность отрицательная"
    return compare.number(value, ((11 - 14) / 12.5) / ((1200 - 1000) / 1100), rel=0.005)


# the wrong answer below is this solution with fixed costs spread over 20 visitors
UNIT_MARGIN_SOLUTION = (
    "from promtour.datasets import load\n"
    "costs, tiers = load('cost_items'), load('price_tiers')\n"
    "own = costs[costs['product'] == 'Кондитерская фабрика']\n"
    "price = tiers.loc[(tiers['product'] == 'Кондитерская фабрика') & (tiers['tier'] == 'взрослый'),"
    " 'price_rub'].iloc[0]\n"
    "unit_margin = price - own.loc[own['kind'] == 'переменная', 'amount_rub'].sum()"
)

EXERCISES = [
    Exercise(
        var="fixed_confectionery",
        title="постоянные затраты одной экскурсии на кондитерской фабрике",
        checker=_check_fixed,
        hints=[
            "Оставьте строки продукта «Кондитерская фабрика», а из них — только статьи вида «постоянная».",
            "Фильтр из двух условий: `(costs['product'] == 'Кондитерская фабрика') & (costs['kind'] == 'постоянная')`.",
            "`costs.loc[условие, 'amount_rub'].sum()` — сумма затрат на группу в рублях.",
        ],
        solution=(
            "from promtour.datasets import load\n"
            "costs = load('cost_items')\n"
            "mask = (costs['product'] == 'Кондитерская фабрика') & (costs['kind'] == 'постоянная')\n"
            "fixed_confectionery = costs.loc[mask, 'amount_rub'].sum()"
        ),
        wrong=(
            "from promtour.datasets import load\n"
            "costs = load('cost_items')\n"
            "fixed_confectionery = costs.loc[costs['product'] == 'Кондитерская фабрика', 'amount_rub'].sum()"
        ),
    ),
    Exercise(
        var="unit_margin",
        title="маржинальный доход с одного взрослого посетителя кондитерской фабрики",
        checker=_check_margin,
        hints=[
            "Маржинальный доход с посетителя = цена − переменные затраты на одного человека.",
            "Цену взрослого билета возьмите из `price_tiers`, переменные затраты — сумма статей «переменная» "
            "того же продукта в `cost_items`.",
            "`price - costs.loc[(costs['product'] == 'Кондитерская фабрика') & (costs['kind'] == 'переменная'), "
            "'amount_rub'].sum()`",
        ],
        solution=UNIT_MARGIN_SOLUTION,
        wrong=(
            UNIT_MARGIN_SOLUTION
            + " - own.loc[own['kind'] == 'постоянная', 'amount_rub'].sum() / 20"
        ),
    ),
    Exercise(
        var="agent_price",
        title="цена для агента с учётом комиссии",
        checker=function([((1000, 0.15), 1000 / 0.85), ((800, 0.10), 800 / 0.9), ((1200, 0.0), 1200.0),
                          ((2500, 0.20), 3125.0)]),
        hints=[
            "Агент удерживает комиссию из цены, которую платит клиент: предприятию остаётся цена × (1 − комиссия).",
            "Нужно решить уравнение `цена * (1 - commission) = net` относительно цены.",
            "`return net / (1 - commission)` — а не `net * (1 + commission)`: 15 % «сверху» меньше, чем 15 % «изнутри».",
        ],
        solution=(
            "def agent_price(net, commission):\n"
            "    return net / (1 - commission)"
        ),
        wrong=(
            "def agent_price(net, commission):\n"
            "    return net * (1 + commission)"
        ),
    ),
    Exercise(
        var="elasticity",
        title="дуговая эластичность спроса по цене",
        checker=_check_elasticity,
        hints=[
            "Эластичность = процентное изменение спроса / процентное изменение цены. В дуговой формуле "
            "изменения делят на среднее двух значений.",
            "Изменение спроса: (11 − 14) / ((11 + 14) / 2); изменение цены: (1200 − 1000) / ((1200 + 1000) / 2).",
            "`elasticity = ((11 - 14) / 12.5) / (200 / 1100)` — число отрицательное: цена выросла, спрос упал.",
        ],
        solution="elasticity = ((11 - 14) / ((11 + 14) / 2)) / ((1200 - 1000) / ((1200 + 1000) / 2))",
        wrong="elasticity = ((11 - 14) / 14) / ((1200 - 1000) / 1000)",
    ),
]

__all__ = ["EXERCISES"]
