"""Self-checks of the module 2 lesson (``q1`` … ``q4``).

Expected values are computed from the datasets and the world when a check runs, so the checks
stay right if the data are regenerated.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from promtour import compare
from promtour.datasets import load
from promtour.selfcheck import Checker, Exercise
from promtour.world import MODEL_PRODUCT

YEAR = 2025
PARTICIPATION = 0.10  # the base scenario's assumption, not a statistic


def _school_share_pmk() -> float:
    b = load("bookings")
    rows = b[(b["enterprise_id"] == "PMK") & (b["date"].dt.year == YEAR)]
    return float(rows.loc[rows["segment"] == "школьники", "group_size"].sum() / rows["group_size"].sum())


def _family_peak_month_slk() -> int:
    b = load("bookings")
    fam = b[(b["enterprise_id"] == "SLK") & (b["segment"] == "семьи")]
    return int(fam.groupby(fam["date"].dt.month)["group_size"].sum().idxmax())


def _school_window_p90() -> float:
    b = load("bookings")
    rows = b[(b["enterprise_id"] == "PMK") & (b["segment"] == "школьники")]
    return float(rows["lead_time_days"].quantile(0.9))


def _pmk_groups() -> float:
    p = load("school_population")
    pupils = p.loc[p["grade"].isin([8, 9]), "pupils"].sum()
    return float(pupils * PARTICIPATION / MODEL_PRODUCT.pupils_per_group)


def lazy_number(expected: Callable[[], float], *, rel: float = 1e-3) -> Checker:
    """Like :func:`promtour.selfcheck.number`, the expected value computed at check time."""
    return lambda value: compare.number(value, expected(), rel=rel)


def lazy_int(expected: Callable[[], int]) -> Checker:
    """A whole number (month, count), the expected value computed at check time."""

    def check(value) -> str | None:
        try:
            whole = not isinstance(value, (bool, str)) and float(value) == int(value)
        except (TypeError, ValueError):
            whole = False
        if not whole:
            return f"ожидалось целое число, а получено {compare.describe(value)}"
        return compare.equal(int(value), expected())

    return check


EXERCISES = [
    Exercise(
        var="school_share",
        title=f"доля школьных групп среди посетителей ПМК в {YEAR} году",
        checker=lazy_number(_school_share_pmk),
        hints=[
            f"Отберите строки `bookings` с `enterprise_id == 'PMK'` и годом визита {YEAR} "
            f"(`bookings['date'].dt.year == {YEAR}`).",
            "Считаем посетителей, а не заявки: сложите `group_size` школьных заявок (ученики вместе "
            "с сопровождающими) и поделите на сумму `group_size` всех заявок ПМК за год. Ответ — доля от 0 до 1.",
            f"`pmk = bookings[(bookings['enterprise_id'] == 'PMK') & (bookings['date'].dt.year == {YEAR})]`, "
            "затем `pmk.loc[pmk['segment'] == 'школьники', 'group_size'].sum() / pmk['group_size'].sum()`.",
        ],
        solution=(
            f"pmk = bookings[(bookings['enterprise_id'] == 'PMK') & (bookings['date'].dt.year == {YEAR})]\n"
            "school_share = pmk.loc[pmk['segment'] == 'школьники', 'group_size'].sum() / pmk['group_size'].sum()"
        ),
        wrong=(  # counts bookings instead of visitors
            f"pmk = bookings[(bookings['enterprise_id'] == 'PMK') & (bookings['date'].dt.year == {YEAR})]\n"
            "school_share = (pmk['segment'] == 'школьники').mean()"
        ),
    ),
    Exercise(
        var="family_peak_month",
        title="пиковый месяц семейных визитов на кондитерской фабрике «Сладкий край»",
        checker=lazy_int(_family_peak_month_slk),
        hints=[
            "Возьмите заявки SLK сегмента «семьи» и сгруппируйте посетителей (`group_size`) по номеру "
            "месяца `date.dt.month` (оба года вместе).",
            "У месяца с наибольшей суммой и наибольший индекс сезонности. Номер месяца даст `.idxmax()`.",
            "`fam = bookings[(bookings['enterprise_id'] == 'SLK') & (bookings['segment'] == 'семьи')]`, затем "
            "`fam.groupby(fam['date'].dt.month)['group_size'].sum().idxmax()`.",
        ],
        solution=(
            "fam = bookings[(bookings['enterprise_id'] == 'SLK') & (bookings['segment'] == 'семьи')]\n"
            "family_peak_month = int(fam.groupby(fam['date'].dt.month)['group_size'].sum().idxmax())"
        ),
        wrong=(  # the peak of all SLK segments together, not of families
            "slk = bookings[bookings['enterprise_id'] == 'SLK']\n"
            "family_peak_month = int(slk.groupby(slk['date'].dt.month)['group_size'].sum().idxmax())"
        ),
    ),
    Exercise(
        var="school_window",
        title="за сколько дней до визита приходят 90 % школьных заявок ПМК",
        checker=lazy_number(_school_window_p90),
        hints=[
            "Нужен не средний и не медианный срок, а такой, в пределах которого приходят 90 % школьных "
            "заявок ПМК: это 90-й перцентиль `lead_time_days`.",
            "У столбца pandas есть метод `.quantile(0.9)`.",
            "`bookings.loc[(bookings['enterprise_id'] == 'PMK') & (bookings['segment'] == 'школьники'), "
            "'lead_time_days'].quantile(0.9)`",
        ],
        solution=(
            "school_window = bookings.loc[(bookings['enterprise_id'] == 'PMK') & (bookings['segment'] == 'школьники'),\n"
            "                             'lead_time_days'].quantile(0.9)"
        ),
        wrong=(
            "school_window = bookings.loc[(bookings['enterprise_id'] == 'PMK') & (bookings['segment'] == 'школьники'),\n"
            "                             'lead_time_days'].median()"
        ),
    ),
    Exercise(
        var="pmk_groups",
        title="потенциал школьных групп 8–9 классов для ПМК в базовом сценарии",
        checker=lazy_number(_pmk_groups),
        hints=[
            "Потенциал = численность × доля участвующих × частота визитов. Численность — сумма `pupils` "
            "8 и 9 классов всех городов из `schools`.",
            "Доля участвующих 10 % — это 0.10 (не 10), частота — 1 визит в год. Посещения переведите в группы: "
            f"по положению ПМК в группе {MODEL_PRODUCT.pupils_per_group} учеников "
            f"(ещё {MODEL_PRODUCT.adults_per_group} места — сопровождающие).",
            "`pupils = schools.loc[schools['grade'].isin([8, 9]), 'pupils'].sum()`; "
            f"`pmk_groups = pupils * 0.10 * 1 / {MODEL_PRODUCT.pupils_per_group}`.",
        ],
        solution=(
            "pupils = schools.loc[schools['grade'].isin([8, 9]), 'pupils'].sum()\n"
            f"pmk_groups = pupils * 0.10 * 1 / {MODEL_PRODUCT.pupils_per_group}"
        ),
        wrong=(  # the whole group of 20 taken for pupils: the accompanying adults forgotten
            "pupils = schools.loc[schools['grade'].isin([8, 9]), 'pupils'].sum()\n"
            f"pmk_groups = pupils * 0.10 * 1 / {MODEL_PRODUCT.pupils_per_group + MODEL_PRODUCT.adults_per_group}"
        ),
    ),
]


def namespace() -> dict:
    """What the lesson defines before the practice cells: the data frames by their lesson names."""
    return {"bookings": load("bookings"), "schools": load("school_population"), "pd": pd}
