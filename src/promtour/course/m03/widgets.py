"""Interactive tools of lesson 3: the readiness scorer and the plan checker.

``readiness_scorer()`` ranks the region's enterprises (the learner's own enterprise included) with
:func:`promtour.course.m03.readiness.screen`; ``plan_checker(my)`` checks a technological map of the
learner's enterprise against its visitor regulations with :func:`promtour.course.m03.plan.check_plan`.
Both can be tested without a browser: create, change a control, read ``.result`` or ``.problems``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ...datasets import load
from ...enterprise import Enterprise
from .datasets import BLOCKS
from .plan import TITLES, Problem, check_plan, plan_for
from .readiness import CATEGORIES, CATEGORY_COLORS, default_block_weights, screen, with_enterprise

ALL_INDUSTRIES = "все отрасли"


def _summary_html(result: pd.DataFrame, block_weights: dict[str, float]) -> str:
    total = sum(block_weights.values())
    counts = result["category"].value_counts()
    parts = [f'<span style="color:{CATEGORY_COLORS[c]}"><b>{c}</b>: {int(counts.get(c, 0))}</span>' for c in CATEGORIES]
    note = "" if total > 0 else ' <b style="color:#b3261e">Все веса нулевые — индекс не определён.</b>'
    return (
        f"<div>Предприятий: <b>{len(result)}</b> · "
        + " · ".join(parts)
        + f" · сумма весов блоков: {total:g}{note}</div>"
    )


def _table_html(result: pd.DataFrame, mine: str | None = None) -> str:
    rows = []
    for eid, r in result.iterrows():
        color = CATEGORY_COLORS[r["category"]]
        bar = (
            f'<div style="background:#e8eaed;width:120px;height:10px;display:inline-block">'
            f'<div style="background:{color};width:{r["quick_index"] * 1.2:.0f}px;height:10px"></div></div>'
        )
        stop = f" ⚠ {html.escape(r['stop_factors'])}" if r["stop_factors"] else ""
        mark = ' style="background:#fff3c4;font-weight:bold"' if eid == mine else ""
        rows.append(
            f"<tr{mark}><td>{r['rank']}</td><td>{eid}</td><td>{html.escape(r['name'])}</td>"
            f"<td>{html.escape(str(r['industry']))}</td><td>{r['tours_year']}</td>"
            f"<td>{bar} {r['quick_index']:.1f}</td>"
            f'<td style="color:{color}"><b>{r["category"]}</b>{stop}</td></tr>'
        )
    head = (
        "<tr><th>№</th><th>код</th><th>предприятие</th><th>отрасль</th><th>экскурсий/год</th>"
        "<th>индекс (0–100)</th><th>категория</th></tr>"
    )
    return (
        f'<div style="max-height:420px;overflow-y:auto"><table style="border-collapse:collapse;'
        f'font-size:13px">{head}{"".join(rows)}</table></div>'
    )


class ReadinessScorer(widgets.VBox):
    """Block-weight sliders and thresholds -> live quick index, ranking and categories."""

    def __init__(self, enterprises: pd.DataFrame, weights: pd.DataFrame, my: Enterprise | None = None) -> None:
        self.my = my
        enterprises = with_enterprise(enterprises, my)
        self.enterprises = enterprises
        self.weights = weights
        defaults = default_block_weights(weights)
        style = {"description_width": "130px"}
        self.sliders = {
            b: widgets.IntSlider(
                value=int(defaults[b]), min=0, max=50, step=5, description=b, style=style, continuous_update=False
            )
            for b in BLOCKS
        }
        self.ready = widgets.IntSlider(
            value=75, min=0, max=100, step=5, description="«готово» от", style=style, continuous_update=False
        )
        self.needs_work = widgets.IntSlider(
            value=50, min=0, max=100, step=5, description="«доработка» от", style=style, continuous_update=False
        )
        industries = sorted(str(x) for x in enterprises["industry"].unique())
        self.industry = widgets.Dropdown(
            options=[ALL_INDUSTRIES, *industries], value=ALL_INDUSTRIES, description="Отрасль", style=style
        )
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.result = pd.DataFrame()
        controls = widgets.HBox(
            [
                widgets.VBox([widgets.HTML("<b>Веса блоков</b>"), *self.sliders.values()]),
                widgets.VBox([widgets.HTML("<b>Пороги и фильтр</b>"), self.ready, self.needs_work, self.industry]),
            ]
        )
        super().__init__([controls, self.summary, self.table])
        for control in (*self.sliders.values(), self.ready, self.needs_work, self.industry):
            control.observe(self.refresh, names="value")
        self.refresh()

    def block_weights(self) -> dict[str, float]:
        return {b: float(s.value) for b, s in self.sliders.items()}

    def refresh(self, _change: object = None) -> None:
        ready = float(self.ready.value)
        needs_work = min(float(self.needs_work.value), ready)  # «доработка» cannot start above «готово»
        industry = None if self.industry.value == ALL_INDUSTRIES else self.industry.value
        self.result = screen(
            self.enterprises, self.weights, self.block_weights(), ready=ready, needs_work=needs_work, industry=industry
        )
        summary = _summary_html(self.result, self.block_weights())
        if self.my is not None and self.my.id in self.result.index:
            r = self.result.loc[self.my.id]
            summary += (
                f"<div>Ваше предприятие <b>{html.escape(self.my.short)}</b>: место {r['rank']} из "
                f"{len(self.result)}, индекс {r['quick_index']:.1f}, «{r['category']}» (строка выделена)</div>"
            )
        self.summary.value = summary
        self.table.value = _table_html(self.result, self.my.id if self.my is not None else None)


def readiness_scorer(
    enterprises: pd.DataFrame | None = None, weights: pd.DataFrame | None = None, my: Enterprise | None = None
) -> ReadinessScorer:
    """The lesson's readiness scorer on the course data (or on the frames given), ``my`` highlighted."""
    if enterprises is None:
        enterprises = load("enterprise_readiness")
    if weights is None:
        weights = load("readiness_weights")
    return ReadinessScorer(enterprises, weights, my)


class PlanChecker(widgets.VBox):
    """The enterprise's technological map with group controls -> live check against its regulations."""

    def __init__(self, my: Enterprise, plans: pd.DataFrame, stops: pd.DataFrame) -> None:
        self.my = my
        self.title, self.stops, group = plan_for(my, plans, stops)
        style = {"description_width": "190px"}
        layout = widgets.Layout(width="460px")
        self.children_n = widgets.IntSlider(
            value=int(group["children"]),
            min=0,
            max=40,
            description="Детей в группе",
            style=style,
            layout=layout,
            continuous_update=False,
        )
        self.adults_n = widgets.IntSlider(
            value=int(group["adults"]),
            min=0,
            max=40,
            description="Взрослых в группе",
            style=style,
            layout=layout,
            continuous_update=False,
        )
        age = group.get("youngest_age")
        self.age_known = widgets.Checkbox(value=age is not None, description="Возраст участников известен", style=style)
        self.age = widgets.IntSlider(
            value=int(age) if age is not None else my.min_age,
            min=5,
            max=70,
            description="Самому младшему, лет",
            style=style,
            layout=layout,
            continuous_update=False,
        )
        self.visitor_list = widgets.Checkbox(
            value=bool(group.get("visitor_list", False)), description="Список гостей передан предприятию", style=style
        )
        self.foreign = widgets.IntSlider(
            value=int(group.get("foreign_guests", 0)),
            min=0,
            max=10,
            description="Иностранных гостей",
            style=style,
            layout=layout,
            continuous_update=False,
        )
        self.days = widgets.IntSlider(
            value=int(group.get("days_ahead", 30)),
            min=0,
            max=60,
            description="Заявка подана за, дней",
            style=style,
            layout=layout,
            continuous_update=False,
        )
        self.no_ppe = widgets.SelectMultiple(
            options=[(f"{r.step}. {r.stop}", int(r.step)) for r in self.stops.sort_values("step").itertuples()],
            description="Без СИЗ на шагах",
            style=style,
            layout=widgets.Layout(width="460px", height="120px"),
        )
        self.report = widgets.HTML()
        self.problems: list[Problem] = []
        head = widgets.HTML(
            f"<b>{html.escape(self.title)}</b> — {html.escape(my.name)}: группа до {my.max_group} чел., "
            f"с {my.min_age} лет, один взрослый на {my.children_per_adult or '—'} детей, "
            f"до {my.tour_minutes} мин, СИЗ: {html.escape(my.ppe)}"
        )
        controls = [
            self.children_n,
            self.adults_n,
            self.age_known,
            self.age,
            self.visitor_list,
            self.foreign,
            self.days,
            self.no_ppe,
        ]
        super().__init__([head, *controls, self.report])
        for control in controls:
            control.observe(self.refresh, names="value")
        self.refresh()

    def group(self) -> dict:
        return {
            "children": self.children_n.value,
            "adults": self.adults_n.value,
            "youngest_age": self.age.value if self.age_known.value else None,
            "visitor_list": self.visitor_list.value,
            "foreign_guests": self.foreign.value,
            "days_ahead": self.days.value,
        }

    def current_stops(self) -> pd.DataFrame:
        stops = self.stops.copy()
        if self.no_ppe.value:
            stops.loc[stops["step"].isin(self.no_ppe.value), "ppe_required"] = False
        return stops

    def refresh(self, _change: object = None) -> None:
        self.problems = check_plan(self.current_stops(), self.group(), self.my)
        if not self.problems:
            self.report.value = (
                '<div style="color:#1b7f3b"><b>Нарушений нет</b>: карта соблюдает положение о посещении.</div>'
            )
            return
        items = "".join(f"<li><b>{html.escape(TITLES[p.code])}</b>: {html.escape(p.text)}</li>" for p in self.problems)
        self.report.value = f'<div style="color:#b3261e"><b>Нарушений: {len(self.problems)}</b><ul>{items}</ul></div>'


def plan_checker(my: Enterprise, plans: pd.DataFrame | None = None, stops: pd.DataFrame | None = None) -> PlanChecker:
    """The plan checker on the enterprise's first plan in the course data (or a draft from its profile)."""
    if plans is None:
        plans = load("excursion_plans")
    if stops is None:
        stops = load("excursion_stops")
    return PlanChecker(my, plans, stops)
