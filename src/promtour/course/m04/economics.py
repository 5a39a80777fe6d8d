"""Unit economics of one excursion, shared by the lesson, its widget and the passport exhibits.

Conventions: a *fixed* cost is paid once per tour (guide, escort, briefing), a *variable* cost
once per visitor (PPE, insurance, souvenir). Prices and costs are roubles; an agent commission
is a share of the price (0.15 = 15 %). Every enterprise-level tool takes an
:class:`~promtour.enterprise.Enterprise`, a world one (``enterprise("PMK")``) or a learner's own
profile (``read_profile``): its costs, group limit and regulations come from the profile.

The commercial discount for school groups, «N+1», gives one free accompanying adult per N paying
pupils (``free_per_paid``; 0 = no free places). It is the seller's pricing decision; how many
adults must come with the children is the enterprise's regulation (``children_per_adult``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from promtour.enterprise import Enterprise


def group_result(
    price: float, group_size: float, fixed_cost: float, variable_cost: float, commission: float = 0.0
) -> dict[str, float]:
    """Revenue, cost, profit of one tour with ``group_size`` paying visitors at one price.

    ``commission`` is the agent's share of the price; the enterprise keeps the rest.
    """
    net_price = price * (1 - commission)
    revenue = net_price * group_size
    cost = fixed_cost + variable_cost * group_size
    return {
        "revenue": revenue,
        "cost": cost,
        "profit": revenue - cost,
        "unit_margin": net_price - variable_cost,  # contribution of one more visitor
        "profit_per_visitor": (revenue - cost) / group_size if group_size else float("nan"),
    }


def break_even_point(price: float, fixed_cost: float, variable_cost: float, commission: float = 0.0) -> float | None:
    """Group size (fractional) at which revenue equals cost; ``None`` if never.

    The plot marks this crossing; a real offer rounds it *up* to whole people.
    """
    margin = price * (1 - commission) - variable_cost
    if margin <= 0:
        return None
    return fixed_cost / margin


def profit_curve(
    price: float, fixed_cost: float, variable_cost: float, max_group: int, commission: float = 0.0
) -> pd.DataFrame:
    """Revenue, cost and profit of one tour for every group size 0 … ``max_group``."""
    sizes = np.arange(0, int(max_group) + 1)
    net_price = price * (1 - commission)
    revenue = net_price * sizes
    cost = fixed_cost + variable_cost * sizes
    return pd.DataFrame({"group_size": sizes, "revenue": revenue, "cost": cost, "profit": revenue - cost})


def demand_curve(prices, intercept: float, slope: float, capacity: float | None = None) -> pd.DataFrame:
    """Visitors per tour and revenue per tour along a linear demand line.

    ``visitors = intercept + slope * price``, never below zero and, if given,
    never above ``capacity`` (you cannot sell more seats than the group limit).
    """
    prices = np.asarray(prices, dtype=float)
    visitors = np.clip(intercept + slope * prices, 0, capacity if capacity is not None else None)
    return pd.DataFrame({"price": prices, "visitors": visitors, "revenue": prices * visitors})


def rub(value: float) -> str:
    """Roubles the Russian way: 12 345 ₽ (thin spaces, no decimals)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "—"
    return f"{value:,.0f}".replace(",", "\u202f").replace("-", "−") + "\u00a0₽"


# --- one enterprise: costs, price list, school groups ---


def unit_costs(ent: Enterprise) -> tuple[float, float]:
    """(fixed cost per tour, variable cost per visitor) from the enterprise's profile."""
    return float(ent.fixed_cost_per_tour), float(ent.variable_cost_per_visitor)


def break_even(ent: Enterprise, price: float | None = None, commission: float = 0.0) -> float | None:
    """Fractional break-even group at ``ent`` (its full ticket price unless ``price`` is given)."""
    fixed, variable = unit_costs(ent)
    return break_even_point(float(ent.ticket_price if price is None else price), fixed, variable, commission)


def source_note(ent: Enterprise) -> str:
    """Where the enterprise's figures come from, for tables and figures (Russian)."""
    from promtour.world import ENTERPRISES

    if any(ent == e for e in ENTERPRISES):
        return "иллюстративные данные курса: вымышленное предприятие Приреченской области"
    return "данные профиля предприятия, заполненного слушателем"


def _rows_of(name: str, ent: Enterprise) -> pd.DataFrame | None:
    from promtour.datasets import load

    frame = load(name)
    own = frame[frame["enterprise_id"].astype(str) == ent.id]
    return own if len(own) else None


def cost_table(ent: Enterprise) -> pd.DataFrame:
    """The enterprise's cost items with Russian headers: the dataset's items for a world enterprise
    (when they add up to its profile), the profile's two totals otherwise."""
    from .datasets import FIXED, VARIABLE

    own = _rows_of("cost_items", ent)
    fixed, variable = unit_costs(ent)
    if own is not None:
        sums = own.groupby(own["kind"].astype(str))["amount_rub"].sum()
        if math.isclose(sums.get(FIXED, 0), fixed) and math.isclose(sums.get(VARIABLE, 0), variable):
            table = own[["item", "kind", "amount_rub", "comment"]].copy()
            table["kind"] = table["kind"].astype(str)
            return table.rename(
                columns={"item": "Статья", "kind": "Вид", "amount_rub": "Сумма, ₽", "comment": "Из чего складывается"}
            ).reset_index(drop=True)
    return pd.DataFrame(
        {
            "Статья": ["Постоянные затраты на экскурсию", "Переменные затраты на гостя"],
            "Вид": [FIXED, VARIABLE],
            "Сумма, ₽": [fixed, variable],
            "Из чего складывается": [
                "из профиля предприятия: экскурсовод, сопровождающий, инструктаж",
                "из профиля предприятия: СИЗ, страховка, сувенир",
            ],
        }
    )


def price_list(ent: Enterprise, free_per_paid: int | None = None) -> pd.DataFrame:
    """The enterprise's price list with Russian headers: the dataset's for a world enterprise,
    derived from its full ticket price otherwise (see :func:`.datasets.tiers_of`)."""
    from .datasets import tiers_of

    own = _rows_of("price_tiers", ent)
    if own is None or free_per_paid is not None:
        own = tiers_of(ent, free_per_paid if free_per_paid is not None else 0)
    table = own[["tier", "price_rub", "eligibility"]].copy()
    table["tier"] = table["tier"].astype(str)
    return table.rename(columns={"tier": "Категория", "price_rub": "Цена, ₽", "eligibility": "Условия"}).reset_index(
        drop=True
    )


def free_per_paid_of(ent: Enterprise, default: int = 0) -> int:
    """The «N+1» rule of the enterprise's price list (``default`` for an enterprise not in the data)."""
    own = _rows_of("price_tiers", ent)
    return int(own["free_per_paid"].iloc[0]) if own is not None else default


def tier_price(ent: Enterprise, tier: str) -> int:
    """One category's price from :func:`price_list`; the full price if the list lacks the category."""
    table = price_list(ent)
    row = table[table["Категория"] == tier]
    return int(row["Цена, ₽"].iloc[0]) if len(row) else int(ent.ticket_price)


def required_adults(ent: Enterprise, pupils: int) -> int:
    """Accompanying adults the regulations require for ``pupils`` children (module 3)."""
    if pupils <= 0 or ent.children_per_adult <= 0:
        return 0
    return math.ceil(pupils / ent.children_per_adult)


def largest_school_group(ent: Enterprise) -> tuple[int, int]:
    """(pupils, adults): the most pupils that fit the group limit together with their required adults."""
    if not ent.admits_children:
        return 0, 0
    pupils = ent.max_group
    while pupils > 0 and pupils + required_adults(ent, pupils) > ent.max_group:
        pupils -= 1
    return pupils, required_adults(ent, pupils)


def group_problems(ent: Enterprise, pupils: int, adults: int) -> list[str]:
    """What in this group breaks the enterprise's regulations (Russian sentences; empty if nothing)."""
    problems = []
    if pupils and not ent.admits_children:
        problems.append(f"дети на площадку не допускаются (минимальный возраст {ent.min_age} лет)")
    elif adults < required_adults(ent, pupils):
        problems.append(
            f"по положению нужен один взрослый на {ent.children_per_adult} детей: "
            f"для {pupils} школьников — не меньше {required_adults(ent, pupils)} сопровождающих"
        )
    if pupils + adults > ent.max_group:
        problems.append(
            f"в группе {pupils + adults} чел., а положение допускает не больше {ent.max_group} вместе с сопровождающими"
        )
    return problems


def school_group(
    ent: Enterprise,
    pupils: int,
    adults: int,
    pupil_price: float,
    adult_price: float,
    free_per_paid: int,
    commission: float = 0.0,
) -> dict[str, float]:
    """Revenue, cost and profit of one school group: ``pupils`` pay ``pupil_price``; one adult in
    every ``free_per_paid`` paying pupils goes free (0 = none), the others pay ``adult_price``.
    Costs count everyone who comes: a free adult still gets PPE and insurance."""
    fixed, variable = unit_costs(ent)
    free = min(adults, pupils // free_per_paid) if free_per_paid > 0 else 0
    revenue = (pupils * pupil_price + (adults - free) * adult_price) * (1 - commission)
    cost = fixed + variable * (pupils + adults)
    return {
        "free_adults": free,
        "paying_adults": adults - free,
        "revenue": revenue,
        "cost": cost,
        "profit": revenue - cost,
    }


def economics_table(
    ent: Enterprise,
    pupil_price: float | None = None,
    adult_price: float | None = None,
    free_per_paid: int | None = None,
) -> pd.DataFrame:
    """The passport's summary: costs, break-even at the full price and the largest school group."""
    fixed, variable = unit_costs(ent)
    adult = float(ent.ticket_price if adult_price is None else adult_price)
    rows = [
        ("Постоянные затраты на экскурсию", rub(fixed)),
        ("Переменные затраты на гостя", rub(variable)),
        ("Полная цена билета", rub(adult)),
        ("Маржинальный доход с гостя", rub(adult - variable)),
    ]
    point = break_even(ent, adult)
    if point is None:
        rows.append(("Безубыточная группа по полной цене", "не достигается: цена не выше переменных затрат"))
    else:
        need = math.ceil(point - 1e-9)
        verdict = "помещается" if need <= ent.max_group else "больше допустимой группы"
        rows.append(("Безубыточная группа по полной цене", f"{need} чел. из {ent.max_group} ({verdict})"))
    full = group_result(adult, ent.max_group, fixed, variable)
    rows.append((f"Результат полной группы ({ent.max_group} чел.)", rub(full["profit"])))
    if ent.admits_children:
        pupils, adults = largest_school_group(ent)
        pp = tier_price(ent, "школьник") if pupil_price is None else pupil_price
        n = free_per_paid_of(ent) if free_per_paid is None else free_per_paid
        school = school_group(ent, pupils, adults, pp, adult, n)
        rule = f"{n}+1" if n else "без бесплатных мест"
        rows += [
            (
                f"Школьная группа: {pupils} школьников + {adults} сопровождающих, {rule}",
                f"выручка {rub(school['revenue'])}, затраты {rub(school['cost'])}",
            ),
            ("Результат школьной группы" + (" (дотация)" if school["profit"] < 0 else ""), rub(school["profit"])),
        ]
    return pd.DataFrame(rows, columns=["Показатель", "Значение"])


def break_even_figure(ent: Enterprise, price: float | None = None):
    """Revenue and cost over group size at one price, for the passport; returns the figure."""
    import matplotlib.pyplot as plt

    fixed, variable = unit_costs(ent)
    price = float(ent.ticket_price if price is None else price)
    curve = profit_curve(price, fixed, variable, ent.max_group)
    fig, ax = plt.subplots(figsize=(7.5, 4))
    ax.plot(curve["group_size"], curve["revenue"], lw=2, color="#1565c0", label="Выручка")
    ax.plot(curve["group_size"], curve["cost"], lw=2, color="#c62828", label="Затраты")
    point = break_even_point(price, fixed, variable)
    if point is not None and point <= ent.max_group:
        ax.plot([point], [fixed + variable * point], "o", color="black", label=f"Безубыточность ≈ {point:.1f} чел.")
    ax.set_title(f"{ent.short}: выручка и затраты экскурсии при цене {rub(price)}\n({source_note(ent)})", fontsize=10)
    ax.set_xlabel("Гостей в группе, чел.")
    ax.set_ylabel("Сумма за экскурсию, ₽")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig
