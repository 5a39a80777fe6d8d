"""Scheduling a day route: a given visiting order against opening hours and travel times.

One job, one piece of code: the lesson and the route-builder widget both call
:func:`schedule`. The graded assignment asks learners to write their own
(different) functions; nothing here computes a graded answer.

Times are minutes since midnight internally and ``"HH:MM"`` strings at the edges.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

DEPOT = "S00"  # the meeting point (railway station) in the ``sites`` dataset


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


def travel_lookup(travel: pd.DataFrame) -> dict[tuple[str, str], int]:
    """The long ``travel_times`` table as ``{(from_id, to_id): minutes}``."""
    return {(str(a), str(b)): int(m) for a, b, m in
            zip(travel["from_id"], travel["to_id"], travel["minutes"])}


def leg_minutes(lookup: Mapping[tuple[str, str], int], a: str, b: str) -> int:
    """Driving minutes from ``a`` to ``b`` (0 when it is the same place)."""
    if a == b:
        return 0
    try:
        return lookup[(a, b)]
    except KeyError:
        raise KeyError(f"в матрице переездов нет пары {a} → {b}") from None


@dataclass(frozen=True)
class RoutePlan:
    """The result of :func:`schedule`: one row per stop plus the day's totals."""

    stops: pd.DataFrame  # see STOP_COLUMNS
    depart: int  # leaving the depot, minutes since midnight
    finish: int  # back at the depot (or end of the last visit), minutes since midnight
    return_leg: int  # minutes of the final drive back to the depot (0 if not returning)

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
    def feasible(self) -> bool:
        return not self.violations


STOP_COLUMNS = ["step", "site_id", "name", "type", "travel_min", "arrive", "wait_min", "start",
                "end", "visit_min", "opens", "closes", "late_min", "ok"]


def schedule(order: Sequence[str], sites: pd.DataFrame, travel: pd.DataFrame | Mapping,
             start: str = "09:00", depot: str = DEPOT, return_to_depot: bool = True) -> RoutePlan:
    """Drive the group through ``order`` starting from ``depot`` at ``start``.

    At each site the group waits for opening if early, stays ``visit_min``
    minutes, and the stop is a violation (``ok`` False, ``late_min`` > 0) when
    the visit would end after closing. The simulation carries on after a
    violation so that every problem of the route is visible at once.
    """
    lookup = travel if isinstance(travel, Mapping) else travel_lookup(travel)
    info = sites.set_index("site_id")
    unknown = [s for s in order if s not in info.index]
    if unknown:
        raise KeyError(f"нет объектов {', '.join(map(str, unknown))} в таблице sites")
    depart = to_minutes(start)
    clock, here, rows = depart, depot, []
    for step, site in enumerate(order, start=1):
        row = info.loc[site]
        drive = leg_minutes(lookup, here, site)
        arrive = clock + drive
        opens, closes = to_minutes(row["opens"]), to_minutes(row["closes"])
        begin = max(arrive, opens)
        end = begin + int(row["visit_min"])
        late = max(0, end - closes)
        rows.append({"step": step, "site_id": site, "name": str(row["name"]), "type": str(row["type"]),
                     "travel_min": drive, "arrive": arrive, "wait_min": begin - arrive, "start": begin,
                     "end": end, "visit_min": int(row["visit_min"]), "opens": opens, "closes": closes,
                     "late_min": late, "ok": late == 0})
        clock, here = end, site
    back = leg_minutes(lookup, here, depot) if return_to_depot and order else 0
    stops = pd.DataFrame(rows, columns=STOP_COLUMNS)
    stops["ok"] = stops["ok"].astype(bool)
    return RoutePlan(stops=stops, depart=depart, finish=clock + back, return_leg=back)


def timetable(plan: RoutePlan) -> pd.DataFrame:
    """The plan as a printable programme: clock times, Russian column names, a verdict per stop."""
    s = plan.stops
    out = pd.DataFrame({
        "№": s["step"],
        "Объект": s["name"],
        "Переезд, мин": s["travel_min"],
        "Прибытие": s["arrive"].map(to_clock),
        "Ожидание, мин": s["wait_min"],
        "Начало": s["start"].map(to_clock),
        "Окончание": s["end"].map(to_clock),
        "Часы работы": s["opens"].map(to_clock) + "–" + s["closes"].map(to_clock),
        "Оценка": [("✔" if ok else f"✘ опоздание {late} мин") for ok, late in zip(s["ok"], s["late_min"])],
    })
    return out
