"""The excursion-plan check (технологическая карта against the enterprise's visitor regulations).

:func:`check_plan` takes the stops of one plan, the group and an :class:`~promtour.enterprise.Enterprise`
(a world enterprise or a learner's own profile) and lists what breaks the regulations, in Russian.
The graded task of module 3 asks for a smaller check with the reference number of adults given;
this one is the kit's tool for the lesson, the widget and the passport's technological map.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...enterprise import Enterprise

RESTRICTED_MARK = "режимн"
CODES = ("briefing", "ppe", "duration", "group", "adults", "age", "list", "photo", "foreigners")
TITLES = {
    "briefing": "Инструктаж не первым",
    "ppe": "Остановка без СИЗ",
    "duration": "Дольше, чем разрешает положение",
    "group": "Группа больше допустимой",
    "adults": "Не хватает сопровождающих",
    "age": "Возраст гостей",
    "list": "Нет списка гостей для режимного объекта",
    "photo": "Съёмка вопреки правилам предприятия",
    "foreigners": "Иностранные гости без согласования",
}
STOP_COLUMNS = {
    "step": "№",
    "stop": "Остановка",
    "stop_type": "Тип",
    "minutes": "Минут",
    "ppe_required": "СИЗ",
    "hazard": "Опасный фактор",
    "photo_allowed": "Съёмка",
    "guide_note": "Что рассказывает экскурсовод",
}
TYPE_COLORS = {
    "инструктаж": "#1a73e8",
    "музей": "#9334e6",
    "производство": "#d93025",
    "переход": "#80868b",
    "интерактив": "#188038",
    "сувениры": "#f9ab00",
}


@dataclass(frozen=True)
class Problem:
    code: str
    text: str  # Russian, names the stop or the numbers

    def __str__(self) -> str:
        return f"{TITLES[self.code]}: {self.text}"


def is_restricted(ent: Enterprise) -> bool:
    """A restricted (режимный) site: its access field says so."""
    return RESTRICTED_MARK in ent.access.lower()


def adults_required(children: int, ent: Enterprise) -> int:
    """Accompanying adults the enterprise's own regulations require (one per N children, rounded up).

    0 when there are no children or the enterprise admits no children (the age rule catches those).
    """
    children = int(children)
    if children <= 0 or ent.children_per_adult <= 0:
        return 0
    return math.ceil(children / ent.children_per_adult)


def foreigners_days(ent: Enterprise) -> int | None:
    """Days of notice for foreign guests in the regulations («заявка за 30 дней» -> 30), else None."""
    found = re.search(r"за\s+(\d+)\s+д", ent.foreigners)
    return int(found.group(1)) if found else None


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def needs_ppe(row: Mapping) -> bool:
    """A production stop, or any stop with a hazard, is entered only in PPE."""
    return str(row["stop_type"]) == "производство" or str(row["hazard"]).strip().lower() not in ("нет", "", "nan")


def check_plan(stops: pd.DataFrame, group: Mapping, ent: Enterprise) -> list[Problem]:
    """What in a plan breaks the enterprise's visitor regulations; an empty list means none.

    ``stops``: the plan's rows (``step``, ``stop``, ``stop_type``, ``minutes``, ``ppe_required``,
    ``hazard``, ``photo_allowed``); ``group``: ``children``, ``adults``, ``youngest_age`` and, for
    restricted sites and foreign guests, ``visitor_list``, ``foreign_guests``, ``days_ahead``.
    """
    ordered = stops.sort_values("step")
    out: list[Problem] = []
    if ordered.empty or str(ordered["stop_type"].iloc[0]) != "инструктаж":
        first = "остановок нет" if ordered.empty else f"первая остановка — «{ordered['stop'].iloc[0]}»"
        out.append(Problem("briefing", f"{first}; инструктаж по безопасности всегда первым"))
    for row in ordered.to_dict("records"):
        if needs_ppe(row) and not bool(row["ppe_required"]):
            out.append(
                Problem(
                    "ppe",
                    f"шаг {row['step']} «{row['stop']}» ({row['hazard']}) — гости без СИЗ; по положению: {ent.ppe}",
                )
            )
    total = int(ordered["minutes"].sum())
    if total > ent.tour_minutes:
        out.append(Problem("duration", f"{total} мин при пределе {ent.tour_minutes} мин"))
    children, adults = int(group.get("children", 0)), int(group.get("adults", 0))
    if children + adults > ent.max_group:
        out.append(Problem("group", f"{children + adults} чел. вместе с сопровождающими при пределе {ent.max_group}"))
    need = adults_required(children, ent)
    if adults < need:
        out.append(
            Problem(
                "adults",
                f"{adults} взрослых на {children} детей, а нужно {need} "
                f"(один на {ent.children_per_adult} по положению предприятия)",
            )
        )
    age: Any = group.get("youngest_age")
    if _missing(age):
        out.append(Problem("age", "возраст участников неизвестен — запросите список с датами рождения"))
    elif int(age) < ent.min_age:
        out.append(Problem("age", f"самому младшему {int(age)} лет, а допуск с {ent.min_age}"))
    if is_restricted(ent) and not bool(group.get("visitor_list", False)):
        out.append(Problem("list", "режимный объект: список гостей с паспортными данными передают заранее"))
    shots = ordered[ordered["photo_allowed"].astype(bool)]
    if ent.photo == "запрещено" and not shots.empty:
        out.append(
            Problem("photo", f"съёмка запрещена, а в карте разрешена: шаги {', '.join(map(str, shots['step']))}")
        )
    elif ent.photo == "с ограничениями":
        bad = shots[shots["stop_type"].astype(str) == "производство"]
        if not bad.empty:
            out.append(
                Problem(
                    "photo",
                    "съёмка с ограничениями: в цехах не снимают, а в карте разрешено на шагах "
                    + ", ".join(map(str, bad["step"])),
                )
            )
    foreign = int(group.get("foreign_guests", 0) or 0)
    if foreign > 0:
        rule = ent.foreigners.lower()
        days = foreigners_days(ent)
        ahead: Any = group.get("days_ahead")
        if rule.startswith("не допуска"):
            out.append(Problem("foreigners", f"{foreign} иностранных гостей, а положение их не допускает"))
        elif days is not None and (_missing(ahead) or int(ahead) < days):
            out.append(
                Problem(
                    "foreigners",
                    f"заявка за {0 if _missing(ahead) else int(ahead)} дн., а для иностранных гостей нужна за {days}",
                )
            )
    return out


def check_table(problems: list[Problem]) -> pd.DataFrame:
    """The check as a table with Russian headers (one row «нарушений нет» when clean)."""
    if not problems:
        return pd.DataFrame({"Проверка": ["все условия положения о посещении"], "Итог": ["нарушений нет"]})
    return pd.DataFrame({"Проверка": [TITLES[p.code] for p in problems], "Итог": [p.text for p in problems]})


def techmap_table(stops: pd.DataFrame) -> pd.DataFrame:
    """The plan's stops with Russian headers, yes/no for booleans, and a total row."""
    ordered = stops.sort_values("step")[list(STOP_COLUMNS)].copy()
    for col in ("ppe_required", "photo_allowed"):
        ordered[col] = ordered[col].map(lambda v: "да" if bool(v) else "нет")
    table = ordered.rename(columns=STOP_COLUMNS).astype({"№": str})
    total: dict[str, object] = {c: "" for c in table.columns}
    total.update({"№": "", "Остановка": "Итого", "Минут": int(ordered["minutes"].sum())})
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def group_of(plans: pd.DataFrame, plan_id: str) -> dict:
    """A plan's group as the dictionary :func:`check_plan` takes."""
    row = plans.set_index("plan_id").loc[plan_id]
    return {
        "children": int(row["children"]),
        "adults": int(row["adults"]),
        "youngest_age": None if pd.isna(row["youngest_age"]) else int(row["youngest_age"]),
        "foreign_guests": int(row["foreign_guests"]),
        "days_ahead": int(row["days_ahead"]),
        "visitor_list": bool(row["visitor_list"]),
    }


def draft_plan(ent: Enterprise) -> tuple[pd.DataFrame, dict]:
    """A starting technological map from an enterprise's profile (for an own enterprise without plans).

    Briefing first, the museum if there is one, two production stops in PPE with the profile's
    hazards, a meeting with people, the finale; fits ``tour_minutes``; the largest group the
    regulations allow with the accompanying adults they require.
    """
    hazards = [h.strip() for h in ent.hazards.split(",") if h.strip()] or ["нет"]
    ok_photo = ent.photo != "запрещено"
    parts = [
        (
            "Зал приёма: инструктаж и выдача СИЗ",
            "инструктаж",
            15,
            False,
            "нет",
            ok_photo,
            f"Правила маршрута; СИЗ: {ent.ppe}",
        )
    ]
    if ent.readiness.get("museum"):
        parts.append(("Музей предприятия", "музей", 15, False, "нет", ok_photo, "История и люди предприятия"))
    fixed = sum(p[2] for p in parts) + 15 + 5
    each = max(10, (ent.tour_minutes - fixed) // 2)
    for i in range(2):
        parts.append(
            (
                f"Производственная остановка {i + 1}",
                "производство",
                each,
                True,
                hazards[i % len(hazards)],
                ent.photo == "разрешено",
                f"Как делают: {ent.product}",
            )
        )
    parts.append(("Встреча с сотрудниками", "интерактив", 15, False, "нет", ok_photo, "Профессии и вопросы гостей"))
    parts.append(("Сдача СИЗ, анкета, сувенир", "сувениры", 5, False, "нет", ok_photo, "Обратная связь"))
    stops = pd.DataFrame(
        parts, columns=["stop", "stop_type", "minutes", "ppe_required", "hazard", "photo_allowed", "guide_note"]
    )
    while (
        stops["minutes"].sum() > ent.tour_minutes
        and stops.loc[stops["stop_type"] == "производство", "minutes"].min() > 5
    ):
        stops.loc[stops["stop_type"] == "производство", "minutes"] -= 5
    stops.insert(0, "step", range(1, len(stops) + 1))
    if ent.admits_children:
        children = ent.max_group
        while children > 0 and children + adults_required(children, ent) > ent.max_group:
            children -= 1
        group = {"children": children, "adults": adults_required(children, ent), "youngest_age": ent.min_age}
    else:
        group = {"children": 0, "adults": ent.max_group, "youngest_age": max(ent.min_age, 18)}
    group.update(foreign_guests=0, days_ahead=30, visitor_list=True)
    return stops, group


def plan_for(ent: Enterprise, plans: pd.DataFrame, stops: pd.DataFrame) -> tuple[str, pd.DataFrame, dict]:
    """The enterprise's first plan in the course data, or a draft from its profile: (title, stops, group)."""
    own = plans[plans["enterprise_id"] == ent.id]
    if own.empty:
        drafted, group = draft_plan(ent)
        return f"Черновик карты для {ent.short}", drafted, group
    pid = str(own["plan_id"].iloc[0])
    return str(own["title"].iloc[0]), stops[stops["plan_id"] == pid], group_of(plans, pid)


def techmap_figure(stops: pd.DataFrame, title: str):
    """A timeline of the stops (hatched: in PPE); returns the matplotlib figure."""
    import matplotlib.pyplot as plt

    ordered = stops.sort_values("step")
    start = ordered["minutes"].cumsum() - ordered["minutes"]
    fig, ax = plt.subplots(figsize=(11, 0.6 * len(ordered) + 1.5))
    for y, (row, left) in enumerate(zip(ordered.itertuples(), start)):
        ax.barh(
            y,
            row.minutes,
            left=left,
            color=TYPE_COLORS.get(str(row.stop_type), "#5f6368"),
            hatch="//" if row.ppe_required else "",
            edgecolor="white",
        )
        ax.text(left + row.minutes / 2, y, f"{row.minutes} мин", ha="center", va="center", color="white", fontsize=8)
    ax.set_yticks(range(len(ordered)), ordered["stop"].str.wrap(34), fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel("Время от начала экскурсии, мин")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in TYPE_COLORS.values()]
    ax.legend(handles, TYPE_COLORS.keys(), loc="lower right", fontsize=7)
    fig.tight_layout()
    return fig
