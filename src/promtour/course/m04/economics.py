"""Unit economics of one excursion, shared by the lesson and its widget.

Conventions: a *fixed* cost is paid once per tour (guide, bus, hall), a
*variable* cost once per visitor (PPE, insurance, souvenir). Prices and costs
are roubles; an agent commission is a share of the price (0.15 = 15 %).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def group_result(price: float, group_size: float, fixed_cost: float, variable_cost: float,
                 commission: float = 0.0) -> dict[str, float]:
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


def break_even_point(price: float, fixed_cost: float, variable_cost: float,
                     commission: float = 0.0) -> float | None:
    """Group size (fractional) at which revenue equals cost; ``None`` if never.

    The plot marks this crossing; a real offer rounds it *up* to whole people.
    """
    margin = price * (1 - commission) - variable_cost
    if margin <= 0:
        return None
    return fixed_cost / margin


def profit_curve(price: float, fixed_cost: float, variable_cost: float, max_group: int,
                 commission: float = 0.0) -> pd.DataFrame:
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
