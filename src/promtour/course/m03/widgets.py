"""Interactive tools of lesson 3: the readiness scorer.

``readiness_scorer()`` builds the widget; all computing is done by
:func:`promtour.course.m03.readiness.screen`, so the widget can be tested without a
browser: create it, change a slider, read ``.result`` or ``.table.value``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ...datasets import load
from .datasets import BLOCKS
from .readiness import CATEGORIES, CATEGORY_COLORS, default_block_weights, screen

ALL_INDUSTRIES = "все отрасли"


def _summary_html(result: pd.DataFrame, block_weights: dict[str, float]) -> str:
    total = sum(block_weights.values())
    counts = result["category"].value_counts()
    parts = [f'<span style="color:{CATEGORY_COLORS[c]}"><b>{c}</b>: {int(counts.get(c, 0))}</span>'
             for c in CATEGORIES]
    note = "" if total > 0 else ' <b style="color:#b3261e">Все веса нулевые — индекс не определён.</b>'
    return (f"<div>Предприятий: <b>{len(result)}</b> · " + " · ".join(parts)
            + f" · сумма весов блоков: {total:g}{note}</div>")


def _table_html(result: pd.DataFrame) -> str:
    rows = []
    for eid, r in result.iterrows():
        color = CATEGORY_COLORS[r["category"]]
        bar = (f'<div style="background:#e8eaed;width:120px;height:10px;display:inline-block">'
               f'<div style="background:{color};width:{r["quick_index"] * 1.2:.0f}px;height:10px"></div></div>')
        stop = f' ⚠ {html.escape(r["stop_factors"])}' if r["stop_factors"] else ""
        rows.append(f"<tr><td>{r['rank']}</td><td>{eid}</td><td>{html.escape(r['name'])}</td>"
                    f"<td>{html.escape(str(r['industry']))}</td><td>{r['tours_year']}</td>"
                    f"<td>{bar} {r['quick_index']:.1f}</td>"
                    f'<td style="color:{color}"><b>{r["category"]}</b>{stop}</td></tr>')
    head = ("<tr><th>№</th><th>код</th><th>предприятие</th><th>отрасль</th><th>экскурсий/год</th>"
            "<th>индекс (0–100)</th><th>категория</th></tr>")
    return (f'<div style="max-height:420px;overflow-y:auto"><table style="border-collapse:collapse;'
            f'font-size:13px">{head}{"".join(rows)}</table></div>')


class ReadinessScorer(widgets.VBox):
    """Block-weight sliders and thresholds -> live quick index, ranking and categories."""

    def __init__(self, enterprises: pd.DataFrame, weights: pd.DataFrame) -> None:
        self.enterprises = enterprises
        self.weights = weights
        defaults = default_block_weights(weights)
        style = {"description_width": "130px"}
        self.sliders = {b: widgets.IntSlider(value=int(defaults[b]), min=0, max=50, step=5, description=b,
                                             style=style, continuous_update=False) for b in BLOCKS}
        self.ready = widgets.IntSlider(value=75, min=0, max=100, step=5, description="«готово» от",
                                       style=style, continuous_update=False)
        self.needs_work = widgets.IntSlider(value=50, min=0, max=100, step=5,
                                            description="«доработка» от", style=style,
                                            continuous_update=False)
        industries = sorted(str(x) for x in enterprises["industry"].unique())
        self.industry = widgets.Dropdown(options=[ALL_INDUSTRIES, *industries], value=ALL_INDUSTRIES,
                                         description="Отрасль", style=style)
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.result = pd.DataFrame()
        controls = widgets.HBox([
            widgets.VBox([widgets.HTML("<b>Веса блоков</b>"), *self.sliders.values()]),
            widgets.VBox([widgets.HTML("<b>Пороги и фильтр</b>"), self.ready, self.needs_work, self.industry]),
        ])
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
        self.result = screen(self.enterprises, self.weights, self.block_weights(), ready=ready,
                             needs_work=needs_work, industry=industry)
        self.summary.value = _summary_html(self.result, self.block_weights())
        self.table.value = _table_html(self.result)


def readiness_scorer(enterprises: pd.DataFrame | None = None,
                     weights: pd.DataFrame | None = None) -> ReadinessScorer:
    """The lesson's readiness scorer on the course data (or on the frames given)."""
    if enterprises is None:
        enterprises = load("enterprises")
    if weights is None:
        weights = load("readiness_weights")
    return ReadinessScorer(enterprises, weights)
