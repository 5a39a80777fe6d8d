"""Quick readiness screening by blocks, shared by the lesson and the readiness widget.

The *quick* screening gives every criterion of a block the same share of the block and lets
the user set the weight of each block (safety, infrastructure, staff, content,
accessibility). The *detailed* index with the per-criterion weights of
``readiness_weights`` is the learner's graded task and is deliberately not here.
"""

from __future__ import annotations

import pandas as pd

from ...enterprise import READINESS_CRITERIA, Enterprise
from .datasets import BLOCKS, survey_row

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
    lacks = {
        title: ~data[code].astype("boolean").fillna(False).astype(bool)
        for code, title in zip(must["criterion"], must["title"])
    }
    texts = ["; ".join(t for t, missing in lacks.items() if missing[eid]) for eid in data.index]
    return pd.Series(texts, index=data.index, dtype=object, name="stop_factors")


def screen(
    enterprises: pd.DataFrame,
    weights: pd.DataFrame,
    block_weights: dict[str, float] | None = None,
    ready: float = 75.0,
    needs_work: float = 50.0,
    industry: str | None = None,
) -> pd.DataFrame:
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


def with_enterprise(survey: pd.DataFrame, ent: Enterprise | None) -> pd.DataFrame:
    """The survey with the learner's enterprise in it (added when it is an own profile)."""
    if ent is None or ent.id in set(survey["enterprise_id"]):
        return survey
    row = pd.DataFrame([survey_row(ent)])
    return pd.concat([survey.astype({"industry": str, "town": str, "photo": str}), row], ignore_index=True)


def readiness_card(ent: Enterprise, weights: pd.DataFrame) -> pd.DataFrame:
    """The enterprise's criteria with Russian headers: block, weight, met, stop factor (for the passport)."""
    rows = []
    for r in weights.itertuples():
        met = bool(ent.readiness.get(r.criterion, False))
        rows.append(
            {
                "Блок": r.block,
                "Критерий": r.title,
                "Вес": int(r.weight),
                "Выполнен": "да" if met else "нет",
                "Стоп-фактор": "да" if bool(r.must_have) else "",
            }
        )
    return pd.DataFrame(rows)


def block_table(ent: Enterprise, weights: pd.DataFrame) -> pd.DataFrame:
    """Share of each block's criteria the enterprise meets, and the quick index, with Russian headers."""
    scores = block_scores(pd.DataFrame([survey_row(ent)]), weights)
    index = quick_index(scores, default_block_weights(weights))
    table = (scores.iloc[0] * 100).round(0).rename("Выполнено критериев блока, %").to_frame()
    table.index.name = "Блок"
    table.loc["Быстрый индекс готовности (0–100)"] = float(index.iloc[0])
    return table.reset_index()


RUSSIAN_COLUMNS = {
    "enterprise_id": "Код",
    "name": "Предприятие",
    "industry": "Отрасль",
    "town": "Город",
    "employees": "Работников",
    "tours_year": "Экскурсий за год",
    "visitors_year": "Гостей за год",
    "restricted": "Режимный объект",
    "photo": "Съёмка",
    "max_group": "Группа до, чел.",
    "min_age": "Возраст с, лет",
    "children_per_adult": "Детей на взрослого",
    "tour_minutes": "Экскурсия до, мин",
    "criterion": "Код критерия",
    "title": "Название",
    "block": "Блок",
    "weight": "Вес",
    "must_have": "Стоп-фактор",
    "quick_index": "Быстрый индекс",
    "category": "Категория",
    "stop_factors": "Стоп-факторы",
    "rank": "Место",
    "plan_id": "План",
    "audience": "Аудитория",
    "children": "Детей",
    "adults": "Взрослых",
    "youngest_age": "Младшему, лет",
    "foreign_guests": "Иностранцев",
    "days_ahead": "Заявка за, дней",
    "visitor_list": "Список передан",
    **READINESS_CRITERIA,
}


def russian(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with Russian column headers (and index name) for showing to learners."""
    out = frame.rename(columns=RUSSIAN_COLUMNS)
    for col in out.columns:
        if out[col].dtype == bool:
            out[col] = out[col].map({True: "да", False: "нет"})
    if frame.index.name in RUSSIAN_COLUMNS:
        out.index.name = RUSSIAN_COLUMNS[frame.index.name]
    return out
