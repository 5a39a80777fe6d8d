"""Demand vocabulary and analysis helpers shared by the module 2 dataset, lesson, widget and passport.

One place for the segment and channel lists, month names, market classification, the monthly
profile / seasonality / lead-time summaries the explorer widget draws, and the tools that
describe one enterprise's audiences (:func:`rows_for`, :func:`audience_table`,
:func:`allowed_segments`, :func:`potential_scenarios`). Every tool takes an
:class:`~promtour.enterprise.Enterprise`, so it runs on a world enterprise or on a learner's own
profile. The graded assignment asks learners to write their own versions of related
calculations with other rules (a single year, edge cases), so these helpers are not the graded
answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from promtour.enterprise import Enterprise
from promtour.world import ENTERPRISES, REGION

# The kit's own six visitor segments (a teaching device of this course, not the programme's list).
SEGMENTS: tuple[str, ...] = (
    "школьники",
    "студенты",
    "семьи",
    "деловые делегации",
    "организованные туристы",
    "иностранные туристы",
)

# one colour per segment, the same in every figure of the module
SEGMENT_COLORS: dict[str, str] = {
    "школьники": "#1f77b4",
    "студенты": "#ff7f0e",
    "семьи": "#2ca02c",
    "деловые делегации": "#7f7f7f",
    "организованные туристы": "#9467bd",
    "иностранные туристы": "#d62728",
}

# How a booking reached the enterprise.
CHANNELS: tuple[str, ...] = (
    "школа и профминимум",
    "колледж или вуз",
    "Пушкинская карта",
    "RUSSPASS и портал региона",
    "агрегатор экскурсий",
    "туроператор",
    "напрямую: сайт и телефон",
    "партнёры и органы власти",
)
PUSHKIN_AGES = (14, 22)  # who may hold a Pushkin card (Минкультуры России, программа «Пушкинская карта»)
PROFMINIMUM_GRADES = tuple(range(6, 12))  # профминимум: 6–11 классы (письмо Минпросвещения № АБ-2324/05)
FIRST_GRADE_AGE = 7  # typical age in grade 1; a pupil of grade g is about g + 6 … g + 7 years old

MONTHS_RU: tuple[str, ...] = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")

FOREIGN = "за рубежом"
MARKETS: tuple[str, ...] = ("свой регион", "другие регионы России", "зарубежье")

MEASURES: dict[str, str] = {"visitors": "посетители, чел.", "bookings": "заявки, шт."}

# Russian headers for showing the raw datasets to learners
COLUMNS_RU: dict[str, str] = {
    "booking_id": "заявка",
    "date": "дата визита",
    "enterprise_id": "код",
    "enterprise": "предприятие",
    "segment": "сегмент",
    "grade": "класс",
    "group_size": "человек",
    "adults": "сопровождающих",
    "price_paid": "оплачено, руб.",
    "channel": "канал",
    "lead_time_days": "срок бронирования, дн.",
    "origin": "откуда",
    "origin_region": "регион",
    "town": "город",
    "age": "возраст",
    "pupils": "учеников",
}


def regulations_table(enterprises: Iterable[Enterprise]) -> pd.DataFrame:
    """The visitor regulations that decide the audience, one row per enterprise (Russian headers)."""
    rows = []
    for e in enterprises:
        grade = youngest_grade(e)
        rows.append(
            {
                "предприятие": e.short,
                "код": e.id,
                "вход с, лет": e.min_age,
                "школьники с класса": grade if grade is not None else "не допускаются",
                "группа не более, чел.": e.max_group,
                "детей на одного взрослого": e.children_per_adult or "—",
                "учеников в группе": pupils_in_group(e) or "—",
                "иностранцы": e.foreigners,
            }
        )
    return pd.DataFrame(rows).set_index("предприятие")


def market(bookings: pd.DataFrame) -> pd.Series:
    """Market of each booking: the course region, other Russian regions, abroad."""
    foreign = bookings["origin_region"] == FOREIGN
    local = bookings["origin_region"] == REGION.name
    out = np.where(foreign, MARKETS[2], np.where(local, MARKETS[0], MARKETS[1]))
    return pd.Series(pd.Categorical(out, categories=MARKETS), index=bookings.index, name="market")


def youngest_grade(ent: Enterprise) -> int | None:
    """The youngest school grade the enterprise's regulations admit (None: no children at all)."""
    if not ent.admits_children:
        return None
    return max(1, ent.min_age - FIRST_GRADE_AGE + 1)


def pupils_in_group(ent: Enterprise) -> int:
    """Most pupils in one group when the accompanying adults count towards ``max_group``.

    The regulations ask for one adult per ``children_per_adult`` children; 0 if no children.
    """
    if not ent.admits_children:
        return 0
    pupils = ent.max_group
    while pupils > 0 and pupils + math.ceil(pupils / ent.children_per_adult) > ent.max_group:
        pupils -= 1
    return pupils


def allowed_segments(ent: Enterprise) -> pd.DataFrame:
    """Which of the kit's segments the enterprise's own regulations allow, and why (Russian)."""
    grade = youngest_grade(ent)
    rows = []
    for seg in SEGMENTS:
        if seg == "школьники":
            ok = grade is not None and grade <= 11
            why = (
                f"с {grade} класса (с {ent.min_age} лет), один взрослый на {ent.children_per_adult} детей"
                if ok
                else f"дети не допускаются (с {ent.min_age} лет)"
            )
        elif seg == "студенты":
            ok, why = ent.min_age <= 18, f"с {ent.min_age} лет"
        elif seg == "семьи":
            ok = ent.admits_children and ent.min_age <= 12
            why = (
                "дети младше 12 лет допускаются"
                if ok
                else f"вход с {ent.min_age} лет — семьи с детьми не ваша аудитория"
            )
        elif seg == "иностранные туристы":
            ok = ent.foreigners != "не допускаются"
            why = f"иностранцы: {ent.foreigners}"
        else:
            ok, why = True, "ограничений по положению нет"
        rows.append({"сегмент": seg, "допускается": ok, "условие по положению о посещении": why})
    return pd.DataFrame(rows).set_index("сегмент")


def analogue(ent: Enterprise, bookings: pd.DataFrame) -> str:
    """The world enterprise whose bookings describe ``ent``: itself, or the closest one by rules.

    For a learner's own enterprise without bookings in the course data: the same industry if
    there is one, otherwise the nearest minimum age and group size.
    """
    ids = set(bookings["enterprise_id"].astype(str))
    if ent.id in ids:
        return ent.id
    world = [e for e in ENTERPRISES if e.id in ids]
    same = [e for e in world if e.industry == ent.industry]
    pool = same or world
    return min(pool, key=lambda e: (abs(e.min_age - ent.min_age), abs(e.max_group - ent.max_group))).id


def rows_for(bookings: pd.DataFrame, ent: Enterprise) -> pd.DataFrame:
    """The bookings that describe ``ent``: its own, or its analogue's within its regulations."""
    rows = bookings[bookings["enterprise_id"] == analogue(ent, bookings)]
    allowed = allowed_segments(ent)["допускается"]
    rows = rows[rows["segment"].astype(str).map(allowed).fillna(False).astype(bool)]
    grade = youngest_grade(ent)
    if grade is not None:
        rows = rows[(rows["grade"] == 0) | (rows["grade"] >= grade)]
    return rows


def select(
    bookings: pd.DataFrame, segments: Iterable[str] | None = None, enterprise_id: str | None = None
) -> pd.DataFrame:
    """Rows of the chosen segments (all if empty/None) at one enterprise (all if None)."""
    rows = bookings
    segments = list(segments or [])
    if segments:
        rows = rows[rows["segment"].isin(segments)]
    if enterprise_id:
        rows = rows[rows["enterprise_id"] == enterprise_id]
    return rows


def monthly_table(bookings: pd.DataFrame, measure: str = "visitors") -> pd.DataFrame:
    """Year × month (1…12) table of visitors (sum of group size) or bookings (count).

    Every calendar month is a column, months without bookings hold 0.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure: one of {tuple(MEASURES)}")
    dates = pd.to_datetime(bookings["date"])
    values = bookings["group_size"] if measure == "visitors" else pd.Series(1, index=bookings.index)
    table = (
        values.groupby([dates.dt.year.rename("year"), dates.dt.month.rename("month")])
        .sum()
        .unstack("month", fill_value=0)
    )
    return table.reindex(columns=range(1, 13), fill_value=0).astype(float)


def seasonal_profile(bookings: pd.DataFrame, measure: str = "visitors") -> pd.DataFrame:
    """Average month (over the years) and its seasonality index.

    The index is computed per year (month / that year's monthly mean) and then averaged over
    the years with data, so that growth from one year to the next does not leak into the
    seasonal pattern. Returns a frame indexed by month 1…12 with columns ``mean`` (average per
    year) and ``index``.
    """
    table = monthly_table(bookings, measure)
    table = table[table.sum(axis=1) > 0]
    if table.empty:
        return pd.DataFrame({"mean": 0.0, "index": np.nan}, index=pd.RangeIndex(1, 13, name="month"))
    per_year = table.div(table.mean(axis=1), axis=0)
    out = pd.DataFrame({"mean": table.mean(axis=0), "index": per_year.mean(axis=0)})
    out.index.name = "month"
    return out


def lead_time_summary(bookings: pd.DataFrame) -> dict[str, float]:
    """Median, 80th and 90th percentile of lead time (days), and the count of bookings."""
    lead = pd.to_numeric(bookings["lead_time_days"], errors="coerce").dropna()
    if lead.empty:
        return {"n": 0, "median": float("nan"), "p80": float("nan"), "p90": float("nan")}
    return {
        "n": int(lead.size),
        "median": float(lead.median()),
        "p80": float(lead.quantile(0.8)),
        "p90": float(lead.quantile(0.9)),
    }


def audience_table(bookings: pd.DataFrame, ent: Enterprise, year: int | None = None) -> pd.DataFrame:
    """The enterprise's segments as a passport table (Russian headers).

    Per segment: share of visitors, visitors per year, peak month, median and 90th percentile
    of the lead time, main channel and the share of visitors from the course region.
    ``year=None``: all years of the data, visitors averaged per year.
    """
    rows = rows_for(bookings, ent)
    if year is not None:
        rows = rows[rows["date"].dt.year == year]
    years = max(1, rows["date"].dt.year.nunique())
    total = rows["group_size"].sum()
    out = []
    for seg in SEGMENTS:
        part = rows[rows["segment"] == seg]
        if part.empty:
            continue
        months = part.groupby(part["date"].dt.month)["group_size"].sum()
        lead = lead_time_summary(part)
        channel = part.groupby(part["channel"].astype(str))["group_size"].sum().idxmax()
        local = part.loc[part["origin_region"] == REGION.name, "group_size"].sum() / part["group_size"].sum()
        out.append(
            {
                "сегмент": seg,
                "доля посетителей, %": round(100 * part["group_size"].sum() / total, 1),
                "посетителей в год": int(round(part["group_size"].sum() / years)),
                "пиковый месяц": MONTHS_RU[int(months.idxmax()) - 1],
                "срок бронирования: медиана, дн.": round(lead["median"]),
                "окно записи: 90 % заявок, дн.": round(lead["p90"]),
                "главный канал": channel,
                "из своего региона, %": round(100 * local, 1),
            }
        )
    table = pd.DataFrame(out)
    if table.empty:
        return table
    return table.sort_values("доля посетителей, %", ascending=False).set_index("сегмент")


def channel_table(bookings: pd.DataFrame, ent: Enterprise) -> pd.DataFrame:
    """Channel × segment shares of visitors (%, each segment's column adds up to 100) for the enterprise.

    Channels are rows so that the table stays narrow in the passport's PDF.
    """
    rows = rows_for(bookings, ent)
    table = pd.crosstab(
        rows["segment"].astype(str),
        rows["channel"].astype(str),
        values=rows["group_size"],
        aggfunc="sum",
        normalize="index",
    )
    order = [s for s in SEGMENTS if s in table.index]
    cols = [c for c in CHANNELS if c in table.columns]
    table = (table.reindex(index=order, columns=cols) * 100).round(0).fillna(0)
    return table.T.rename_axis(index="канал", columns="сегмент, % посетителей")


def school_pupils(schools: pd.DataFrame, grades: Iterable[int], towns: Iterable[str] | None = None) -> float:
    """Pupils of the given grades (in the given towns; all towns if None)."""
    rows = schools[schools["grade"].isin(list(grades))]
    if towns is not None:
        rows = rows[rows["town"].isin(list(towns))]
    return float(rows["pupils"].sum())


def potential_scenarios(
    schools: pd.DataFrame,
    ent: Enterprise,
    grades: Iterable[int] | None = None,
    participation: Iterable[float] = (0.05, 0.10, 0.15),
    days: int = 165,
    slots_per_day: int = 2,
) -> pd.DataFrame:
    """School demand potential of the enterprise in three scenarios, against its capacity.

    ``grades``: the target grades (default: every grade the regulations admit, up to 11).
    Participation shares are **assumptions** of the scenario, not data. Groups follow the
    regulations: pupils per group = :func:`pupils_in_group`. Capacity = school days × slots.
    """
    first = youngest_grade(ent)
    if first is None or first > 11:
        raise ValueError(f"{ent.short}: дети не допускаются положением о посещении — школьного потенциала нет")
    wanted = list(grades) if grades is not None else list(range(first, 12))
    grades = [g for g in wanted if first <= g <= 11]
    if not grades:
        raise ValueError(
            f"{ent.short}: положение о посещении допускает школьников с {first} класса, "
            f"а выбраны классы {wanted} — укажите другие классы"
        )
    pupils = school_pupils(schools, grades)
    per_group = pupils_in_group(ent)
    capacity = days * slots_per_day
    names = ("осторожный", "базовый", "смелый")
    rows = []
    for name, share in zip(names, participation):
        visits = pupils * share
        groups = math.ceil(visits / per_group) if per_group else 0
        rows.append(
            {
                "сценарий": name,
                "доля участвующих, %": round(100 * share, 1),
                "школьников в целевых классах": int(pupils),
                "посещений в год": int(round(visits)),
                "учеников в группе": per_group,
                "групп в год": groups,
                "слотов в год (мощность)": capacity,
                "загрузка мощности, %": round(100 * groups / capacity, 1),
            }
        )
    return pd.DataFrame(rows).set_index("сценарий")
