"""The course's region as one small table, for the intro lesson's first pandas steps and chart.

The figures are the world's (:mod:`promtour.world`): synthetic, invented for teaching.
"""

from __future__ import annotations

import pandas as pd

from promtour.world import ENTERPRISES

COLUMNS = (
    "id",
    "short",
    "name",
    "industry",
    "town",
    "employees",
    "visitors_last_year",
    "tours_last_year",
    "ticket_price",
    "max_group",
)


def enterprises_table() -> pd.DataFrame:
    """One row per enterprise of the region; columns named as :class:`promtour.enterprise.Enterprise` fields."""
    return pd.DataFrame([{c: getattr(e, c) for c in COLUMNS} for e in ENTERPRISES], columns=list(COLUMNS))
