"""Self-checks of the module 5 lesson (ungraded practice; the graded tasks are different).

Expected values are computed from the data when a check runs, by an independent
path (``routing.schedule`` or a plain loop here), never by the learner's code.
"""

from __future__ import annotations

import math
from functools import cache

from promtour import compare
from promtour.datasets import load
from promtour.selfcheck import Exercise

from .routing import schedule, to_clock, to_minutes, travel_lookup

# the lesson's demo route and sets (the notebook shows the same lists)
DEMO_ROUTE = ["S11", "S04", "S21", "S18"]
HISTORY_SET = ["S11", "S14", "S15", "S18", "S20", "S22"]
GROUP_PAYING, GROUP_ADULTS, DAY_MINUTES = 22, 2, 440


@cache
def _data():
    return load("sites"), load("travel_times"), load("bus_tariffs")


def _legs_total() -> int:
    sites, travel, _ = _data()
    return schedule(DEMO_ROUTE, sites, travel, return_to_depot=True).travel_minutes


def _last_arrival() -> str:
    sites, _, _ = _data()
    row = sites.set_index("site_id").loc["S06"]
    return to_clock(to_minutes(row["closes"]) - int(row["visit_min"]))


def _nearest_neighbour() -> list[str]:
    _, travel, _ = _data()
    lookup = travel_lookup(travel)
    here, left, order = "S00", set(HISTORY_SET), []
    while left:
        here = min(sorted(left), key=lambda s: lookup[(here, s)])
        order.append(here)
        left.remove(here)
    return order


def _bus_per_person() -> float:
    _, _, buses = _data()
    fits = buses[buses["seats"] >= GROUP_PAYING + GROUP_ADULTS]
    hours = fits["min_hours"].clip(lower=math.ceil(DAY_MINUTES / 60))
    cost = (hours * fits["rub_per_hour"] + fits["delivery_rub"]).min()
    return float(cost) / GROUP_PAYING


def _is_clock(value) -> str | None:
    if not isinstance(value, str):
        return f"ожидалась строка вида \"14:35\", а получено {compare.describe(value)}"
    return compare.equal(value.strip(), _last_arrival())


def _order_checker(value) -> str | None:
    if not isinstance(value, (list, tuple)):
        return f"ожидался список кодов объектов, а получено {compare.describe(value)}"
    if sorted(value) != sorted(HISTORY_SET):
        return "в списке должны быть ровно объекты набора HISTORY_SET, каждый по одному разу, без S00"
    return compare.equal(list(value), _nearest_neighbour())


EXERCISES = [
    Exercise(
        var="legs_total",
        title="суммарное время переездов демонстрационного маршрута, включая возврат на вокзал",
        checker=lambda v: compare.number(v, _legs_total(), rel=0, abs_tol=0.5),
        hints=[
            "Маршрут замкнут: S00 → S11 → S04 → S21 → S18 → S00. Это пять переездов, а не четыре.",
            "Сделайте из travel_times серию с индексом (from_id, to_id): "
            "`tt = travel_times.set_index([\"from_id\", \"to_id\"])[\"minutes\"]`, затем берите `tt[(a, b)]`.",
            "`route = [\"S00\", *DEMO_ROUTE, \"S00\"]` и `sum(tt[(a, b)] for a, b in zip(route, route[1:]))`.",
        ],
        solution=(
            "from promtour.datasets import load\n"
            "tt = load(\"travel_times\").set_index([\"from_id\", \"to_id\"])[\"minutes\"]\n"
            "route = [\"S00\", \"S11\", \"S04\", \"S21\", \"S18\", \"S00\"]\n"
            "legs_total = int(sum(tt[(a, b)] for a, b in zip(route, route[1:])))\n"
        ),
        wrong=(
            "from promtour.datasets import load\n"
            "tt = load(\"travel_times\").set_index([\"from_id\", \"to_id\"])[\"minutes\"]\n"
            "route = [\"S00\", \"S11\", \"S04\", \"S21\", \"S18\"]  # forgot the way back\n"
            "legs_total = int(sum(tt[(a, b)] for a, b in zip(route, route[1:])))\n"
        ),
    ),
    Exercise(
        var="last_arrival",
        title="самое позднее время прибытия на кондитерскую фабрику (S06), чтобы успеть весь визит",
        checker=_is_clock,
        hints=[
            "Визит должен закончиться не позже закрытия: прибытие + длительность ≤ closes.",
            "Переведите closes в минуты (`to_minutes`), вычтите visit_min и верните в часы (`to_clock`).",
            "`row = sites.set_index(\"site_id\").loc[\"S06\"]`, затем "
            "`to_clock(to_minutes(row[\"closes\"]) - row[\"visit_min\"])`.",
        ],
        solution=(
            "from promtour.datasets import load\n"
            "from promtour.course.m05.routing import to_clock, to_minutes\n"
            "row = load(\"sites\").set_index(\"site_id\").loc[\"S06\"]\n"
            "last_arrival = to_clock(to_minutes(row[\"closes\"]) - int(row[\"visit_min\"]))\n"
        ),
        wrong=(
            "from promtour.datasets import load\n"
            "last_arrival = str(load(\"sites\").set_index(\"site_id\").loc[\"S06\", \"closes\"])  # closing time itself\n"
        ),
    ),
    Exercise(
        var="nn_order",
        title="порядок объектов HISTORY_SET по методу ближайшего соседа от вокзала",
        checker=_order_checker,
        hints=[
            "Стартуйте на вокзале S00. На каждом шаге выбирайте ещё не посещённый объект, "
            "до которого ехать меньше всего минут от ТЕКУЩЕГО места, а не от вокзала.",
            "Держите множество `left = set(HISTORY_SET)` и текущую точку `here`; в цикле "
            "`while left:` найдите `min(left, key=lambda s: lookup[(here, s)])`.",
            "Как в разобранном примере с нефтехимией: `lookup = travel_lookup(travel_times)`, "
            "при равенстве минут берите меньший код (перебирайте `sorted(left)`).",
        ],
        solution=(
            "from promtour.datasets import load\n"
            "from promtour.course.m05.routing import travel_lookup\n"
            "lookup = travel_lookup(load(\"travel_times\"))\n"
            "here, left, nn_order = \"S00\", set([\"S11\", \"S14\", \"S15\", \"S18\", \"S20\", \"S22\"]), []\n"
            "while left:\n"
            "    here = min(sorted(left), key=lambda s: lookup[(here, s)])\n"
            "    nn_order.append(here)\n"
            "    left.remove(here)\n"
        ),
        wrong=(
            "from promtour.datasets import load\n"
            "tt = load(\"travel_times\")\n"
            "near = tt[(tt[\"from_id\"] == \"S00\") & tt[\"to_id\"].isin([\"S11\", \"S14\", \"S15\", \"S18\", \"S20\", \"S22\"])]\n"
            "nn_order = near.sort_values(\"minutes\")[\"to_id\"].tolist()  # distance from the station only\n"
        ),
    ),
    Exercise(
        var="bus_per_person",
        title="доля аренды самого дешёвого подходящего автобуса на одного платящего участника",
        checker=lambda v: compare.number(v, _bus_per_person(), rel=2e-3),
        hints=[
            "В автобусе едут 22 школьника и 2 сопровождающих: нужно не меньше 24 мест. "
            "Платят только 22.",
            "День длится 440 минут. Часы оплачиваются целиком (вверх) и не меньше min_hours: "
            "`max(min_hours, math.ceil(440 / 60))`. Стоимость = часы × rub_per_hour + delivery_rub.",
            "Посчитайте стоимость для всех подходящих автобусов, возьмите минимум и поделите на 22.",
        ],
        solution=(
            "import math\n"
            "from promtour.datasets import load\n"
            "buses = load(\"bus_tariffs\")\n"
            "fits = buses[buses[\"seats\"] >= 22 + 2]\n"
            "hours = fits[\"min_hours\"].clip(lower=math.ceil(440 / 60))\n"
            "bus_per_person = (hours * fits[\"rub_per_hour\"] + fits[\"delivery_rub\"]).min() / 22\n"
        ),
        wrong=(
            "from promtour.datasets import load\n"
            "buses = load(\"bus_tariffs\")\n"
            "fits = buses[buses[\"seats\"] >= 24]\n"
            "bus_per_person = (440 / 60 * fits[\"rub_per_hour\"] + fits[\"delivery_rub\"]).min() / 24  # no whole hours, split on 24\n"
        ),
    ),
]
