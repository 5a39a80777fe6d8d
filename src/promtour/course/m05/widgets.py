"""The route builder: pick sites in order, a start time and a group; see the map, the timeline and violations.

Pure parts (:func:`route_figure`, :func:`summary_html`) do the work and are
testable without a browser; :class:`RouteBuilder` only wires controls to them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, MultipleLocator

from promtour.enterprise import Enterprise
from promtour.world import REGION, TOWNS

from .routing import DEPOT, RoutePlan, add_enterprise, schedule, suggest_route, to_clock

TYPE_STYLE = {  # site type -> (colour, marker)
    "точка сбора": ("black", "*"),
    "предприятие": ("#1f4e79", "s"),
    "музей": ("#7b3294", "D"),
    "наследие": ("#a6611a", "^"),
    "креативное пространство": ("#018571", "P"),
    "питание": ("#d95f02", "o"),
}
START_TIMES = [f"{h:02d}:{m:02d}" for h in range(7, 13) for m in (0, 30)]


def draw_map(ax: plt.Axes, sites: pd.DataFrame, plan: RoutePlan | None = None, depot: str = DEPOT) -> None:
    """All sites by type, and the route (if any) as numbered arrows; late stops in red."""
    for kind, (color, marker) in TYPE_STYLE.items():
        part = sites[sites["type"] == kind]
        ax.scatter(
            part["x_km"],
            part["y_km"],
            c=color,
            marker=marker,
            s=60 if kind != "точка сбора" else 160,
            alpha=0.35 if plan is not None and len(plan.stops) else 0.9,
            label=kind,
            zorder=2,
        )
    xy = sites.set_index("site_id")[["x_km", "y_km"]]
    box = [xy.loc[depot, "x_km"], xy.loc[depot, "y_km"]]
    xs, ys = [box[0]], [box[1]]
    if plan is not None and len(plan.stops):
        path = [depot, *plan.stops["site_id"]] + ([depot] if plan.return_leg else [])
        for a, b in zip(path, path[1:]):
            ax.annotate(
                "",
                xy=tuple(xy.loc[b]),
                xytext=tuple(xy.loc[a]),
                arrowprops={"arrowstyle": "->", "color": "#444444", "lw": 1.5},
                zorder=3,
            )
        for _, stop in plan.stops.iterrows():
            x, y = xy.loc[stop["site_id"]]
            xs.append(x)
            ys.append(y)
            color = "#1b7f3b" if stop["ok"] else "#b3261e"
            ax.scatter([x], [y], s=260, facecolors="white", edgecolors=color, linewidths=2, zorder=4)
            ax.text(
                x, y, str(stop["step"]), ha="center", va="center", fontsize=9, color=color, fontweight="bold", zorder=5
            )
    # frame: the whole region, so that the distances between towns stay visible
    for town, (tx, ty) in TOWNS.items():
        ax.annotate(town, (tx, ty), xytext=(6, -12), textcoords="offset points", fontsize=8, color="#555555")
    ax.set_xlim(min(-55.0, min(xs) - 5), max(50.0, max(xs) + 5))
    ax.set_ylim(min(-45.0, min(ys) - 5), max(80.0, max(ys) + 5))
    ax.set_aspect("equal", adjustable="box")
    ax.grid(alpha=0.3)
    ax.set_title(f"Маршрут на карте: {REGION.name}")
    ax.set_xlabel(f"на восток от центра {REGION.capital}а, км")
    ax.set_ylabel(f"на север от центра {REGION.capital}а, км")
    ax.legend(loc="upper left", fontsize=7, framealpha=0.8)


def draw_timeline(ax: plt.Axes, plan: RoutePlan) -> None:
    """Gantt-like day: drive, wait and visit bars per stop over the site's opening window."""
    stops = plan.stops
    n = len(stops)
    for i, stop in stops.iterrows():
        y = n - i
        ax.barh(
            y,
            stop["closes"] - stop["opens"],
            left=stop["opens"],
            height=0.8,
            color="#e8eef7",
            edgecolor="#9fb3cf",
            zorder=1,
        )
        if stop["travel_min"]:
            ax.barh(
                y, stop["travel_min"], left=stop["arrive"] - stop["travel_min"], height=0.3, color="#888888", zorder=2
            )
        if stop["wait_min"]:
            ax.barh(y, stop["wait_min"], left=stop["arrive"], height=0.5, color="#f2c94c", zorder=2)
        ax.barh(
            y, stop["visit_min"], left=stop["start"], height=0.5, color="#1b7f3b" if stop["ok"] else "#b3261e", zorder=3
        )
    if plan.return_leg:
        ax.barh(0, plan.return_leg, left=plan.finish - plan.return_leg, height=0.3, color="#888888")
    ax.set_yticks(range(0, n + 1))
    ax.set_yticklabels(
        ["возврат"] + [f"{s} {nm[:22]}" for s, nm in zip(stops["step"][::-1], stops["name"][::-1])], fontsize=8
    )
    lo = min([plan.depart] + stops["opens"].tolist()) if n else plan.depart
    hi = max([plan.finish] + stops["closes"].clip(upper=plan.finish + 120).tolist()) if n else plan.finish + 60
    ax.set_xlim(lo - 30, hi + 30)
    ax.xaxis.set_major_locator(MultipleLocator(60))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: to_clock(v)))
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("График дня: переезд (серый), ожидание (жёлтый), визит (зелёный/красный)", fontsize=9)
    ax.set_xlabel("время суток, ч:мин")


def route_figure(plan: RoutePlan, sites: pd.DataFrame | None = None) -> plt.Figure:
    """Map and timeline side by side (``sites`` defaults to the table the plan was made on)."""
    sites = plan.sites if sites is None or (plan.sites is not None and len(plan.sites) > len(sites)) else sites
    fig, (ax_map, ax_time) = plt.subplots(1, 2, figsize=(13, 5.2), gridspec_kw={"width_ratios": [1, 1.15]})
    draw_map(ax_map, sites, plan)
    draw_timeline(ax_time, plan)
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.17, top=0.93, wspace=0.42)  # cheaper than tight_layout
    return fig


def summary_html(plan: RoutePlan) -> str:
    """Totals of the day and a line per violation, in Russian."""
    if not len(plan.stops):
        return "<p>Добавьте в маршрут хотя бы один объект.</p>"
    parts = [
        f"<b>Выезд</b> {to_clock(plan.depart)} · <b>возвращение</b> {to_clock(plan.finish)} · "
        f"<b>всего</b> {plan.total_minutes // 60} ч {plan.total_minutes % 60:02d} мин "
        f"(переезды {plan.travel_minutes} мин, визиты {plan.visit_minutes} мин, ожидание {plan.wait_minutes} мин)"
    ]
    late = plan.stops[~plan.stops["ok"]]
    crowded = plan.stops[~plan.stops["group_ok"]]
    if plan.group is not None:
        parts.append(
            f"<b>Группа</b> {plan.group} чел. (школьники и сопровождающие) · самый строгий лимит "
            f"маршрута — {plan.group_limit} чел."
        )
    if late.empty and crowded.empty:
        parts.append('<span style="color:#1b7f3b"><b>✔ Все окна посещения и лимиты групп соблюдены.</b></span>')
    for _, stop in crowded.iterrows():
        parts.append(
            f'<span style="color:#b3261e"><b>✘ {html.escape(stop["name"])}</b>: принимает не больше '
            f"{stop['max_group']} чел. вместе с сопровождающими, а в группе {plan.group} — "
            "уменьшите группу или делите её на подгруппы с ротацией.</span>"
        )
    for _, stop in late.iterrows():
        parts.append(
            f'<span style="color:#b3261e"><b>✘ {html.escape(stop["name"])}</b>: визит закончится в '
            f"{to_clock(stop['end'])}, а объект принимает до {to_clock(stop['closes'])} "
            f"(опоздание {stop['late_min']} мин).</span>"
        )
    waits = plan.stops[plan.stops["wait_min"] >= 30]
    for _, stop in waits.iterrows():
        parts.append(
            f'<span style="color:#8a6d00">⏳ {html.escape(stop["name"])}: ожидание '
            f"{stop['wait_min']} мин до открытия — переставьте объект или сдвиньте выезд.</span>"
        )
    return "<br>".join(parts)


class RouteBuilder(widgets.VBox):
    """Route builder: add sites one by one, choose the start and the group; map, timeline and checks redraw live."""

    def __init__(
        self,
        sites: pd.DataFrame,
        travel: pd.DataFrame,
        order: Sequence[str] = (),
        start: str = "09:00",
        depot: str = DEPOT,
        enterprise: Enterprise | None = None,
        group: int = 20,
    ):
        if enterprise is not None:
            sites, travel = add_enterprise(sites, travel, enterprise)
        self.sites, self.travel, self.depot = sites, travel, depot
        self.order: list[str] = [s.id if isinstance(s, Enterprise) else s for s in order]
        self.plan: RoutePlan | None = None
        choices = [
            (f"{sid} · {name} ({kind}, {town}, {o}–{c}, до {g} чел.)", sid)
            for sid, name, kind, town, o, c, g in zip(
                sites["site_id"],
                sites["name"],
                sites["type"],
                sites["town"],
                sites["opens"],
                sites["closes"],
                sites["max_group"],
            )
            if sid != depot
        ]
        self.site_picker = widgets.Dropdown(
            options=choices, description="Объект:", layout=widgets.Layout(width="640px")
        )
        self.add_button = widgets.Button(description="Добавить", icon="plus", button_style="success")
        self.undo_button = widgets.Button(description="Убрать последний", icon="undo")
        self.clear_button = widgets.Button(description="Очистить", icon="trash")
        self.start_picker = widgets.Dropdown(
            options=START_TIMES, value=start, description="Выезд:", layout=widgets.Layout(width="180px")
        )
        self.group_box = widgets.BoundedIntText(
            value=group,
            min=1,
            max=60,
            description="Группа, чел.:",
            layout=widgets.Layout(width="200px"),
            style={"description_width": "initial"},
        )
        self.return_box = widgets.Checkbox(value=True, description="Вернуться на автовокзал")
        self.order_label = widgets.HTML()
        self.summary = widgets.HTML()
        self.out = widgets.Output()
        self.add_button.on_click(lambda _: self.set_order(self.order + [self.site_picker.value]))
        self.undo_button.on_click(lambda _: self.set_order(self.order[:-1]))
        self.clear_button.on_click(lambda _: self.set_order([]))
        for control in (self.start_picker, self.return_box, self.group_box):
            control.observe(lambda _: self.refresh(), names="value")
        super().__init__(
            [
                widgets.HBox([self.site_picker, self.add_button]),
                widgets.HBox([self.undo_button, self.clear_button, self.start_picker, self.group_box, self.return_box]),
                self.order_label,
                self.summary,
                self.out,
            ]
        )
        self.refresh()

    def set_order(self, order: Sequence[str]) -> None:
        self.order = list(order)
        self.refresh()

    def refresh(self) -> None:
        self.plan = schedule(
            self.order,
            self.sites,
            self.travel,
            start=self.start_picker.value,
            depot=self.depot,
            return_to_depot=self.return_box.value,
            group=self.group_box.value,
        )
        names = self.sites.set_index("site_id")["name"]
        self.order_label.value = (
            (
                "<b>Порядок:</b> автовокзал → "
                + " → ".join(html.escape(f"{i}. {names[s]}") for i, s in enumerate(self.order, 1))
            )
            if self.order
            else "<b>Порядок:</b> пока пусто"
        )
        self.summary.value = summary_html(self.plan)
        with self.out:
            self.out.clear_output(wait=True)
            fig = route_figure(self.plan, self.sites)
            try:
                from IPython.display import display

                display(fig)
            finally:
                plt.close(fig)


def route_builder(
    sites: pd.DataFrame,
    travel: pd.DataFrame,
    order: Sequence[str] | None = None,
    start: str = "09:00",
    enterprise: Enterprise | None = None,
    group: int | None = None,
) -> RouteBuilder:
    """The lesson's route builder; with ``enterprise`` it starts from a suggested route around it."""
    if order is None:
        order = suggest_route(enterprise, sites, travel) if enterprise is not None else []
    if group is None:
        group = enterprise.max_group if enterprise is not None else 20
    return RouteBuilder(sites, travel, order=order, start=start, enterprise=enterprise, group=group)
