"""Regional indicators of industrial tourism, shared by the lesson and the dashboard.

One function builds the per-region table of derived indicators (shares of enterprises
ready to host, visitors per open enterprise, structure of participants) and one builds
the geometric growth path from a baseline to a target. The graded tasks of the
assignment (CAGR with gaps, ranking with ties, required growth with its edge cases,
weighted scorecard) are deliberately not here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# derived indicator -> (Russian label with unit, higher is better)
INDICATORS: dict[str, str] = {
    "open_share": "Доля предприятий, принимающих туристов, %",
    "per_open": "Посетителей на одно открытое предприятие, чел.",
    "museum_share": "Открытые предприятия с музеем или креативным пространством, %",
    "staff_share": "Открытые предприятия с выделенным экскурсоводом, %",
    "souvenir_share": "Открытые предприятия с сувенирной продукцией, %",
    "out_share": "Доля гостей из других регионов, %",
    "students_share": "Доля школьников и студентов, %",
}
PERCENT = {"open_share", "museum_share", "staff_share", "souvenir_share", "out_share", "students_share"}


def region_indicators(regions: pd.DataFrame, visitors: pd.DataFrame, year: int = 2024) -> pd.DataFrame:
    """One row per region: the year's visitors and the derived indicators of ``INDICATORS``.

    Shares are fractions 0–1 (the labels say %, plots multiply by 100). A missing
    count stays missing (``NaN``) instead of turning into a zero.
    """
    flows = visitors.loc[visitors["year"] == year].set_index("region")
    table = regions.set_index("region").join(flows[["visitors", "local", "out_of_region", "students"]], how="left")
    num = table[["visitors", "out_of_region", "students"]].astype("float64")
    opened = table["enterprises_open"].astype("float64")
    out = pd.DataFrame(index=table.index)
    out["visitors"] = num["visitors"]
    out["enterprises_open"] = table["enterprises_open"]
    out["open_share"] = opened / table["enterprises_total"]
    out["per_open"] = num["visitors"] / opened.where(opened > 0)
    for share, column in (
        ("museum_share", "with_museum"),
        ("staff_share", "with_staff"),
        ("souvenir_share", "with_souvenirs"),
    ):
        out[share] = table[column] / opened.where(opened > 0)
    out["out_share"] = num["out_of_region"] / num["visitors"]
    out["students_share"] = num["students"] / num["visitors"]
    out.index.name = "region"
    return out


def growth_path(start_year: int, start_value: float, target_year: int, target_value: float) -> pd.Series:
    """Visitors by year on the constant-rate path from a baseline to a target (inclusive)."""
    if target_year <= start_year:
        return pd.Series([float(start_value)], index=[start_year], name="path")
    years = np.arange(start_year, target_year + 1)
    values = np.geomspace(float(start_value), float(target_value), num=len(years))
    return pd.Series(values, index=years, name="path")
