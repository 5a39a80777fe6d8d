"""Demand vocabulary and analysis helpers shared by the module 2 dataset, lesson and widget.

One place for the segment list, month names, market classification and the
monthly profile / seasonality / lead-time summaries the explorer widget draws.
The graded assignment asks learners to write their own versions of related
calculations with other rules (a single year, edge cases), so these helpers
are not the graded answers.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

# the six visitor segments of the programme, in teaching order
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

CHANNELS: tuple[str, ...] = (
    "образовательная организация",
    "Пушкинская карта",
    "сайт предприятия",
    "агрегатор экскурсий",
    "туроператор",
    "партнёры и органы власти",
)

MONTHS_RU: tuple[str, ...] = ("янв", "фев", "мар", "апр", "май", "июн",
                              "июл", "авг", "сен", "окт", "ноя", "дек")

DOMESTIC_COUNTRY = "Россия"
MARKETS: tuple[str, ...] = ("свой регион", "другие регионы России", "зарубежье")

MEASURES: dict[str, str] = {"visitors": "посетители, чел.", "bookings": "заявки, шт."}


def market(bookings: pd.DataFrame) -> pd.Series:
    """Market of each booking: own region of the enterprise, other Russian regions, abroad."""
    foreign = bookings["origin_country"] != DOMESTIC_COUNTRY
    local = bookings["origin_region"] == bookings["enterprise_region"]
    out = np.where(foreign, MARKETS[2], np.where(local, MARKETS[0], MARKETS[1]))
    return pd.Series(pd.Categorical(out, categories=MARKETS), index=bookings.index, name="market")


def select(bookings: pd.DataFrame, segments: Iterable[str] | None = None,
           enterprise: str | None = None) -> pd.DataFrame:
    """Rows of the chosen segments (all if empty/None) at one enterprise (all if None)."""
    rows = bookings
    segments = list(segments or [])
    if segments:
        rows = rows[rows["segment"].isin(segments)]
    if enterprise:
        rows = rows[rows["enterprise"] == enterprise]
    return rows


def monthly_table(bookings: pd.DataFrame, measure: str = "visitors") -> pd.DataFrame:
    """Year × month (1…12) table of visitors (sum of group size) or bookings (count).

    Every calendar month is a column, months without bookings hold 0.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure: one of {tuple(MEASURES)}")
    dates = pd.to_datetime(bookings["date"])
    values = bookings["group_size"] if measure == "visitors" else pd.Series(1, index=bookings.index)
    table = (values.groupby([dates.dt.year.rename("year"), dates.dt.month.rename("month")]).sum()
             .unstack("month", fill_value=0))
    return table.reindex(columns=range(1, 13), fill_value=0).astype(float)


def seasonal_profile(bookings: pd.DataFrame, measure: str = "visitors") -> pd.DataFrame:
    """Average month (over the years) and its seasonality index.

    The index is computed per year (month / that year's monthly mean) and then
    averaged over the years with data, so that growth from one year to the
    next does not leak into the seasonal pattern. Returns a frame indexed by
    month 1…12 with columns ``mean`` (average per year) and ``index``.
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
    return {"n": int(lead.size), "median": float(lead.median()),
            "p80": float(lead.quantile(0.8)), "p90": float(lead.quantile(0.9))}

