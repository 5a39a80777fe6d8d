"""Self-checks of the module 4 lesson (ungraded practice).

Expected values that depend on the data are computed from the CSVs when a check runs, so
regenerating the data never leaves a stale answer behind. The exercises use the world's
confectionery «Сладкий край» (SLK), so that the lesson's worked examples on the model
enterprise (PMK) do not give the answers away.
"""

from __future__ import annotations

from promtour import compare
from promtour.selfcheck import Exercise, function

from .datasets import FIXED, VARIABLE

ENTERPRISE_ID = "SLK"


def _cost_totals(enterprise_id: str = ENTERPRISE_ID) -> tuple[float, float]:
    from promtour.datasets import load

    costs = load("cost_items")
    own = costs[costs["enterprise_id"] == enterprise_id]
    fixed = float(own.loc[own["kind"] == FIXED, "amount_rub"].sum())
    variable = float(own.loc[own["kind"] == VARIABLE, "amount_rub"].sum())
    return fixed, variable


def _adult_price(enterprise_id: str = ENTERPRISE_ID) -> float:
    from promtour.datasets import load

    tiers = load("price_tiers")
    row = tiers[(tiers["enterprise_id"] == enterprise_id) & (tiers["tier"] == "взрослый")]
    return float(row["price_rub"].iloc[0])


def _check_fixed(value) -> str | None:
    fixed, variable = _cost_totals()
    if value is not None and compare.number(value, fixed + variable) is None:
        return (
            "это сумма всех статей: переменные затраты считаются на одного гостя, "
            "их нельзя складывать с затратами на группу"
        )
    return compare.number(value, fixed)


def _check_margin(value) -> str | None:
    fixed, variable = _cost_totals()
    price = _adult_price()
    if value is not None and compare.number(value, price - variable - fixed / 25) is None:
        return (
            "вы вычли и долю постоянных затрат — это прибыль на человека при группе 25, "
            "а маржинальный доход считают только за вычетом переменных затрат"
        )
    return compare.number(value, price - variable)


def _check_elasticity(value) -> str | None:
    if value is not None and compare.number(value, ((11 - 14) / 14) / ((800 - 600) / 600), rel=0.005) is None:
        return (
            "изменения поделены на начальные значения; в дуговой формуле их делят на средние "
            "двух точек, чтобы ответ не зависел от направления изменения цены"
        )
    if value is not None and compare.number(value, -((11 - 14) / 12.5) / ((800 - 600) / 700), rel=0.005) is None:
        return "знак: цена выросла, а спрос упал, поэтому эластичность отрицательная"
    return compare.number(value, ((11 - 14) / 12.5) / ((800 - 600) / 700), rel=0.005)


_free_cases = [
    ((18, 2, 10), 1),
    ((13, 3, 6), 2),
    ((30, 1, 15), 1),
    ((30, 3, 15), 2),
    ((5, 1, 6), 0),
    ((9, 2, 10), 0),
    ((20, 3, 0), 0),
]


def _check_free(fn) -> str | None:
    problem = function(_free_cases)(fn)
    if problem and "(18, 2, 10)" in problem:
        return problem + " — схема задаётся параметром free_per_paid, а не числом 6"
    return problem


# the wrong answer below is this solution with fixed costs spread over 25 visitors
UNIT_MARGIN_SOLUTION = (
    "from promtour.datasets import load\n"
    "costs, tiers = load('cost_items'), load('price_tiers')\n"
    "own = costs[costs['enterprise_id'] == 'SLK']\n"
    "price = tiers.loc[(tiers['enterprise_id'] == 'SLK') & (tiers['tier'] == 'взрослый'), 'price_rub'].iloc[0]\n"
    "unit_margin = price - own.loc[own['kind'] == 'переменная', 'amount_rub'].sum()"
)

EXERCISES = [
    Exercise(
        var="fixed_slk",
        title="постоянные затраты одной экскурсии на фабрике «Сладкий край»",
        checker=_check_fixed,
        hints=[
            "Оставьте строки предприятия SLK, а из них — только статьи вида «постоянная».",
            "Фильтр из двух условий: `(costs['enterprise_id'] == 'SLK') & (costs['kind'] == 'постоянная')`.",
            "`costs.loc[условие, 'amount_rub'].sum()` — сумма затрат на группу в рублях.",
        ],
        solution=(
            "from promtour.datasets import load\n"
            "costs = load('cost_items')\n"
            "mask = (costs['enterprise_id'] == 'SLK') & (costs['kind'] == 'постоянная')\n"
            "fixed_slk = costs.loc[mask, 'amount_rub'].sum()"
        ),
        wrong=(
            "from promtour.datasets import load\n"
            "costs = load('cost_items')\n"
            "fixed_slk = costs.loc[costs['enterprise_id'] == 'SLK', 'amount_rub'].sum()"
        ),
    ),
    Exercise(
        var="unit_margin",
        title="маржинальный доход с одного взрослого гостя фабрики «Сладкий край»",
        checker=_check_margin,
        hints=[
            "Маржинальный доход с гостя = цена − переменные затраты на одного человека.",
            "Цену взрослого билета возьмите из `tiers`, переменные затраты — сумма статей «переменная» "
            "того же предприятия в `costs`.",
            "`price - costs.loc[(costs['enterprise_id'] == 'SLK') & (costs['kind'] == 'переменная'), "
            "'amount_rub'].sum()`",
        ],
        solution=UNIT_MARGIN_SOLUTION,
        wrong=UNIT_MARGIN_SOLUTION + " - own.loc[own['kind'] == 'постоянная', 'amount_rub'].sum() / 25",
    ),
    Exercise(
        var="free_adults",
        title="число бесплатных сопровождающих по схеме «N+1»",
        checker=_check_free,
        hints=[
            "Бесплатное место дают за каждые полные N оплаченных школьников: это целочисленное деление "
            "`pupils // free_per_paid`.",
            "Бесплатных не может быть больше, чем пришло взрослых: возьмите `min(...)`. "
            "А при `free_per_paid == 0` бесплатных мест нет вовсе (и делить на ноль нельзя).",
            "`return min(adults, pupils // free_per_paid) if free_per_paid > 0 else 0`",
        ],
        solution=(
            "def free_adults(pupils, adults, free_per_paid):\n"
            "    if free_per_paid <= 0:\n"
            "        return 0\n"
            "    return min(adults, pupils // free_per_paid)"
        ),
        wrong=("def free_adults(pupils, adults, free_per_paid):\n    return min(adults, pupils // 6)"),
    ),
    Exercise(
        var="agent_price",
        title="цена для агента с учётом комиссии",
        checker=function(
            [((1000, 0.15), 1000 / 0.85), ((800, 0.10), 800 / 0.9), ((1200, 0.0), 1200.0), ((2500, 0.20), 3125.0)]
        ),
        hints=[
            "Агент удерживает комиссию из цены, которую платит клиент: предприятию остаётся цена × (1 − комиссия).",
            "Нужно решить уравнение `цена * (1 - commission) = net` относительно цены.",
            "`return net / (1 - commission)` — а не `net * (1 + commission)`: 15 % «сверху» меньше, чем 15 % «изнутри».",
        ],
        solution=("def agent_price(net, commission):\n    return net / (1 - commission)"),
        wrong=("def agent_price(net, commission):\n    return net * (1 + commission)"),
    ),
    Exercise(
        var="elasticity",
        title="дуговая эластичность спроса по цене",
        checker=_check_elasticity,
        hints=[
            "Эластичность = процентное изменение спроса / процентное изменение цены. В дуговой формуле "
            "изменения делят на среднее двух значений.",
            "Изменение спроса: (11 − 14) / ((11 + 14) / 2); изменение цены: (800 − 600) / ((800 + 600) / 2).",
            "`elasticity = ((11 - 14) / 12.5) / (200 / 700)` — число отрицательное: цена выросла, спрос упал.",
        ],
        solution="elasticity = ((11 - 14) / ((11 + 14) / 2)) / ((800 - 600) / ((800 + 600) / 2))",
        wrong="elasticity = ((11 - 14) / 14) / ((800 - 600) / 600)",
    ),
]

__all__ = ["EXERCISES"]
