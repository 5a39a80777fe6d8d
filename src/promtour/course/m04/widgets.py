"""Interactive tools of module 4: the price / group calculator for one enterprise.

``calculator_state`` computes everything (pure, testable) for an
:class:`~promtour.enterprise.Enterprise` — a world enterprise or the learner's own profile;
``price_calculator`` builds the ipywidgets front end that redraws a live profit plot on every change.
"""

from __future__ import annotations

import dataclasses
import math

import ipywidgets as W
import matplotlib.pyplot as plt
import pandas as pd

from promtour.enterprise import Enterprise

from .economics import (
    break_even_point,
    free_per_paid_of,
    group_problems,
    largest_school_group,
    required_adults,
    rub,
    school_group,
    source_note,
    tier_price,
)

RULES = (("без бесплатных мест", 0), ("6+1", 6), ("10+1", 10), ("15+1", 15))


def calculator_state(
    ent: Enterprise,
    *,
    pupils: int,
    adults: int,
    pupil_price: float,
    adult_price: float,
    free_per_paid: int,
    commission_pct: float = 0.0,
    fixed_cost: float | None = None,
    variable_cost: float | None = None,
) -> dict:
    """All figures the calculator shows for one group at ``ent``; costs default to the profile's."""
    if fixed_cost is not None or variable_cost is not None:
        ent = dataclasses.replace(
            ent,
            fixed_cost_per_tour=int(ent.fixed_cost_per_tour if fixed_cost is None else fixed_cost),
            variable_cost_per_visitor=int(ent.variable_cost_per_visitor if variable_cost is None else variable_cost),
        )
    commission = commission_pct / 100
    result = school_group(ent, pupils, adults, pupil_price, adult_price, free_per_paid, commission)
    school = ent.admits_children and pupils > 0
    rows = []
    if school:
        top = largest_school_group(ent)[0]
        for k in range(0, max(top, 1) + 1):
            a = max(required_adults(ent, k), 1 if k else 0)
            rows.append({"size": k, **school_group(ent, k, a, pupil_price, adult_price, free_per_paid, commission)})
    else:
        for k in range(0, ent.max_group + 1):
            rows.append({"size": k, **school_group(ent, 0, k, pupil_price, adult_price, 0, commission)})
    curve = pd.DataFrame(rows)
    paying = curve[(curve["size"] > 0) & (curve["profit"] >= -1e-9)]
    point = break_even_point(adult_price, ent.fixed_cost_per_tour, ent.variable_cost_per_visitor, commission)
    return {
        "enterprise": ent,
        "pupils": pupils,
        "adults": adults,
        "pupil_price": pupil_price,
        "adult_price": adult_price,
        "free_per_paid": free_per_paid,
        "commission_pct": commission_pct,
        "fixed_cost": float(ent.fixed_cost_per_tour),
        "variable_cost": float(ent.variable_cost_per_visitor),
        "max_group": ent.max_group,
        "school": school,
        **result,
        "problems": group_problems(ent, pupils, adults),
        "break_even": point,  # adults at the full price, fractional; None if the price is too low
        "min_group": math.ceil(point - 1e-9) if point is not None else None,
        "min_pupils": int(paying["size"].iloc[0]) if school and len(paying) else None,
        "utilisation": (pupils + adults) / ent.max_group if ent.max_group else float("nan"),
        "curve": curve,
    }


def summary_html(state: dict) -> str:
    """The calculator's text panel (Russian)."""
    profit = state["profit"]
    color = "#1b7f3b" if profit >= 0 else "#b3261e"
    result = "Прибыль экскурсии" if profit >= 0 else "Убыток экскурсии (дотация предприятия)"
    rows = [
        ("Выручка предприятия", rub(state["revenue"])),
        ("Затраты на экскурсию", rub(state["cost"])),
        (result, f"<b style='color:{color}'>{rub(profit)}</b>"),
    ]
    if state["school"]:
        rule = f"{state['free_per_paid']}+1" if state["free_per_paid"] else "без бесплатных мест"
        rows.append(("Бесплатных сопровождающих", f"{state['free_adults']} из {state['adults']} ({rule})"))
        if state["min_pupils"] is None:
            rows.append(
                (
                    "Безубыточная школьная группа",
                    "<b style='color:#b3261e'>не достигается в пределах допустимой группы</b>: "
                    "школьная группа требует дотации",
                )
            )
        else:
            rows.append(("Безубыточная школьная группа", f"от <b>{state['min_pupils']}</b> школьников"))
    if state["break_even"] is None:
        rows.append(
            (
                "Безубыточность по полной цене",
                "<b style='color:#b3261e'>не достигается</b>: "
                "цена (за вычетом комиссии) не покрывает переменные затраты",
            )
        )
    elif state["min_group"] > state["max_group"]:
        rows.append(
            (
                "Безубыточность по полной цене",
                f"≈ {state['break_even']:.1f} чел. — "
                f"<b style='color:#b3261e'>больше допустимой группы ({state['max_group']} чел.)</b>",
            )
        )
    else:
        rows.append(
            (
                "Безубыточность по полной цене",
                f"≈ {state['break_even']:.1f} чел., то есть группа от <b>{state['min_group']}</b> чел.",
            )
        )
    people = state["pupils"] + state["adults"]
    rows.append(("Загрузка группы", f"{state['utilisation']:.0%} ({people} из {state['max_group']} мест)"))
    for problem in state["problems"]:
        rows.append(("<b style='color:#b3261e'>Положение о посещении</b>", problem))
    body = "".join(f"<tr><td style='padding:2px 12px 2px 0'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def draw_profit_plot(state: dict, ax=None):
    """Revenue and cost lines over group size, profit zone shaded, current group marked."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4))
    curve = state["curve"]
    x = curve["size"]
    ax.plot(x, curve["revenue"], color="#1565c0", lw=2, label="Выручка")
    ax.plot(x, curve["cost"], color="#c62828", lw=2, label="Затраты")
    ax.fill_between(
        x,
        curve["revenue"],
        curve["cost"],
        where=curve["revenue"] >= curve["cost"],
        color="#2e7d32",
        alpha=0.15,
        label="Зона прибыли",
        interpolate=True,
    )
    ax.fill_between(
        x,
        curve["revenue"],
        curve["cost"],
        where=curve["revenue"] < curve["cost"],
        color="#c62828",
        alpha=0.08,
        label="Зона убытка",
        interpolate=True,
    )
    current = state["pupils"] if state["school"] else state["adults"]
    ax.axvline(current, color="#424242", ls="--", lw=1)
    right = current > float(x.max()) / 2
    ax.annotate(
        f"сейчас: {rub(state['profit'])}",
        xy=(current, state["revenue"]),
        xytext=(-6 if right else 6, 6),
        textcoords="offset points",
        fontsize=9,
        ha="right" if right else "left",
    )
    if not state["school"] and state["break_even"] is not None and state["break_even"] <= state["max_group"]:
        be = state["break_even"]
        ax.plot(
            [be],
            [state["fixed_cost"] + state["variable_cost"] * be],
            "o",
            color="black",
            label=f"Безубыточность ≈ {be:.1f} чел.",
        )
    if state["school"]:
        ax.set_title(
            f"{state['enterprise'].short}: школьная группа (сопровождающие — по положению)\n"
            f"({source_note(state['enterprise'])})",
            fontsize=10,
        )
        ax.set_xlabel("Школьников в группе, чел.")
    else:
        ax.set_title(
            f"{state['enterprise'].short}: группа по полной цене\n({source_note(state['enterprise'])})", fontsize=10
        )
        ax.set_xlabel("Гостей в группе, чел.")
    ax.set_ylabel("Сумма за экскурсию, ₽")
    ax.set_xlim(0, max(float(x.max()), 1.0))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def price_calculator(
    ent: Enterprise,
    *,
    pupils: int | None = None,
    adults: int | None = None,
    pupil_price: float | None = None,
    adult_price: float | None = None,
    free_per_paid: int | None = None,
    commission_pct: float = 0,
) -> W.VBox:
    """Sliders for prices, the group and the «N+1» rule at ``ent``; live text and plot.

    Defaults come from the enterprise: its price list, its largest school group under the
    regulations (or a full adult group where children are not admitted), its costs.
    The returned box carries ``controls`` (name -> widget), ``summary`` (HTML), ``plot``
    (Output) and ``state`` (the latest :func:`calculator_state`).
    """
    top_pupils, top_adults = largest_school_group(ent)
    if pupils is None:
        pupils = top_pupils
    if adults is None:
        adults = top_adults if ent.admits_children else ent.max_group
    adult_price = ent.ticket_price if adult_price is None else adult_price
    pupil_price = tier_price(ent, "школьник") if pupil_price is None else pupil_price
    free_per_paid = free_per_paid_of(ent, default=10) if free_per_paid is None else free_per_paid
    rules = list(RULES) if free_per_paid in dict(RULES).values() else [*RULES, (f"{free_per_paid}+1", free_per_paid)]
    style = {"description_width": "260px"}
    layout = W.Layout(width="600px")

    def slider(value, lo, hi, step, text):
        return W.IntSlider(value=int(value), min=lo, max=hi, step=step, description=text, style=style, layout=layout)

    controls = {
        "pupil_price": slider(pupil_price, 0, 5000, 50, "Цена для школьника, ₽"),
        "adult_price": slider(adult_price, 0, 5000, 50, "Полная цена (взрослый), ₽"),
        "pupils": slider(pupils, 0, ent.max_group, 1, "Школьников в группе, чел."),
        "adults": slider(adults, 0, ent.max_group, 1, "Взрослых (сопровождающих), чел."),
        "free_per_paid": W.Dropdown(
            options=rules,
            value=free_per_paid,
            description="Бесплатные места для сопровождающих",
            style=style,
            layout=layout,
        ),
        "commission_pct": slider(commission_pct, 0, 30, 1, "Комиссия агента, %"),
        "fixed_cost": slider(ent.fixed_cost_per_tour, 0, 50000, 100, "Постоянные затраты на экскурсию, ₽"),
        "variable_cost": slider(ent.variable_cost_per_visitor, 0, 5000, 10, "Переменные затраты на гостя, ₽"),
    }
    if not ent.admits_children:
        controls["pupils"].disabled = True
    summary = W.HTML()
    plot = W.Output()
    head = W.HTML(
        f"<b>Калькулятор экскурсии: {ent.name}</b> — группа не больше {ent.max_group} чел.; "
        + (
            f"один взрослый на {ent.children_per_adult} детей по положению о посещении"
            if ent.admits_children
            else "дети не допускаются"
        )
    )
    box = W.VBox([head, *controls.values(), summary, plot])

    def update(_change=None) -> None:
        values = {name: c.value for name, c in controls.items()}
        state = calculator_state(ent, **values)
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
