"""Quick readiness screening by blocks, shared by the lesson and the readiness widget.

The *quick* screening gives every criterion of a block the same share of the block and lets
the user set the weight of each block (safety, infrastructure, staff, content,
accessibility). The *detailed* index with the per-criterion weights of
``readiness_weights`` is the learner's graded task and is deliberately not here.
"""

from __future__ import annotations

import pandas as pd

from .datasets import BLOCKS

CATEGORIES = ("готово", "нужна доработка", "не готово")
CATEGORY_COLORS = {"готово": "#1b7f3b", "нужна доработка": "#b26a00", "не готово": "#b3261e"}


def default_block_weights(weights: pd.DataFrame) -> dict[str, float]:
    """Block -> the sum of its criteria weights in ``readiness_weights`` (35/20/15/20/10)."""
    sums = weights.groupby("block", observed=True)["weight"].sum()
    return {b: float(sums.get(b, 0.0)) for b in BLOCKS}


def block_scores(enterprises: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Share (0–1) of each block's criteria an enterprise meets; rows by ``enterprise_id``.

    A missing value counts as «not confirmed», i.e. not met.
    """
    data = enterprises.set_index("enterprise_id")
    out = pd.DataFrame(index=data.index)
    for block in BLOCKS:
        codes = weights.loc[weights["block"] == block, "criterion"].tolist()
        if not codes:
            out[block] = 0.0
            continue
        met = data[codes].astype("boolean").fillna(False).astype(float)
        out[block] = met.mean(axis=1)
    return out


def quick_index(scores: pd.DataFrame, block_weights: dict[str, float]) -> pd.Series:
    """Weighted mean of block shares, on a 0–100 scale; all-zero weights give 0."""
    w = pd.Series({b: float(block_weights.get(b, 0.0)) for b in scores.columns})
    total = w.sum()
    if total <= 0:
        return pd.Series(0.0, index=scores.index, name="quick_index")
    return (scores.mul(w, axis=1).sum(axis=1) / total * 100).round(1).rename("quick_index")


def stop_factors(enterprises: pd.DataFrame, weights: pd.DataFrame) -> pd.Series:
    """Comma-separated Russian titles of the missing must-have criteria ('' if none)."""
    data = enterprises.set_index("enterprise_id")
    must = weights[weights["must_have"]]
    lacks = {title: ~data[code].astype("boolean").fillna(False).astype(bool)
             for code, title in zip(must["criterion"], must["title"])}
    texts = ["; ".join(t for t, missing in lacks.items() if missing[eid]) for eid in data.index]
    return pd.Series(texts, index=data.index, dtype=object, name="stop_factors")


def screen(enterprises: pd.DataFrame, weights: pd.DataFrame, block_weights: dict[str, float] | None = None,
           ready: float = 75.0, needs_work: float = 50.0, industry: str | None = None) -> pd.DataFrame:
    """The screening table the widget shows: quick index, category, stop factors, rank.

    Category by thresholds on the quick index; a missing must-have criterion (stop factor)
    makes an enterprise «не готово» whatever its index. Sorted by index, best first.
    """
    if industry:
        enterprises = enterprises[enterprises["industry"] == industry]
    if block_weights is None:
        block_weights = default_block_weights(weights)
    scores = block_scores(enterprises, weights)
    index = quick_index(scores, block_weights)
    stops = stop_factors(enterprises, weights)
    category = pd.Series("не готово", index=index.index, dtype=object)
    category[index >= needs_work] = "нужна доработка"
    category[index >= ready] = "готово"
    category[stops != ""] = "не готово"
    info = enterprises.set_index("enterprise_id")[["name", "industry", "tours_year"]]
    table = info.join(scores).assign(quick_index=index, category=category, stop_factors=stops)
    table = table.sort_values(["quick_index", "name"], ascending=[False, True], kind="stable")
    table["rank"] = range(1, len(table) + 1)
    return table
