"""Promotion dashboard helpers shared by the lesson, its widgets and the passport exhibits.

Pure functions over the ``campaigns`` and ``reviews`` frames: the rows of one enterprise,
slicing by channel, market and month, stage totals of the funnel, the KPI table of a slice with
the enterprise's goal metric beside the marketing KPIs, a channel table with Russian headers,
the funnel figure and a budget response model (diminishing returns) for reallocation.

Every function that needs to know *whose* KPIs these are takes an
:class:`promtour.enterprise.Enterprise`: a world enterprise or a learner's own profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from promtour.enterprise import Enterprise

# funnel stages: column -> Russian label, in funnel order
STAGES = {
    "impressions": "Показы / охват",
    "clicks": "Клики / отклики",
    "registrations": "Записи",
    "visits": "Визиты",
}
EXTERNAL = "внешний"
DEFAULT_ELASTICITY = 0.7  # +10% budget -> about +7% visits: returns diminish


def of(frame: pd.DataFrame, ent: Enterprise) -> pd.DataFrame:
    """Rows of ``frame`` that belong to enterprise ``ent`` (by ``enterprise_id``).

    A learner's own table without an ``enterprise_id`` column is taken whole.
    """
    if "enterprise_id" not in frame.columns:
        return frame
    return frame[frame["enterprise_id"].astype(str) == ent.id]


def month_labels(campaigns: pd.DataFrame) -> list[str]:
    """Sorted month labels ``YYYY-MM`` present in the frame."""
    return sorted(pd.to_datetime(campaigns["month"]).dt.strftime("%Y-%m").unique())


def _month_mask(dates: pd.Series, months: tuple[str, str] | None) -> pd.Series:
    if not months:
        return pd.Series(True, index=dates.index)
    labels = pd.to_datetime(dates).dt.strftime("%Y-%m")
    start, end = months
    return (labels >= start) & (labels <= end)


def select(
    frame: pd.DataFrame,
    channels: Iterable[str] | None = None,
    markets: Iterable[str] | None = None,
    months: tuple[str, str] | None = None,
    date_column: str = "month",
) -> pd.DataFrame:
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


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def goal_unit(ent: Enterprise) -> str:
    """The unit of the enterprise's goal metric: rubles if the metric says so, else people."""
    return "руб." if "руб" in ent.goal_metric else "чел."


def kpi_summary(campaigns: pd.DataFrame, reviews: pd.DataFrame, ent: Enterprise | None = None) -> pd.DataFrame:
    """The KPI table of a slice: the enterprise's goal first, then the marketing KPIs.

    With ``ent`` the table opens with its goal metric (``goal_value`` summed), the year's target,
    the share of the target reached and the promotion cost per unit of the goal.
    Ratios whose denominator is zero are NaN (no data), not zero.
    """
    visits = int(campaigns["visits"].sum())
    spend = float(campaigns["spend_rub"].sum())
    revenue = float(campaigns["revenue_rub"].sum())
    external = int(campaigns.loc[campaigns["market"].astype(str) == EXTERNAL, "visits"].sum())
    scores = reviews["score"].dropna()
    n = len(scores)
    rows = []
    if ent is not None:
        goal = float(campaigns["goal_value"].sum()) if "goal_value" in campaigns else float("nan")
        unit = goal_unit(ent)
        rows += [
            (f"Цель: {ent.goal_metric}", goal, unit),
            ("План на год по цели", float(ent.goal_target), unit),
            ("Доля годового плана по цели", 100 * _ratio(goal, ent.goal_target), "%"),
            ("Затраты на продвижение на единицу цели", _ratio(spend, goal), "руб."),
        ]
    rows += [
        ("Визиты", visits, "чел."),
        ("Доходимость: визиты / записи", 100 * _ratio(visits, float(campaigns["registrations"].sum())), "%"),
        ("Доля внешнего рынка", 100 * _ratio(external, visits), "%"),
        ("Затраты на продвижение", spend / 1000, "тыс. руб."),
        ("Стоимость визита", _ratio(spend, visits), "руб."),
        ("Выручка от билетов", revenue / 1000, "тыс. руб."),
        ("Выручка на рубль продвижения", _ratio(revenue, spend), "руб."),
        ("NPS", 100 * _ratio(int((scores >= 9).sum()) - int((scores <= 6).sum()), n), "пунктов"),
        ("Доля повторных визитов", 100 * _ratio(int(reviews["repeat_visit"].sum()), n), "%"),
        ("Анкет в выборке", n, "шт."),
    ]
    table = pd.DataFrame(rows, columns=["Показатель", "Значение", "Ед."]).set_index("Показатель")
    table["Значение"] = table["Значение"].astype(float).round(1)
    return table


def channel_table(campaigns: pd.DataFrame, ent: Enterprise | None = None) -> pd.DataFrame:
    """Spend, visits and goal results per channel, with Russian headers, cheapest visit first.

    The cost per goal unit is shown only where the channel brought any (else «нет результата»).
    """
    cols = ["spend_rub", "visits"] + (["goal_value"] if "goal_value" in campaigns else [])
    g = campaigns.groupby(campaigns["channel"].astype(str))[cols].sum()
    out = pd.DataFrame(index=g.index)
    out.index.name = "Канал"
    out["Затраты, руб."] = g["spend_rub"]
    out["Визиты, чел."] = g["visits"]
    out["Руб. за визит"] = (g["spend_rub"] / g["visits"].where(g["visits"] > 0)).round(0)
    if "goal_value" in g:
        label = "Результат для цели" + (f", {goal_unit(ent)}" if ent is not None else "")
        out[label] = g["goal_value"]
        out["Руб. продвижения на единицу цели"] = (g["spend_rub"] / g["goal_value"].where(g["goal_value"] > 0)).round(2)
    return out.sort_values("Руб. за визит")


def plot_funnel(counts: pd.Series, ax: plt.Axes | None = None, title: str = "Воронка продвижения") -> plt.Axes:
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
    """Spend, visits and goal results per channel in the given rows (e.g. one enterprise's year)."""
    cols = ["spend_rub", "visits"] + (["goal_value"] if "goal_value" in campaigns else [])
    base = campaigns.groupby(campaigns["channel"].astype(str))[cols].sum()
    if "goal_value" not in base:
        base["goal_value"] = 0
    return base.rename(columns={"spend_rub": "spend_now", "visits": "visits_now", "goal_value": "goal_now"})


def plan_visits(
    baseline: pd.DataFrame, budgets: Mapping[str, float], elasticity: float = DEFAULT_ELASTICITY
) -> pd.DataFrame:
    """Predict visits and goal results per channel if its spend moves to ``budgets[channel]``.

    Model: ``visits_plan = visits_now * (spend_plan / spend_now) ** elasticity``; goal results
    scale like visits (each channel keeps its goal results per visit). A channel without spend
    now has no curve to extrapolate and keeps its results. Channels missing from ``budgets``
    keep their spend.
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
    out["goal_plan"] = (out["goal_now"] * factor).round(1)
    return out[["spend_now", "spend_plan", "visits_now", "visits_plan", "goal_now", "goal_plan"]]
