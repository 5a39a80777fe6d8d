"""Interactive tools of module 6: a KPI dashboard and a budget planner for one enterprise.

Both take an :class:`promtour.enterprise.Enterprise` (a world enterprise or a learner's own
profile) and the ``campaigns``/``reviews`` tables (the course's data or the learner's own, in
the same columns). Each builder returns an ``ipywidgets.VBox`` with two extra attributes so that
the tool can be tested without a browser: ``controls`` (name -> widget) and ``state`` (the latest
computed results, refreshed on every change).
"""

from __future__ import annotations

import html

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from promtour.enterprise import Enterprise

from . import dashboard as db


def _num(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def _table_html(table: pd.DataFrame) -> HTML:
    return HTML(table.to_html(float_format=lambda v: f"{v:,.1f}".replace(",", " "), na_rep="нет данных", border=0))


def _origin(campaigns: pd.DataFrame) -> str:
    """A note for the header: the course's own tables are synthetic."""
    return " <i>(иллюстративные данные курса)</i>" if "enterprise_id" in campaigns.columns else ""


def _no_data(ent: Enterprise) -> w.VBox:
    box = w.VBox(
        [
            w.HTML(
                f"<b>В таблице нет строк предприятия {html.escape(ent.name)} (код {html.escape(ent.id)}).</b> "
                "Передайте свою таблицу кампаний в тех же столбцах, что и набор <code>campaigns</code>."
            )
        ]
    )
    box.controls, box.state = {}, {"empty": True}
    return box


def kpi_dashboard(ent: Enterprise, campaigns: pd.DataFrame, reviews: pd.DataFrame) -> w.VBox:
    """Choose channels and months of ``ent``'s promotion → funnel and KPI table, its goal first."""
    own, answers_all = db.of(campaigns, ent), db.of(reviews, ent)
    if own.empty:
        return _no_data(ent)
    channels = sorted(own["channel"].astype(str).unique())
    months = db.month_labels(own)
    controls = {
        "channels": w.SelectMultiple(
            options=channels,
            value=tuple(channels),
            rows=min(len(channels), 10),
            description="Каналы",
            layout=w.Layout(width="460px"),
        ),
        "months": w.SelectionRangeSlider(
            options=months,
            index=(0, len(months) - 1),
            description="Месяцы",
            continuous_update=False,
            layout=w.Layout(width="640px"),
        ),
    }
    out = w.Output()
    box = w.VBox(
        [
            w.HTML(
                f"<b>{html.escape(ent.name)}</b>: цель — {html.escape(ent.goal_metric)}, "
                f"план {_num(ent.goal_target)}" + _origin(campaigns)
            ),
            controls["channels"],
            controls["months"],
            out,
        ]
    )
    box.controls = controls
    box.state = {}

    def update(_change: object = None) -> None:
        chosen = dict(channels=controls["channels"].value, months=tuple(controls["months"].value))
        part = db.select(own, **chosen)
        answers = db.select(answers_all, **chosen, date_column="date")
        counts = db.funnel_counts(part)
        kpi = db.kpi_summary(part, answers, ent)
        box.state.update(selection=chosen, funnel=counts, kpi=kpi)
        with out:
            out.clear_output(wait=True)
            if part.empty:
                display(HTML("<b>В выбранном срезе нет кампаний — расширьте фильтры.</b>"))
                return
            fig, ax = plt.subplots(figsize=(8, 3.2))
            start, end = chosen["months"]
            db.plot_funnel(counts, ax=ax, title=f"Воронка продвижения: {ent.short}, {start} … {end}")
            fig.tight_layout()
            display(fig)
            plt.close(fig)
            display(_table_html(kpi))

    for c in controls.values():
        c.observe(update, names="value")
    update()
    return box


def budget_planner(ent: Enterprise, campaigns: pd.DataFrame) -> w.VBox:
    """Move ``ent``'s budget between channels → predicted visits and goal results, live.

    The baseline is the spend, visits and goal results per channel in ``campaigns``; the response
    curve is :func:`promtour.course.m06.dashboard.plan_visits`.
    """
    own = db.of(campaigns, ent)
    if own.empty:
        return _no_data(ent)
    base = db.channel_baseline(own)
    sliders = {
        ch: w.IntSlider(
            value=int(round(s / 1000)),
            min=0,
            max=int(round(3 * s / 1000)) or 100,
            step=5,
            description=ch,
            continuous_update=False,
            style={"description_width": "240px"},
            layout=w.Layout(width="600px"),
        )
        for ch, s in base["spend_now"].items()
    }
    elasticity = w.FloatSlider(
        value=db.DEFAULT_ELASTICITY,
        min=0.3,
        max=1.0,
        step=0.05,
        description="Эластичность",
        continuous_update=False,
        style={"description_width": "240px"},
        layout=w.Layout(width="600px"),
    )
    controls = {**sliders, "elasticity": elasticity}
    summary = w.HTML()
    out = w.Output()
    box = w.VBox(
        [
            w.HTML(f"<b>{html.escape(ent.short)}: бюджет каналов на год, тыс. руб.</b>" + _origin(campaigns)),
            *sliders.values(),
            elasticity,
            summary,
            out,
        ]
    )
    box.controls = controls
    box.state = {}
    initial = {ch: s.value for ch, s in sliders.items()}
    unit = db.goal_unit(ent)

    def update(_change: object = None) -> None:
        # an untouched slider keeps the exact current spend (sliders are rounded to thousands)
        budgets = {
            ch: base.at[ch, "spend_now"] if s.value == initial[ch] else s.value * 1000 for ch, s in sliders.items()
        }
        plan = db.plan_visits(base, budgets, elasticity.value)
        spend_now, spend_plan = plan["spend_now"].sum(), plan["spend_plan"].sum()
        visits_now, visits_plan = plan["visits_now"].sum(), plan["visits_plan"].sum()
        goal_now, goal_plan = plan["goal_now"].sum(), plan["goal_plan"].sum()
        box.state.update(
            plan=plan, visits_plan=float(visits_plan), spend_plan=float(spend_plan), goal_plan=float(goal_plan)
        )
        delta = spend_plan - spend_now
        note = (
            "бюджет тот же"
            if abs(delta) < 1000
            else f"бюджет {'больше' if delta > 0 else 'меньше'} текущего на {_num(abs(delta) / 1000)} тыс. руб."
        )
        summary.value = html.escape(
            f"Цель «{ent.goal_metric}»: сейчас {_num(goal_now)}, по плану {_num(goal_plan)} {unit} "
            f"при плане предприятия {_num(ent.goal_target)} {unit}. Визитов сейчас {_num(visits_now)}, "
            f"по плану {_num(visits_plan)}; {note}."
        )
        with out:
            out.clear_output(wait=True)
            fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
            order = plan.sort_values("visits_now").index
            y = range(len(order))
            for ax, now, new, label in (
                (ax1, "visits_now", "visits_plan", "Визиты за год, чел."),
                (ax2, "goal_now", "goal_plan", f"Результат для цели, {unit}"),
            ):
                ax.barh([i + 0.2 for i in y], plan.loc[order, now], height=0.4, label="сейчас", color="#9aa5b1")
                ax.barh([i - 0.2 for i in y], plan.loc[order, new], height=0.4, label="по плану", color="#2f6db5")
                ax.set_xlabel(label)
            ax1.set_yticks(list(y), order)
            ax1.set_title("Визиты по каналам")
            ax2.set_title("Вклад каналов в цель предприятия")
            ax2.legend(loc="lower right")
            fig.suptitle(f"{ent.short}: прогноз при новом бюджете (модель убывающей отдачи)")
            fig.tight_layout()
            display(fig)
            plt.close(fig)

    for c in controls.values():
        c.observe(update, names="value")
    update()
    return box
