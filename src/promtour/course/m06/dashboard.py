"""Promotion dashboard helpers shared by the lesson and its widgets.

Pure functions over the ``campaigns`` and ``reviews`` frames: slicing by channel,
market and month, stage totals of the funnel, the KPI table of a slice, the funnel
figure and a budget response model (diminishing returns) for reallocation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

# funnel stages: column -> Russian label, in funnel order
STAGES = {
    "impressions": "Показы / охват",
    "clicks": "Клики / отклики",
    "registrations": "Регистрации",
    "visits": "Визиты",
}
EXTERNAL = "внешний"
DEFAULT_ELASTICITY = 0.7  # +10% budget -> about +7% visits: returns diminish


def month_labels(campaigns: pd.DataFrame) -> list[str]:
    """Sorted month labels ``YYYY-MM`` present in the frame."""
    return sorted(pd.to_datetime(campaigns["month"]).dt.strftime("%Y-%m").unique())


def _month_mask(dates: pd.Series, months: tuple[str, str] | None) -> pd.Series:
    if not months:
        return pd.Series(True, index=dates.index)
    labels = pd.to_datetime(dates).dt.strftime("%Y-%m")
    start, end = months
    return (labels >= start) & (labels <= end)


def select(frame: pd.DataFrame, channels: Iterable[str] | None = None,
           markets: Iterable[str] | None = None, months: tuple[str, str] | None = None,
           date_column: str = "month") -> pd.DataFrame:
    """Rows of ``campaigns`` (or ``reviews`` with ``date_column="date"``) in the slice.

    ``None`` means "no filter"; an empty list selects nothing. ``months`` is an
    inclusive pair of ``YYYY-MM`` labels.
    """
    mask = _month_mask(frame[date_column], months)
    if channels is not None:
        mask &= frame["channel"].astype(str).isin(list(channels))
    if markets is not None:
        mask &= frame["market"].astype(str).isin(list(markets))
    return frame[mask]


def funnel_counts(campaigns: pd.DataFrame) -> pd.Series:
    """Total people at each stage of the funnel, indexed by Russian stage labels."""
    totals = campaigns[list(STAGES)].sum()
    totals.index = list(STAGES.values())
    return totals.astype("int64")


def kpi_summary(campaigns: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The KPI table of a slice: one row per indicator, its value and unit.

    Ratios whose denominator is zero are shown as NaN (no data), not as zero.
    """
    visits = int(campaigns["visits"].sum())
    spend = float(campaigns["spend_rub"].sum())
    revenue = float(campaigns["revenue_rub"].sum())
    external = int(campaigns.loc[campaigns["market"].astype(str) == EXTERNAL, "visits"].sum())
    scores = reviews["score"].dropna()
    n = len(scores)

    def ratio(a: float, b: float) -> float:
        return a / b if b else float("nan")

    rows = [
        ("Визиты", visits, "чел."),
        ("Доля внешнего рынка", 100 * ratio(external, visits), "%"),
        ("Затраты на продвижение", spend / 1000, "тыс. руб."),
        ("Стоимость визита", ratio(spend, visits), "руб."),
        ("Выручка от билетов", revenue / 1000, "тыс. руб."),
        ("Выручка на рубль продвижения", ratio(revenue, spend), "руб."),
        ("NPS", 100 * ratio(int((scores >= 9).sum()) - int((scores <= 6).sum()), n), "пунктов"),
        ("Доля повторных визитов", 100 * ratio(int(reviews["repeat_visit"].sum()), n), "%"),
        ("Анкет в выборке", n, "шт."),
    ]
    table = pd.DataFrame(rows, columns=["показатель", "значение", "ед."]).set_index("показатель")
    table["значение"] = table["значение"].astype(float).round(1)
    return table


def plot_funnel(counts: pd.Series, ax: plt.Axes | None = None,
                title: str = "Воронка продвижения") -> plt.Axes:
    """Horizontal funnel on a log scale, each bar labelled with its share of the previous stage."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.2))
    values = counts.to_numpy(dtype=float)
    labels = list(counts.index)
    y = np.arange(len(values))[::-1]
    ax.barh(y, np.where(values > 0, values, np.nan), color="#2f6db5")
    ax.set_yticks(y, labels)
    ax.set_xscale("log")
    ax.set_xlabel("Количество, чел. (логарифмическая шкала)")
    ax.set_title(title)
    for i, (yi, v) in enumerate(zip(y, values)):
        text = f"{v:,.0f}".replace(",", " ")
        if i > 0 and values[i - 1] > 0:
            text += f"  ({100 * v / values[i - 1]:.1f}% от предыдущего)"
        ax.text(max(v, 1) * 1.1, yi, text, va="center", fontsize=9)
    positive = values[values > 0]
    low = 10 ** np.floor(np.log10(positive.min() / 3)) if positive.size else 1.0
    ax.set_xlim(max(low, 1.0), max(values.max(), 10) * 30)
    return ax


# --- budget reallocation: a response curve with diminishing returns ---

def channel_baseline(campaigns: pd.DataFrame) -> pd.DataFrame:
    """Spend and visits per channel in the given rows (e.g. one year)."""
    base = (campaigns.groupby(campaigns["channel"].astype(str))[["spend_rub", "visits"]].sum()
            .rename(columns={"spend_rub": "spend_now", "visits": "visits_now"}))
    return base


def plan_visits(baseline: pd.DataFrame, budgets: Mapping[str, float],
                elasticity: float = DEFAULT_ELASTICITY) -> pd.DataFrame:
    """Predict visits per channel if its spend moves from ``spend_now`` to ``budgets[channel]``.

    Model: ``visits_plan = visits_now * (spend_plan / spend_now) ** elasticity``; a
    channel without spend now has no curve to extrapolate and keeps its visits.
    Channels missing from ``budgets`` keep their spend.
    """
    if not 0 < elasticity <= 1.5:
        raise ValueError("эластичность должна быть в пределах (0; 1,5]")
    out = baseline.copy()
    out["spend_plan"] = [float(budgets.get(ch, s)) for ch, s in out["spend_now"].items()]
    if (out["spend_plan"] < 0).any():
        raise ValueError("бюджет канала не может быть отрицательным")
    now = out["spend_now"].astype(float)
    factor = np.where(now > 0, (out["spend_plan"] / now.where(now > 0, 1.0)) ** elasticity, 1.0)
    out["visits_plan"] = (out["visits_now"] * factor).round(0)
    return out[["spend_now", "spend_plan", "visits_now", "visits_plan"]]
