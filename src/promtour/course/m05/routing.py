"""Scheduling a day route: a visiting order against opening hours, travel times and group limits.

One job, one piece of code: the lesson, the route-builder widget and the passport exhibits
all call :func:`schedule`. A stop may be a site code of the ``sites`` dataset or an
:class:`~promtour.enterprise.Enterprise` (a world enterprise or a learner's own profile),
so the same tools run on any enterprise. The graded assignment asks learners to write their
own (different) functions; nothing here computes a graded answer.

Times are minutes since midnight internally and ``"HH:MM"`` strings at the edges.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from promtour.enterprise import Enterprise
from promtour.errors import KitError
from promtour.world import MODEL_ENTERPRISE_ID, MODEL_PRODUCT, TOWNS

DEPOT = "S00"  # the meeting point (Приреченск bus station) in the ``sites`` dataset

# Road model (synthetic, see data/README.md «Модуль 5»)
CITY_KM = 8.0  # the first and last kilometres of an intercity drive go through town
CITY_SPEED_KMH = 24.0
ROAD_SPEED_KMH = 60.0
WALK_KMH = 4.5
WALK_LIMIT_KM = 0.6  # closer than this the group walks instead of boarding the bus
BOARDING_MIN = 5  # getting a group on and off a bus

# Site fields an enterprise stop needs beyond its profile (synthetic defaults for own enterprises)
BOOKING_DAYS = {"PMK": 14, "MAG": 14, "SLK": 7, "AZT": 30, "GES": 21, "IZR": 3}
WEEKEND_OPEN = {"SLK", "IZR"}
ANCHORS = {"PMK", "SLK", "GES"}
# an enterprise's site inside its town, km from the town's point on the map
IN_TOWN_OFFSET = {
    "PMK": (2.5, 1.5),
    "MAG": (3.0, -2.5),
    "SLK": (1.0, -1.0),
    "AZT": (-2.0, 2.0),
    "GES": (-4.0, 5.0),
    "IZR": (0.5, 0.5),
}
SITE_COLUMNS = [
    "site_id",
    "name",
    "type",
    "theme",
    "town",
    "x_km",
    "y_km",
    "opens",
    "closes",
    "visit_min",
    "ticket_rub",
    "pupil_rub",
    "max_group",
    "min_age",
    "booking_days",
    "weekend_open",
    "anchor",
]


def to_minutes(clock: str) -> int:
    """``"09:30"`` -> 570 (minutes since midnight)."""
    hours, minutes = str(clock).strip().split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 24 * 60 or not 0 <= int(minutes) < 60:
        raise ValueError(f"время {clock!r} вне суток: нужен формат ЧЧ:ММ от 00:00 до 24:00")
    return value


def to_clock(minutes: float) -> str:
    """570 -> ``"09:30"``; values past midnight keep counting hours (``"25:10"``)."""
    total = int(round(minutes))
    return f"{total // 60:02d}:{total % 60:02d}"


def _round_to(value: float, step: int) -> int:
    return int(step * round(value / step))


def pupil_price(ent: Enterprise) -> int:
    """The school price at an enterprise: the model product's at the model enterprise, else about 2/3."""
    if ent.id == MODEL_ENTERPRISE_ID:
        return MODEL_PRODUCT.pupil_price
    return _round_to(ent.ticket_price * 2 / 3, 50)


def enterprise_site(ent: Enterprise, xy: tuple[float, float] | None = None) -> dict:
    """One ``sites`` row for an enterprise: hours, tour length, group and age limits from its profile."""
    if xy is None:
        if ent.town not in TOWNS:
            raise KitError(
                f"Город «{ent.town}» не отмечен на карте региона курса. Задайте координаты площадки "
                "в км от центра Приреченска и добавьте её в таблицы: `from promtour.course.m05.routing "
                "import add_enterprise`, затем `sites, travel_times = add_enterprise(sites, "
                "travel_times, my, xy=(12.0, -5.0))`"
            )
        tx, ty = TOWNS[ent.town]
        dx, dy = IN_TOWN_OFFSET.get(ent.id, (1.0, 1.0))
        xy = (tx + dx, ty + dy)
    return {
        "site_id": ent.id,
        "name": ent.name,
        "type": "предприятие",
        "theme": ent.industry,
        "town": ent.town,
        "x_km": round(float(xy[0]), 2),
        "y_km": round(float(xy[1]), 2),
        "opens": ent.opens,
        "closes": ent.closes,
        "visit_min": ent.tour_minutes,
        "ticket_rub": ent.ticket_price,
        "pupil_rub": pupil_price(ent),
        "max_group": ent.max_group,
        "min_age": ent.min_age,
        "booking_days": BOOKING_DAYS.get(ent.id, 14),
        "weekend_open": ent.id in WEEKEND_OPEN,
        "anchor": ent.id in ANCHORS or ent.id not in BOOKING_DAYS,
    }


def drive(km: float, same_town: bool) -> float:
    """Bus minutes for ``km`` of road without boarding: slow in town, faster on the highway."""
    if same_town:
        return km / CITY_SPEED_KMH * 60
    city = min(km, CITY_KM)
    return city / CITY_SPEED_KMH * 60 + (km - city) / ROAD_SPEED_KMH * 60


def leg(km: float, same_town: bool, extra: int = 0) -> tuple[int, str]:
    """(minutes, mode) of one leg: walk when close, else bus with boarding and ``extra`` minutes of traffic."""
    if km < WALK_LIMIT_KM:
        return max(3, math.ceil(km / WALK_KMH * 60)), "пешком"
    return math.ceil(drive(km, same_town) + BOARDING_MIN + extra), "автобус"


def travel_lookup(travel: pd.DataFrame | Mapping) -> dict[tuple[str, str], int]:
    """The long ``travel_times`` table as ``{(from_id, to_id): minutes}``."""
    if isinstance(travel, Mapping):
        return dict(travel)
    return {(str(a), str(b)): int(m) for a, b, m in zip(travel["from_id"], travel["to_id"], travel["minutes"])}


def leg_minutes(lookup: Mapping[tuple[str, str], int], a: str, b: str) -> int:
    """Driving minutes from ``a`` to ``b`` (0 when it is the same place)."""
    if a == b:
        return 0
    try:
        return lookup[(a, b)]
    except KeyError:
        raise KeyError(f"в матрице переездов нет пары {a} → {b}") from None


def add_enterprise(
    sites: pd.DataFrame,
    travel: pd.DataFrame,
    ent: Enterprise,
    xy: tuple[float, float] | None = None,
    detour: float = 1.3,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``sites`` and ``travel_times`` with ``ent`` as a stop (unchanged if it is already there).

    A learner's own enterprise is placed at its town (or at ``xy`` km from Приреченск) and its
    legs follow the dataset's road model with a fixed detour factor.
    """
    if ent.id in set(sites["site_id"]):
        return sites, travel
    row = enterprise_site(ent, xy)
    new_sites = pd.concat([sites, pd.DataFrame([row], columns=SITE_COLUMNS)], ignore_index=True)
    rows = []
    for s in sites.itertuples(index=False):
        km = math.dist((row["x_km"], row["y_km"]), (s.x_km, s.y_km)) * detour
        minutes, mode = leg(km, s.town == row["town"])
        rows += [
            {"from_id": ent.id, "to_id": s.site_id, "km": round(km, 2), "minutes": minutes, "mode": mode},
            {"from_id": s.site_id, "to_id": ent.id, "km": round(km, 2), "minutes": minutes, "mode": mode},
        ]
    return new_sites, pd.concat([travel, pd.DataFrame(rows, columns=travel.columns)], ignore_index=True)


@dataclass(frozen=True)
class RoutePlan:
    """The result of :func:`schedule`: one row per stop plus the day's totals."""

    stops: pd.DataFrame  # see STOP_COLUMNS
    depart: int  # leaving the depot, minutes since midnight
    finish: int  # back at the depot (or end of the last visit), minutes since midnight
    return_leg: int  # minutes of the final drive back to the depot (0 if not returning)
    group: int | None = None  # people who enter each site (pupils and accompanying adults)
    sites: pd.DataFrame | None = None  # the sites table the plan was made on (with added enterprises)

    @property
    def total_minutes(self) -> int:
        return self.finish - self.depart

    @property
    def travel_minutes(self) -> int:
        return int(self.stops["travel_min"].sum()) + self.return_leg

    @property
    def visit_minutes(self) -> int:
        return int(self.stops["visit_min"].sum())

    @property
    def wait_minutes(self) -> int:
        return int(self.stops["wait_min"].sum())

    @property
    def violations(self) -> list[str]:
        """Site ids whose visit cannot be completed before closing, in route order."""
        return self.stops.loc[~self.stops["ok"], "site_id"].tolist()

    @property
    def over_capacity(self) -> list[str]:
        """Site ids whose regulations admit fewer people than the group, in route order."""
        return self.stops.loc[~self.stops["group_ok"], "site_id"].tolist()

    @property
    def group_limit(self) -> int | None:
        """The largest group every site of the route admits (None for an empty route)."""
        return int(self.stops["max_group"].min()) if len(self.stops) else None

    @property
    def feasible(self) -> bool:
        return not self.violations and not self.over_capacity


STOP_COLUMNS = [
    "step",
    "site_id",
    "name",
    "type",
    "travel_min",
    "arrive",
    "wait_min",
    "start",
    "end",
    "visit_min",
    "opens",
    "closes",
    "late_min",
    "ok",
    "max_group",
    "group_ok",
    "min_age",
    "booking_days",
]


def _stop_id(stop: str | Enterprise) -> str:
    return stop.id if isinstance(stop, Enterprise) else str(stop)


def schedule(
    order: Sequence[str | Enterprise],
    sites: pd.DataFrame,
    travel: pd.DataFrame | Mapping,
    start: str = "09:00",
    depot: str = DEPOT,
    return_to_depot: bool = True,
    group: int | None = None,
) -> RoutePlan:
    """Drive the group through ``order`` starting from ``depot`` at ``start``.

    A stop is a site code or an :class:`Enterprise` (added to the tables if it is not there).
    At each site the group waits for opening if early, stays ``visit_min`` minutes, and the
    stop is a violation (``ok`` False, ``late_min`` > 0) when the visit would end after
    closing. With ``group`` (pupils and adults who enter), a site whose ``max_group`` is
    smaller is flagged (``group_ok`` False). The simulation carries on after a violation so
    that every problem of the route is visible at once.
    """
    for stop in order:
        if isinstance(stop, Enterprise):
            if isinstance(travel, Mapping):
                raise KitError("Чтобы добавить предприятие в маршрут, передайте таблицу travel_times, а не словарь")
            sites, travel = add_enterprise(sites, travel, stop)
    ids = [_stop_id(s) for s in order]
    lookup = travel_lookup(travel)
    info = sites.set_index("site_id")
    unknown = [s for s in ids if s not in info.index]
    if unknown:
        raise KeyError(f"нет объектов {', '.join(map(str, unknown))} в таблице sites")
    depart = to_minutes(start)
    clock, here, rows = depart, depot, []
    for step, site in enumerate(ids, start=1):
        row = info.loc[site]
        minutes = leg_minutes(lookup, here, site)
        arrive = clock + minutes
        opens, closes = to_minutes(row["opens"]), to_minutes(row["closes"])
        begin = max(arrive, opens)
        end = begin + int(row["visit_min"])
        late = max(0, end - closes)
        limit = int(row["max_group"]) if "max_group" in row and pd.notna(row["max_group"]) else 10**6
        rows.append(
            {
                "step": step,
                "site_id": site,
                "name": str(row["name"]),
                "type": str(row["type"]),
                "travel_min": minutes,
                "arrive": arrive,
                "wait_min": begin - arrive,
                "start": begin,
                "end": end,
                "visit_min": int(row["visit_min"]),
                "opens": opens,
                "closes": closes,
                "late_min": late,
                "ok": late == 0,
                "max_group": limit,
                "group_ok": group is None or group <= limit,
                "min_age": int(row["min_age"]) if "min_age" in row else 0,
                "booking_days": int(row["booking_days"]) if "booking_days" in row else 0,
            }
        )
        clock, here = end, site
    back = leg_minutes(lookup, here, depot) if return_to_depot and ids else 0
    stops = pd.DataFrame(rows, columns=STOP_COLUMNS)
    for col in ("ok", "group_ok"):
        stops[col] = stops[col].astype(bool)
    return RoutePlan(stops=stops, depart=depart, finish=clock + back, return_leg=back, group=group, sites=sites)


def timetable(plan: RoutePlan) -> pd.DataFrame:
    """The plan as a printable programme: clock times, Russian column names, a verdict per stop."""
    s = plan.stops
    verdicts = []
    for ok, late, fits, limit in zip(s["ok"], s["late_min"], s["group_ok"], s["max_group"]):
        problems = ([] if ok else [f"опоздание {late} мин"]) + ([] if fits else [f"группа больше {limit} чел."])
        verdicts.append("✔" if not problems else "✘ " + "; ".join(problems))
    return pd.DataFrame(
        {
            "№": s["step"],
            "Объект": s["name"],
            "Переезд, мин": s["travel_min"],
            "Прибытие": s["arrive"].map(to_clock),
            "Ожидание, мин": s["wait_min"],
            "Начало": s["start"].map(to_clock),
            "Окончание": s["end"].map(to_clock),
            "Часы приёма": s["opens"].map(to_clock) + "–" + s["closes"].map(to_clock),
            "Оценка": verdicts,
        }
    )


def constraints(plan: RoutePlan) -> pd.DataFrame:
    """The regulations of the route's sites that the sale must respect, with Russian headers."""
    s = plan.stops
    return pd.DataFrame(
        {
            "Объект": s["name"],
            "Группа не более, чел.": s["max_group"],
            "Возраст от, лет": s["min_age"],
            "Заявка за, дней": s["booking_days"],
            "Группа маршрута помещается": ["да" if ok else "нет" for ok in s["group_ok"]],
        }
    )


def suggest_route(
    ent: Enterprise,
    sites: pd.DataFrame,
    travel: pd.DataFrame,
    kinds: Sequence[str] = ("питание", "наследие", "креативное пространство"),
) -> list[str]:
    """A starting route for ``ent``: the enterprise first, then the nearest site of each kind.

    The learner edits it; it only saves looking up codes. Kinds with no site are skipped.
    """
    sites, travel = add_enterprise(sites, travel, ent)
    lookup = travel_lookup(travel)
    route, here = [ent.id], ent.id
    for kind in kinds:
        options = sorted(s for s in sites.loc[sites["type"] == kind, "site_id"] if s not in route)
        if not options:
            continue
        here = min(options, key=lambda s: lookup[(here, s)])
        route.append(here)
    return route


def nearest_order(site_ids: Sequence[str], lookup: Mapping[tuple[str, str], int], depot: str = DEPOT) -> list[str]:
    """The nearest-neighbour heuristic from ``depot`` (ties: the smaller code)."""
    here, left, order = depot, set(site_ids), []
    while left:
        here = min(sorted(left), key=lambda s: lookup[(here, s)])
        order.append(here)
        left.remove(here)
    return order
