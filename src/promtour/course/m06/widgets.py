"""Interactive tools of module 6: a KPI/funnel dashboard and a budget planner.

Each builder returns an ``ipywidgets.VBox`` with two extra attributes so that the
tool can be tested without a browser: ``controls`` (name -> widget) and ``state``
(the latest computed results, refreshed on every change).
"""

from __future__ import annotations

import html

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from . import dashboard as db


def _table_html(table: pd.DataFrame) -> HTML:
    return HTML(table.to_html(float_format=lambda v: f"{v:,.1f}".replace(",", " "),
                              na_rep="нет данных", border=0))


def kpi_dashboard(campaigns: pd.DataFrame, reviews: pd.DataFrame) -> w.VBox:
    """Choose channels, markets and months → funnel figure and KPI table, live."""
    channels = sorted(campaigns["channel"].astype(str).unique())
    markets = sorted(campaigns["market"].astype(str).unique(), reverse=True)
    months = db.month_labels(campaigns)
    controls = {
        "channels": w.SelectMultiple(options=channels, value=tuple(channels), rows=len(channels),
                                     description="Каналы", layout=w.Layout(width="380px")),
        "markets": w.SelectMultiple(options=markets, value=tuple(markets), rows=2,
                                    description="Рынки", layout=w.Layout(width="260px")),
        "months": w.SelectionRangeSlider(options=months, index=(0, len(months) - 1),
                                         description="Месяцы", continuous_update=False,
                                         layout=w.Layout(width="640px")),
    }
    out = w.Output()
    box = w.VBox([w.HBox([controls["channels"], controls["markets"]]), controls["months"], out])
    box.controls = controls
    box.state = {}

    def update(_change: object = None) -> None:
        chosen = dict(channels=controls["channels"].value, markets=controls["markets"].value,
                      months=tuple(controls["months"].value))
        part = db.select(campaigns, **chosen)
        answers = db.select(reviews, **chosen, date_column="date")
        counts = db.funnel_counts(part)
        kpi = db.kpi_summary(part, answers)
        box.state.update(selection=chosen, funnel=counts, kpi=kpi)
        with out:
            out.clear_output(wait=True)
            if part.empty:
                display(HTML("<b>В выбранном срезе нет кампаний — расширьте фильтры.</b>"))
                return
            fig, ax = plt.subplots(figsize=(8, 3.2))
            start, end = chosen["months"]
            db.plot_funnel(counts, ax=ax, title=f"Воронка продвижения, {start} … {end}")
            fig.tight_layout()
            display(fig)
            plt.close(fig)
            display(_table_html(kpi))

    for c in controls.values():
        c.observe(update, names="value")
    update()
    return box


def budget_planner(campaigns: pd.DataFrame, year: int = 2024) -> w.VBox:
    """Move budget between channels → predicted visits and cost per visit, live.

    The baseline is ``year``'s spend and visits per channel; the response curve is
    :func:`promtour.course.m06.dashboard.plan_visits`.
    """
    rows = campaigns[pd.to_datetime(campaigns["month"]).dt.year == year]
    base = db.channel_baseline(rows)
    sliders = {
        ch: w.IntSlider(value=int(round(s / 1000)), min=0, max=int(round(3 * s / 1000)) or 100, step=10,
                        description=ch, continuous_update=False,
                        style={"description_width": "200px"}, layout=w.Layout(width="560px"))
        for ch, s in base["spend_now"].items()
    }
    elasticity = w.FloatSlider(value=db.DEFAULT_ELASTICITY, min=0.3, max=1.0, step=0.05,
                               description="Эластичность", continuous_update=False,
                               style={"description_width": "200px"}, layout=w.Layout(width="560px"))
    controls = {**sliders, "elasticity": elasticity}
    summary = w.HTML()
    out = w.Output()
    box = w.VBox([w.HTML(f"<b>Бюджет каналов на {year} год, тыс. руб.</b>"), *sliders.values(),
                  elasticity, summary, out])
    box.controls = controls
    box.state = {}

    initial = {ch: s.value for ch, s in sliders.items()}

    def update(_change: object = None) -> None:
        # an untouched slider keeps the exact current spend (sliders are rounded to thousands)
        budgets = {ch: base.at[ch, "spend_now"] if s.value == initial[ch] else s.value * 1000
                   for ch, s in sliders.items()}
        plan = db.plan_visits(base, budgets, elasticity.value)
        spend_now, spend_plan = plan["spend_now"].sum(), plan["spend_plan"].sum()
        visits_now, visits_plan = plan["visits_now"].sum(), plan["visits_plan"].sum()
        box.state.update(plan=plan, visits_plan=float(visits_plan), spend_plan=float(spend_plan))
        delta = spend_plan - spend_now
        note = ("бюджет тот же" if abs(delta) < 1000 else
                f"бюджет {'больше' if delta > 0 else 'меньше'} текущего на {abs(delta) / 1000:,.0f} тыс. руб.")
        cpv = spend_plan / visits_plan if visits_plan else float("nan")
        summary.value = html.escape(
            f"Визитов сейчас: {visits_now:,.0f}; по плану: {visits_plan:,.0f} "
            f"({visits_plan - visits_now:+,.0f}). Стоимость визита по плану: {cpv:,.0f} руб.; {note}."
        ).replace(",", " ")
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(8, 3.6))
            order = plan.sort_values("visits_now").index
            y = range(len(order))
            ax.barh([i + 0.2 for i in y], plan.loc[order, "visits_now"], height=0.4, label="сейчас",
                    color="#9aa5b1")
            ax.barh([i - 0.2 for i in y], plan.loc[order, "visits_plan"], height=0.4, label="по плану",
                    color="#2f6db5")
            ax.set_yticks(list(y), order)
            ax.set_xlabel("Визиты за год, чел.")
            ax.set_title(f"Прогноз визитов по каналам при новом бюджете ({year})")
            ax.legend(loc="lower right")
            fig.tight_layout()
            display(fig)
            plt.close(fig)

    for c in controls.values():
        c.observe(update, names="value")
    update()
    return box
