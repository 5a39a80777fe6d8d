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
from promtour.world import MODEL_PRODUCT

from .routing import nearest_order, schedule, to_clock, to_minutes, travel_lookup

# the lesson's demo route and sets (the notebook shows the same lists)
DEMO_ROUTE = ["PMK", "S07", "S06", "S08"]  # the model route: the combine, lunch, the workers' town, the foundry loft
PRISTAN_SET = [
    "IZR",
    "S09",
    "S10",
    "S11",
    "S12",
]  # Старая Пристань: manufactory, trading rows, museum, residence, tavern
GROUP_PUPILS, GROUP_ADULTS, DAY_MINUTES = MODEL_PRODUCT.pupils_per_group, MODEL_PRODUCT.adults_per_group, 490
FREE_ADULTS = min(GROUP_ADULTS, GROUP_PUPILS // MODEL_PRODUCT.free_per_paid)


@cache
def _data():
    return load("sites"), load("travel_times"), load("bus_tariffs")


def _legs_total() -> int:
    sites, travel, _ = _data()
    return schedule(DEMO_ROUTE, sites, travel, return_to_depot=True).travel_minutes


def _last_arrival() -> str:
    sites, _, _ = _data()
    row = sites.set_index("site_id").loc["SLK"]
    return to_clock(to_minutes(row["closes"]) - int(row["visit_min"]))


def _nearest_neighbour() -> list[str]:
    _, travel, _ = _data()
    return nearest_order(PRISTAN_SET, travel_lookup(travel))


def _bus_per_person() -> float:
    _, _, buses = _data()
    fits = buses[buses["seats"] >= GROUP_PUPILS + GROUP_ADULTS + 1]  # and the route guide
    hours = fits["min_hours"].clip(lower=math.ceil(DAY_MINUTES / 60))
    cost = (hours * fits["rub_per_hour"] + fits["delivery_rub"]).min()
    return float(cost) / (GROUP_PUPILS + GROUP_ADULTS - FREE_ADULTS)


def _is_clock(value) -> str | None:
    if not isinstance(value, str):
        return f'ожидалась строка вида "14:35", а получено {compare.describe(value)}'
    return compare.equal(value.strip(), _last_arrival())


def _order_checker(value) -> str | None:
    if not isinstance(value, (list, tuple)):
        return f"ожидался список кодов объектов, а получено {compare.describe(value)}"
    if sorted(value) != sorted(PRISTAN_SET):
        return "в списке должны быть ровно объекты набора PRISTAN_SET, каждый по одному разу, без S00"
    return compare.equal(list(value), _nearest_neighbour())


EXERCISES = [
    Exercise(
        var="legs_total",
        title="суммарное время переездов образцового маршрута, включая возврат на автовокзал",
        checker=lambda v: compare.number(v, _legs_total(), rel=0, abs_tol=0.5),
        hints=[
            "Маршрут замкнут: S00 → PMK → S07 → S06 → S08 → S00. Это пять переездов, а не четыре.",
            "Сделайте из travel_times серию с индексом (from_id, to_id): "
            '`tt = travel_times.set_index(["from_id", "to_id"])["minutes"]`, затем берите `tt[(a, b)]`.',
            '`route = ["S00", *DEMO_ROUTE, "S00"]` и `sum(tt[(a, b)] for a, b in zip(route, route[1:]))`.',
        ],
        solution=(
            "from promtour.datasets import load\n"
            'tt = load("travel_times").set_index(["from_id", "to_id"])["minutes"]\n'
            'route = ["S00", "PMK", "S07", "S06", "S08", "S00"]\n'
            "legs_total = int(sum(tt[(a, b)] for a, b in zip(route, route[1:])))\n"
        ),
        wrong=(
            "from promtour.datasets import load\n"
            'tt = load("travel_times").set_index(["from_id", "to_id"])["minutes"]\n'
            'route = ["S00", "PMK", "S07", "S06", "S08"]  # forgot the way back\n'
            "legs_total = int(sum(tt[(a, b)] for a, b in zip(route, route[1:])))\n"
        ),
    ),
    Exercise(
        var="last_arrival",
        title="самое позднее время прибытия на фабрику «Сладкий край» (SLK), чтобы успеть всю экскурсию",
        checker=_is_clock,
        hints=[
            "Экскурсия должна закончиться не позже окончания приёма: прибытие + длительность ≤ closes.",
            "Переведите closes в минуты (`to_minutes`), вычтите visit_min и верните в часы (`to_clock`).",
            '`row = sites.set_index("site_id").loc["SLK"]`, затем '
            '`to_clock(to_minutes(row["closes"]) - row["visit_min"])`.',
        ],
        solution=(
            "from promtour.datasets import load\n"
            "from promtour.course.m05.routing import to_clock, to_minutes\n"
            'row = load("sites").set_index("site_id").loc["SLK"]\n'
            'last_arrival = to_clock(to_minutes(row["closes"]) - int(row["visit_min"]))\n'
        ),
        wrong=(
            "from promtour.datasets import load\n"
            'last_arrival = str(load("sites").set_index("site_id").loc["SLK", "closes"])  # closing time itself\n'
        ),
    ),
    Exercise(
        var="nn_order",
        title="порядок объектов Старой Пристани (PRISTAN_SET) по методу ближайшего соседа от автовокзала",
        checker=_order_checker,
        hints=[
            "Стартуйте на автовокзале S00. На каждом шаге выбирайте ещё не посещённый объект, "
            "до которого ехать меньше всего минут от ТЕКУЩЕГО места, а не от автовокзала.",
            "Держите множество `left = set(PRISTAN_SET)` и текущую точку `here`; в цикле "
            "`while left:` найдите `min(sorted(left), key=lambda s: lookup[(here, s)])`.",
            "Как в разобранном примере: `lookup = travel_lookup(travel_times)`, "
            "при равенстве минут берите меньший код (перебирайте `sorted(left)`).",
        ],
        solution=(
            "from promtour.datasets import load\n"
            "from promtour.course.m05.routing import travel_lookup\n"
            'lookup = travel_lookup(load("travel_times"))\n'
            'here, left, nn_order = "S00", set(["IZR", "S09", "S10", "S11", "S12"]), []\n'
            "while left:\n"
            "    here = min(sorted(left), key=lambda s: lookup[(here, s)])\n"
            "    nn_order.append(here)\n"
            "    left.remove(here)\n"
        ),
        wrong=(
            "from promtour.datasets import load\n"
            'tt = load("travel_times")\n'
            'near = tt[(tt["from_id"] == "S00") & tt["to_id"].isin(["IZR", "S09", "S10", "S11", "S12"])]\n'
            'nn_order = near.sort_values(["minutes", "to_id"])["to_id"].tolist()  # distance from the station only\n'
        ),
    ),
    Exercise(
        var="bus_per_person",
        title="доля аренды самого дешёвого подходящего автобуса на одного платящего участника",
        checker=lambda v: compare.number(v, _bus_per_person(), rel=2e-3),
        hints=[
            f"В автобусе едут {GROUP_PUPILS} школьников, {GROUP_ADULTS} сопровождающих и гид: нужно не меньше "
            f"{GROUP_PUPILS + GROUP_ADULTS + 1} мест. По правилу «{MODEL_PRODUCT.free_per_paid}+1» один "
            "сопровождающий едет бесплатно — платящих на одного меньше, чем школьников и взрослых вместе.",
            f"Автобус нужен на {DAY_MINUTES} минут. Часы оплачиваются целиком (вверх) и не меньше min_hours: "
            f"`max(min_hours, math.ceil({DAY_MINUTES} / 60))`. Стоимость = часы × rub_per_hour + delivery_rub.",
            f"Посчитайте стоимость для всех подходящих автобусов, возьмите минимум и поделите на "
            f"{GROUP_PUPILS + GROUP_ADULTS - FREE_ADULTS}.",
        ],
        solution=(
            "import math\n"
            "from promtour.datasets import load\n"
            'buses = load("bus_tariffs")\n'
            f'fits = buses[buses["seats"] >= {GROUP_PUPILS} + {GROUP_ADULTS} + 1]\n'
            f'hours = fits["min_hours"].clip(lower=math.ceil({DAY_MINUTES} / 60))\n'
            'bus_per_person = (hours * fits["rub_per_hour"] + fits["delivery_rub"]).min() / '
            f"({GROUP_PUPILS} + {GROUP_ADULTS} - {FREE_ADULTS})\n"
        ),
        wrong=(
            "import math\n"
            "from promtour.datasets import load\n"
            'buses = load("bus_tariffs")\n'
            f'fits = buses[buses["seats"] >= {GROUP_PUPILS} + {GROUP_ADULTS} + 1]\n'
            f'hours = fits["min_hours"].clip(lower=math.ceil({DAY_MINUTES} / 60))\n'
            'bus_per_person = (hours * fits["rub_per_hour"] + fits["delivery_rub"]).min() / '
            f"({GROUP_PUPILS} + {GROUP_ADULTS})  # the free adult counted as paying\n"
        ),
    ),
]
