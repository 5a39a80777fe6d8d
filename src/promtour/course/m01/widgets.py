"""The widgets of module 1: the regional dashboard and the team map.

:func:`dashboard_view` is pure: region + target (+ the learner's enterprise) in, numbers and a
Russian summary out. :func:`draw_dashboard` turns a view into a matplotlib figure.
:func:`regional_dashboard` wires both to ipywidgets controls (region, target, target year) and
redraws live. :func:`team_widget` lets the learner re-score the regional team around their
enterprise on the influence/interest grid and shows what to do with each participant.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from promtour.datasets import load
from promtour.enterprise import Enterprise
from promtour.world import REGION

from .datasets import BASE_YEAR
from .indicators import INDICATORS, growth_path, region_indicators
from .strategy import draw_team_grid, place, team_map, team_table

TARGET_YEARS = (BASE_YEAR + 1, 2035)  # range of the target-year slider


@dataclass(frozen=True)
class DashboardView:
    region: str
    indicators: pd.DataFrame  # index: indicator key; columns: label, value, median, index
    series: pd.Series  # visitors by year of fact (missing years dropped)
    baseline_year: int
    baseline: float
    target: float
    target_year: int
    path: pd.Series  # constant-rate path from the baseline to the target
    required_rate: float  # annual growth the path needs (fraction; 0 if already reached)
    history_rate: float | None  # average annual growth over the known years (fraction)
    summary: str  # Russian, one paragraph
    enterprise_share: float | None = None  # the enterprise's planned growth / the region's gap


def _fmt(x: float) -> str:
    return f"{x:,.0f}".replace(",", "\u202f")


def dashboard_view(
    regions: pd.DataFrame,
    visitors: pd.DataFrame,
    region: str,
    *,
    target: float | None = None,
    target_year: int | None = None,
    year: int = BASE_YEAR,
    enterprise: Enterprise | None = None,
) -> DashboardView:
    """The region's indicators against the median of all regions, and its path to a target.

    ``target`` / ``target_year`` default to the region's own adopted target; without one,
    to doubling the baseline by ``year + 4``. With ``enterprise``, the summary also says which
    part of the region's gap to the target the enterprise's own plan covers.
    """
    table = region_indicators(regions, visitors, year)
    if region not in table.index:
        raise KeyError(f"Нет региона «{region}» в данных")
    median = table[list(INDICATORS)].median()
    values = table.loc[region, list(INDICATORS)].astype("float64")
    indicators = pd.DataFrame({"label": pd.Series(INDICATORS), "value": values, "median": median})
    indicators["index"] = 100 * indicators["value"] / indicators["median"]

    rows = visitors.loc[visitors["region"] == region, ["year", "visitors"]].dropna()
    series = rows.set_index("year")["visitors"].astype("float64").sort_index()
    series = series.loc[series.index <= year]
    baseline_year, baseline = int(series.index[-1]), float(series.iloc[-1])

    own = regions.set_index("region").loc[region]
    if target is None:
        target = float(own["target_visitors"]) if pd.notna(own["target_visitors"]) else 2 * baseline
    if target_year is None:
        target_year = int(own["target_year"]) if pd.notna(own["target_year"]) else baseline_year + 4
    target_year = max(int(target_year), baseline_year + 1)
    path = growth_path(baseline_year, baseline, target_year, max(float(target), baseline))
    required = 0.0 if target <= baseline else float(path.iloc[1] / path.iloc[0] - 1)

    history = None
    if len(series) >= 2 and series.iloc[0] > 0:
        span = series.index[-1] - series.index[0]
        history = float((series.iloc[-1] / series.iloc[0]) ** (1 / span) - 1)

    summary = _summary(region, indicators, baseline_year, baseline, float(target), target_year, required, history)
    if pd.isna(own["target_visitors"]):
        summary = "Региональная цель не утверждена — задайте свою (по умолчанию взято удвоение за 4 года). " + summary
    share = None
    if enterprise is not None and target > baseline:
        plan = enterprise.target_visitors - enterprise.visitors_last_year
        share = plan / (float(target) - baseline)
        summary += (
            f" План предприятия {enterprise.short} (+{_fmt(plan)} гостей в год) закрывает "
            f"{share:.0%} разрыва региона до цели."
        )
    return DashboardView(
        region,
        indicators,
        series,
        baseline_year,
        baseline,
        float(target),
        target_year,
        path,
        required,
        history,
        summary,
        share,
    )


def _summary(region, indicators, baseline_year, baseline, target, target_year, required, history) -> str:
    text = (
        f"{region}: промышленных туристов в {baseline_year} г. — {_fmt(baseline)}. "
        f"Цель — {_fmt(target)} к {target_year} г. "
    )
    if target <= baseline:
        text += "Цель уже достигнута: пора ставить новую. "
    else:
        text += f"Нужен рост {required:.0%} в год"
        if history is not None:
            text += f" при среднем фактическом {history:.0%} в год"
            ratio = required / history if history > 0 else np.inf
            verdict = (
                "цель реалистична"
                if ratio <= 1
                else "цель амбициозна: нужен рост быстрее прежнего"
                if ratio <= 1.5
                else "цель требует резкого ускорения — проверьте её обоснованность"
            )
            text += f": {verdict}"
        text += ". "
    strong = indicators.dropna().sort_values("index", ascending=False)
    if len(strong):
        best, worst = strong.index[0], strong.index[-1]
        text += f"Сильнее всего относительно медианы: «{INDICATORS[best]}»; слабее всего: «{INDICATORS[worst]}»."
    return text


def baseline_table(view: DashboardView) -> pd.DataFrame:
    """The region's indicators against the median with Russian headers; shares shown in %."""
    rows = []
    for key, row in view.indicators.iterrows():
        scale = 1 if key == "per_open" else 100
        rows.append(
            (
                row["label"],
                round(scale * row["value"], 1),
                round(scale * row["median"], 1),
                round(row["index"]) if pd.notna(row["index"]) else None,
            )
        )
    table = pd.DataFrame(rows, columns=["Показатель", "Регион", "Медиана регионов", "Регион, % от медианы"])
    head = pd.DataFrame(
        [
            ("Промышленные туристы за год, чел.", view.baseline, None, None),
            (f"Цель к {view.target_year} г., чел.", view.target, None, None),
            ("Нужный рост, % в год", round(100 * view.required_rate, 1), None, None),
        ],
        columns=table.columns,
    )
    return pd.concat([head, table], ignore_index=True)


def draw_dashboard(view: DashboardView) -> plt.Figure:
    """Two panels: indicators as % of the median, and the visitor series with the path."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [1.1, 1]})
    ind = view.indicators.iloc[::-1]
    shown = ind["index"].fillna(0)
    colors = ["#1b7f3b" if v >= 100 else "#b3261e" for v in shown]
    left.barh(ind["label"].str.replace(", %", "").str.replace(", чел.", ""), shown, color=colors)
    left.axvline(100, color="#202124", linestyle="--", linewidth=1)
    left.set_xlabel("Значение региона, % от медианы всех регионов")
    left.set_title(f"Показатели {view.baseline_year} г. относительно медианы")
    left.tick_params(axis="y", labelsize=8)

    right.plot(view.series.index, view.series.values / 1000, marker="o", color="#1a73e8", label="факт")
    right.plot(
        view.path.index,
        view.path.values / 1000,
        linestyle="--",
        marker=".",
        color="#e37400",
        label=f"нужная траектория: +{view.required_rate:.0%} в год",
    )
    right.scatter([view.target_year], [view.target / 1000], marker="*", s=180, color="#b3261e", zorder=3, label="цель")
    right.set_xlabel("Год")
    right.set_ylabel("Промышленные туристы, тыс. человек")
    right.set_title("Базовая линия и путь к цели")
    right.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    right.legend(loc="upper left", fontsize=8)
    right.grid(alpha=0.3)
    right.set_ylim(bottom=0)
    fig.suptitle(f"{view.region} (иллюстративные данные курса)", fontweight="bold")
    fig.tight_layout()
    return fig


def regional_dashboard(
    regions: pd.DataFrame | None = None,
    visitors: pd.DataFrame | None = None,
    *,
    region: str | None = None,
    enterprise: Enterprise | None = None,
):
    """Build the dashboard widget; ``box.controls`` and ``box.view`` expose its state."""
    import ipywidgets as w
    from IPython.display import display

    regions = load("regions") if regions is None else regions
    visitors = load("regional_visitors") if visitors is None else visitors
    names = sorted(regions["region"].astype(str))
    region = region or (REGION.name if REGION.name in names else names[0])

    pick = w.Dropdown(options=names, value=region, description="Регион:", layout=w.Layout(width="360px"))
    target = w.IntText(description="Цель, чел.:", layout=w.Layout(width="220px"))
    year = w.IntSlider(min=TARGET_YEARS[0], max=TARGET_YEARS[1], description="К году:", layout=w.Layout(width="320px"))
    summary = w.HTML()
    out = w.Output()
    box = w.VBox([w.HBox([pick, target, year]), summary, out])
    box.controls = SimpleNamespace(region=pick, target=target, target_year=year)
    busy = {"on": False}

    def redraw(*_):
        if busy["on"]:
            return
        view = dashboard_view(
            regions, visitors, pick.value, target=target.value or None, target_year=year.value, enterprise=enterprise
        )
        box.view = view
        summary.value = f"<p style='max-width:900px'>{html.escape(view.summary)}</p>"
        with out:
            out.clear_output(wait=True)
            fig = draw_dashboard(view)
            display(fig)
            plt.close(fig)

    def reset_target(*_):
        """A new region brings its own adopted target into the controls."""
        view = dashboard_view(regions, visitors, pick.value)
        busy["on"] = True
        target.value = int(round(view.target))
        year.value = min(max(view.target_year, TARGET_YEARS[0]), TARGET_YEARS[1])
        busy["on"] = False
        redraw()

    pick.observe(reset_target, names="value")
    target.observe(redraw, names="value")
    year.observe(redraw, names="value")
    reset_target()
    return box


def team_widget(ent: Enterprise):
    """The team map around ``ent``: pick a participant, move its influence and interest, see the grid.

    ``box.team`` holds the current scores and quadrants; ``box.controls`` the controls.
    """
    import ipywidgets as w
    from IPython.display import display

    state = {"team": team_map(ent)}
    names = list(state["team"]["participant"])
    pick = w.Dropdown(options=names, value=names[0], description="Участник:", layout=w.Layout(width="460px"))
    influence = w.IntSlider(min=1, max=5, description="Влияние:", layout=w.Layout(width="300px"))
    interest = w.IntSlider(min=1, max=5, description="Интерес:", layout=w.Layout(width="300px"))
    advice = w.HTML()
    out = w.Output()
    box = w.VBox([pick, w.HBox([influence, interest]), advice, out])
    box.controls = SimpleNamespace(participant=pick, influence=influence, interest=interest)
    busy = {"on": False}

    def redraw():
        team = state["team"]
        box.team = team
        row = team.loc[team["participant"] == pick.value].iloc[0]
        counts = team["quadrant"].value_counts()
        advice.value = (
            f"<p><b>{html.escape(row['participant'])}</b> — квадрант «{html.escape(row['quadrant'])}»: "
            f"{html.escape(row['action'])}.</p><p>Ключевых участников: "
            f"{int(counts.get('ключевые участники', 0))}; держать довольными: "
            f"{int(counts.get('держать довольными', 0))}; держать в курсе: "
            f"{int(counts.get('держать в курсе', 0))}; наблюдать: {int(counts.get('наблюдать', 0))}.</p>"
        )
        with out:
            out.clear_output(wait=True)
            fig = draw_team_grid(team, f"Команда вокруг предприятия {ent.short}")
            display(fig)
            plt.close(fig)
            display(team_table(team)[["Участник", "Квадрант", "Что делаем"]])

    def select(*_):
        row = state["team"].loc[state["team"]["participant"] == pick.value].iloc[0]
        busy["on"] = True
        influence.value, interest.value = int(row["influence"]), int(row["interest"])
        busy["on"] = False
        redraw()

    def rescore(*_):
        if busy["on"]:
            return
        team = state["team"].copy()
        at = team["participant"] == pick.value
        team.loc[at, "influence"] = influence.value
        team.loc[at, "interest"] = interest.value
        state["team"] = place(team)
        redraw()

    pick.observe(select, names="value")
    influence.observe(rescore, names="value")
    interest.observe(rescore, names="value")
    select()
    return box
