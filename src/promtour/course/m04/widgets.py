"""Interactive tools of module 4: the price / group-size calculator.

``calculator_state`` computes everything (pure, testable); ``price_calculator``
builds the ipywidgets front end that redraws a live profit plot on every change.
"""

from __future__ import annotations

import math

import ipywidgets as W
import matplotlib.pyplot as plt

from .economics import break_even_point, group_result, profit_curve, rub


def calculator_state(price: float, group_size: int, fixed_cost: float, variable_cost: float,
                     capacity: int, commission_pct: float = 0.0) -> dict:
    """All figures the calculator shows, for one set of slider values."""
    commission = commission_pct / 100
    result = group_result(price, group_size, fixed_cost, variable_cost, commission)
    point = break_even_point(price, fixed_cost, variable_cost, commission)
    return {
        "price": price, "group_size": group_size, "fixed_cost": fixed_cost,
        "variable_cost": variable_cost, "capacity": capacity, "commission_pct": commission_pct,
        **result,
        "break_even": point,  # fractional crossing, None if price does not cover variable cost
        "min_group": math.ceil(point - 1e-9) if point is not None else None,
        "reachable": point is not None and point <= capacity,
        "utilisation": group_size / capacity if capacity else float("nan"),
        "curve": profit_curve(price, fixed_cost, variable_cost, capacity, commission),
    }


def summary_html(state: dict) -> str:
    """The calculator's text panel (Russian)."""
    profit = state["profit"]
    color = "#1b7f3b" if profit >= 0 else "#b3261e"
    if state["break_even"] is None:
        be = "<b style='color:#b3261e'>не достигается</b>: цена (за вычетом комиссии) не покрывает переменные затраты"
    elif not state["reachable"]:
        be = (f"≈ {state['break_even']:.1f} чел. — <b style='color:#b3261e'>больше вместимости "
              f"({state['capacity']} чел.)</b>: экскурсия убыточна при любой группе")
    else:
        be = f"≈ {state['break_even']:.1f} чел., то есть группа от <b>{state['min_group']}</b> чел."
    rows = [
        ("Выручка предприятия", rub(state["revenue"])),
        ("Затраты на экскурсию", rub(state["cost"])),
        ("Прибыль экскурсии", f"<b style='color:{color}'>{rub(profit)}</b>"),
        ("Маржинальный доход с посетителя", rub(state["unit_margin"])),
        ("Точка безубыточности", be),
        ("Загрузка группы", f"{state['utilisation']:.0%} ({state['group_size']} из {state['capacity']} мест)"),
    ]
    body = "".join(f"<tr><td style='padding:2px 12px 2px 0'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def draw_profit_plot(state: dict, ax=None):
    """Revenue and cost lines over group size, profit zone shaded, current group marked."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4))
    curve = state["curve"]
    x = curve["group_size"]
    ax.plot(x, curve["revenue"], color="#1565c0", lw=2, label="Выручка")
    ax.plot(x, curve["cost"], color="#c62828", lw=2, label="Затраты")
    ax.fill_between(x, curve["revenue"], curve["cost"], where=curve["revenue"] >= curve["cost"],
                    color="#2e7d32", alpha=0.15, label="Зона прибыли", interpolate=True)
    ax.fill_between(x, curve["revenue"], curve["cost"], where=curve["revenue"] < curve["cost"],
                    color="#c62828", alpha=0.08, label="Зона убытка", interpolate=True)
    ax.axvline(state["group_size"], color="#424242", ls="--", lw=1)
    ax.annotate(f"группа {state['group_size']} чел.\nприбыль {rub(state['profit'])}",
                xy=(state["group_size"], state["revenue"]), xytext=(6, 6), textcoords="offset points",
                fontsize=9)
    if state["reachable"]:
        be = state["break_even"]
        ax.plot([be], [state["fixed_cost"] + state["variable_cost"] * be], "o", color="black",
                label=f"Безубыточность ≈ {be:.1f} чел.")
    ax.set_title("Выручка и затраты экскурсии в зависимости от размера группы")
    ax.set_xlabel("Размер группы, чел.")
    ax.set_ylabel("Сумма за экскурсию, ₽")
    ax.set_xlim(0, state["capacity"])
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def price_calculator(price: float = 1200, group_size: int = 15, fixed_cost: float = 7500,
                     variable_cost: float = 700, capacity: int = 20, commission_pct: float = 0) -> W.VBox:
    """Sliders for price, group size, costs, capacity and agent commission; live text and plot.

    The returned box carries ``controls`` (name -> slider), ``summary`` (HTML),
    ``plot`` (Output) and ``state`` (the latest :func:`calculator_state`).
    """
    style = {"description_width": "230px"}
    layout = W.Layout(width="560px")
    controls = {
        "price": W.IntSlider(value=int(price), min=0, max=5000, step=50,
                             description="Цена за человека, ₽", style=style, layout=layout),
        "group_size": W.IntSlider(value=int(group_size), min=1, max=60, step=1,
                                  description="Размер группы, чел.", style=style, layout=layout),
        "fixed_cost": W.IntSlider(value=int(fixed_cost), min=0, max=40000, step=100,
                                  description="Постоянные затраты на экскурсию, ₽", style=style, layout=layout),
        "variable_cost": W.IntSlider(value=int(variable_cost), min=0, max=3000, step=10,
                                     description="Переменные затраты на человека, ₽", style=style, layout=layout),
        "capacity": W.IntSlider(value=int(capacity), min=5, max=60, step=1,
                                description="Вместимость группы, чел.", style=style, layout=layout),
        "commission_pct": W.IntSlider(value=int(commission_pct), min=0, max=30, step=1,
                                      description="Комиссия агента, %", style=style, layout=layout),
    }
    summary = W.HTML()
    plot = W.Output()
    box = W.VBox([W.HTML("<b>Калькулятор экскурсии: цена, группа, прибыль</b>"),
                  *controls.values(), summary, plot])

    def update(_change=None) -> None:
        values = {name: c.value for name, c in controls.items()}
        controls["group_size"].max = max(values["capacity"], 1)  # no group beyond the limit
        values["group_size"] = controls["group_size"].value
        state = calculator_state(**values)
        box.state = state
        summary.value = summary_html(state)
        with plot:
            plot.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(7.5, 4))
            draw_profit_plot(state, ax)
            fig.tight_layout()
            plt.show()
            plt.close(fig)

    for c in controls.values():
        c.observe(update, names="value")
    box.controls = controls
    box.summary = summary
    box.plot = plot
    update()
    return box
