"""Self-checks of the module 2 lesson (``q1`` … ``q4``).

Expected values are computed from the datasets when a check runs, so the
checks stay right if the data are regenerated.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from promtour import compare
from promtour.datasets import load
from promtour.selfcheck import Checker, Exercise

TOMSK = "Томская область"
GROUP_PUPILS = 22  # pupils in a typical school group
PARTICIPATION = 0.10  # share of pupils who visit an enterprise in a year


def _school_share_steel() -> float:
    b = load("bookings")
    rows = b[(b["enterprise"] == "Сталь-Урал") & (b["date"].dt.year == 2024)]
    return float(rows.loc[rows["segment"] == "школьники", "group_size"].sum() / rows["group_size"].sum())


def _family_peak_month() -> int:
    b = load("bookings")
    fam = b[b["segment"] == "семьи"]
    monthly = fam.groupby(fam["date"].dt.month)["group_size"].sum()
    return int(monthly.idxmax())


def _school_window_p80() -> float:
    b = load("bookings")
    return float(b.loc[b["segment"] == "школьники", "lead_time_days"].quantile(0.8))


def _tomsk_groups() -> float:
    p = load("school_population")
    pupils = p.loc[(p["region"] == TOMSK) & p["grade_band"].isin(["5-9", "10-11"]), "pupils"].sum()
    return float(pupils * PARTICIPATION * 1 / GROUP_PUPILS)


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
        title="доля школьников среди посетителей «Сталь-Урала» в 2024 году",
        checker=lazy_number(_school_share_steel),
        hints=[
            "Отберите строки `bookings` с `enterprise == 'Сталь-Урал'` и годом визита 2024 "
            "(`bookings['date'].dt.year == 2024`).",
            "Считаем посетителей, а не заявки: сложите `group_size` школьных заявок и поделите "
            "на сумму `group_size` всех заявок предприятия за год. Ответ — доля от 0 до 1.",
            "`steel = bookings[(bookings['enterprise'] == 'Сталь-Урал') & (bookings['date'].dt.year == 2024)]`, "
            "затем `steel.loc[steel['segment'] == 'школьники', 'group_size'].sum() / steel['group_size'].sum()`.",
        ],
        solution=(
            "steel = bookings[(bookings['enterprise'] == 'Сталь-Урал') & (bookings['date'].dt.year == 2024)]\n"
            "school_share = steel.loc[steel['segment'] == 'школьники', 'group_size'].sum() / steel['group_size'].sum()"
        ),
        wrong=(  # counts bookings instead of visitors
            "steel = bookings[(bookings['enterprise'] == 'Сталь-Урал') & (bookings['date'].dt.year == 2024)]\n"
            "school_share = (steel['segment'] == 'школьники').mean()"
        ),
    ),
    Exercise(
        var="family_peak_month",
        title="пиковый месяц семейных визитов",
        checker=lazy_int(_family_peak_month),
        hints=[
            "Возьмите только сегмент «семьи» и сгруппируйте посетителей (`group_size`) по номеру "
            "месяца `date.dt.month` (все годы и предприятия вместе).",
            "У месяца с наибольшей суммой и наибольший индекс сезонности. Номер месяца даст `.idxmax()`.",
            "`fam = bookings[bookings['segment'] == 'семьи']`, затем "
            "`fam.groupby(fam['date'].dt.month)['group_size'].sum().idxmax()`.",
        ],
        solution=(
            "fam = bookings[bookings['segment'] == 'семьи']\n"
            "family_peak_month = int(fam.groupby(fam['date'].dt.month)['group_size'].sum().idxmax())"
        ),
        wrong=(  # the peak of all segments together, not of families
            "family_peak_month = int(bookings.groupby(bookings['date'].dt.month)['group_size'].sum().idxmax())"
        ),
    ),
    Exercise(
        var="school_window",
        title="окно бронирования, в которое укладываются 80 % школьных заявок",
        checker=lazy_number(_school_window_p80),
        hints=[
            "Нужен не средний и не медианный срок, а такой, раньше которого приходят 80 % заявок "
            "школьников: это 80-й перцентиль `lead_time_days`.",
            "У столбца pandas есть метод `.quantile(0.8)`.",
            "`bookings.loc[bookings['segment'] == 'школьники', 'lead_time_days'].quantile(0.8)`",
        ],
        solution="school_window = bookings.loc[bookings['segment'] == 'школьники', 'lead_time_days'].quantile(0.8)",
        wrong="school_window = bookings.loc[bookings['segment'] == 'школьники', 'lead_time_days'].median()",
    ),
    Exercise(
        var="tomsk_groups",
        title="потенциал школьных групп 5–11 классов Томской области в год",
        checker=lazy_number(_tomsk_groups),
        hints=[
            "Потенциал = численность × доля участвующих × частота визитов. Численность — сумма "
            "`pupils` Томской области для ступеней «5-9» и «10-11» из `school_population`.",
            "Доля участвующих 10 % — это 0.10 (не 10), частота — 1 визит в год. Посетителей "
            "переведите в группы: поделите на 22 ученика в группе.",
            "`pupils = schools.loc[(schools['region'] == 'Томская область') & "
            "schools['grade_band'].isin(['5-9', '10-11']), 'pupils'].sum()`; "
            "`tomsk_groups = pupils * 0.10 * 1 / 22`.",
        ],
        solution=(
            "pupils = schools.loc[(schools['region'] == 'Томская область')\n"
            "                     & schools['grade_band'].isin(['5-9', '10-11']), 'pupils'].sum()\n"
            "tomsk_groups = pupils * 0.10 * 1 / 22"
        ),
        wrong=(  # forgot to turn visitors into groups
            "pupils = schools.loc[(schools['region'] == 'Томская область')\n"
            "                     & schools['grade_band'].isin(['5-9', '10-11']), 'pupils'].sum()\n"
            "tomsk_groups = pupils * 0.10"
        ),
    ),
]


def namespace() -> dict:
    """What the lesson defines before the practice cells: the data frames by their lesson names."""
    return {"bookings": load("bookings"), "schools": load("school_population"), "pd": pd}
