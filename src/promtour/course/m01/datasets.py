"""Datasets of module 1: the national series, world benchmarks and a regional panel.

``national_visitors`` and ``world_benchmarks`` reproduce published figures with their
sources. ``regions`` and ``regional_visitors`` are synthetic (real region names, invented
figures) calibrated on the published anchors listed in ``ANCHORS``; the datasheet in
``data/README.md`` (section «Модуль 1») says which cells are anchored.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset

YEARS = (2021, 2022, 2023, 2024)  # years of fact in the regional panel
BASE_YEAR = 2024  # the latest year of fact: the baseline of every regional target

# --- published figures ---------------------------------------------------------------

NATIONAL_SOURCES = {
    2021: "finmarket.ru: в 2022 г. ~0,8 млн — втрое больше, чем в 2021 г. (2021 = 0,8 / 3)",
    2022: "finmarket.ru",
    2023: "Forbes, по данным news.tek.fm",
    2024: "sobaka.ru («более 2 млн»)",
    2025: "Strategy Partners, по данным kuban.plus.rbc.ru (прогноз)",
}


def _national(rng: np.random.Generator) -> pd.DataFrame:
    del rng  # published figures: nothing random
    rows = [
        (2021, 0.27, "оценка", "расчёт: 0,8 млн / 3; точной публикации нет"),
        (2022, 0.80, "факт", "около 0,8 млн"),
        (2023, 1.40, "факт", "1,4 млн"),
        (2024, 2.00, "факт", "«более 2 млн» — нижняя граница"),
        (2025, 2.24, "прогноз", "прогноз на 2025 г., не факт"),
    ]
    frame = pd.DataFrame(rows, columns=["year", "visitors_mln", "status", "note"])
    frame["source"] = frame["year"].map(NATIONAL_SOURCES)
    return frame


NATIONAL = Dataset(
    name="national_visitors",
    title="Промышленные туристы в России по годам, млн человек (2021–2024 — факт/оценка, 2025 — прогноз)",
    columns={
        "year": Column("int", "календарный год", "год"),
        "visitors_mln": Column("float", "число промышленных туристов за год", "млн человек"),
        "status": Column("category", "«факт», «оценка» (расчёт по косвенным данным) или «прогноз»"),
        "note": Column("str", "оговорка к значению: округление, нижняя граница, способ расчёта"),
        "source": Column("str", "источник цифры"),
    },
    build=_national,
    synthetic=False,
    source="finmarket.ru (2021–2022), Forbes via news.tek.fm (2023), sobaka.ru (2024), "
           "Strategy Partners via kuban.plus.rbc.ru (прогноз 2025)",
    notes="2021 — расчётная оценка (0,8 млн / 3), 2024 — нижняя граница («более 2 млн»), 2025 — прогноз.",
)


def _benchmarks(rng: np.random.Generator) -> pd.DataFrame:
    del rng
    na = None
    rows = [
        # name, country, level, year, visitors, approx, sites, tours, foreign_share, ticket_eur, source
        ("Guinness Storehouse (Дублин)", "Ирландия", "площадка компании", 2023, 1_500_000, True,
         na, na, 0.81, na,
         "irishpost.com; thelondonweekly.net (2023: более 1,5 млн, 81% — иностранцы)"),
        ("Heineken Experience (Амстердам)", "Нидерланды", "площадка компании", 2016, 1_027_500, True,
         na, na, 0.95, na,
         "nu.nl, 12.2016 (ожидаемые 1 027 500 за 2016 г.; лишь 5% посетителей — из Нидерландов)"),
        ("BMW Welt (Мюнхен)", "Германия", "площадка компании", 2014, 3_000_000, True,
         na, na, na, na,
         "deutsches-business.tv (BMW AG): «более 3 млн в 2014 г.»; при проектировании ждали 800 тыс. в год (welt.de)"),
        ("Autostadt (Вольфсбург)", "Германия", "площадка компании", 2009, 2_210_000, True,
         na, na, na, na,
         "abendblatt.de: около 2,21 млн гостей за 2009 г."),
        ("Entreprise et Découverte (сеть открытых предприятий)", "Франция", "национальная сеть", 2022,
         20_000_000, True, 3_500, na, na, na,
         "ajpme.fr: в 2022 г. 3 500 предприятий приняли 20 млн посетителей"),
        ("Entreprise et Découverte (сеть открытых предприятий)", "Франция", "национальная сеть", 2024,
         22_000_000, True, 4_000, na, na, 9.0,
         "Entreprise et Découverte, 2024: 4 000 предприятий, 22 млн посетителей, средний билет ~9 €"),
        ("Маршрут индустриальной культуры Рура (25 опорных объектов)", "Германия", "региональный маршрут",
         2017, 7_260_000, False, 25, na, na, na,
         "Regionalverband Ruhr / Ruhr Tourismus, по данным wp.de: 7,26 млн посетителей опорных объектов в 2017 г."),
        ("ММК (Магнитогорск)", "Россия", "площадка компании", 2024, 17_000, True, na, 900, na, na,
         "kommersant.ru: около 900 экскурсий и более 17 000 посетителей в 2024 г."),
        ("Смоленская АЭС", "Россия", "площадка компании", 2025, 2_834, False, na, 187, na, na,
         "safonovka.ru: 187 экскурсий, 2 834 посетителя в 2025 г."),
        ("КАМАЗ (Набережные Челны), деловые делегации", "Россия", "площадка компании", 2024, 6_000, True,
         na, 600, na, na,
         "business-gazeta.ru: около 600 делегаций в год по ~10 человек (оценка 6 000 человек в год)"),
    ]
    return pd.DataFrame(rows, columns=["name", "country", "level", "year", "visitors", "approx", "sites",
                                       "tours", "foreign_share", "ticket_eur", "source"])


BENCHMARKS = Dataset(
    name="world_benchmarks",
    title="Ориентиры: посещаемость известных площадок и сетей промышленного туризма (опубликованные данные)",
    columns={
        "name": Column("str", "площадка, сеть или маршрут"),
        "country": Column("str", "страна"),
        "level": Column("category", "«площадка компании», «региональный маршрут» или «национальная сеть»"),
        "year": Column("int", "год, к которому относится число посетителей", "год"),
        "visitors": Column("int", "посетителей за год", "человек"),
        "approx": Column("bool", "True, если источник даёт округлённое или «более N» значение"),
        "sites": Column("int", "число объектов в сети или маршруте (для площадок — пусто)", "объектов",
                        nullable=True),
        "tours": Column("int", "число экскурсий или делегаций за год, если опубликовано", "экскурсий",
                        nullable=True),
        "foreign_share": Column("float", "доля иностранных посетителей, если опубликована", "доля 0–1",
                                nullable=True),
        "ticket_eur": Column("float", "средний входной билет, если опубликован", "евро", nullable=True),
        "source": Column("str", "источник цифр"),
    },
    build=_benchmarks,
    synthetic=False,
    source="irishpost.com, thelondonweekly.net, nu.nl, deutsches-business.tv, welt.de, abendblatt.de, "
           "ajpme.fr, Entreprise et Découverte, wp.de (Regionalverband Ruhr), kommersant.ru, "
           "safonovka.ru, business-gazeta.ru — построчно в столбце source",
)

# --- the synthetic regional panel ------------------------------------------------------

# published anchors the synthetic panel reproduces exactly (region -> field -> value)
ANCHORS = {
    "Челябинская область": {"visitors_2021": 35_000, "visitors_2022": 56_000,
                            "target_visitors": 200_000, "target_year": 2025},
    "Томская область": {"enterprises_open": 76, "students_2024": 12_400},
    "Липецкая область": {"visitors_2024": 7_000, "enterprises_open": 20},
}
ANCHOR_SOURCES = {
    "Челябинская область": "chel.travel (≈35 000 в 2021 г., цель 200 000 к 2025 г.); up74.ru (56 000 в 2022 г.)",
    "Томская область": "НИА Томск, 2024: более 12 000 школьников и студентов СПО посетили 76 предприятий за год",
    "Липецкая область": "mk-lipetsk.ru: около 7 000 промышленных туристов в 2024 г., 20 предприятий",
}

# region, federal district, industrial enterprises (synthetic), visitors in 2024 (scale),
# year the regional team joined «Открытая промышленность» (None: not in the programme),
# share of out-of-region guests (scale)
_REGIONS = [
    ("Челябинская область", "УФО", 430, 98_000, 2021, 0.22),
    ("Свердловская область", "УФО", 580, 120_000, 2021, 0.25),
    ("Томская область", "СФО", 260, 19_500, 2021, 0.10),
    ("Липецкая область", "ЦФО", 190, 7_000, 2022, 0.12),
    ("Омская область", "СФО", 290, 14_000, 2023, 0.10),
    ("Смоленская область", "ЦФО", 160, 9_000, 2022, 0.15),
    ("Республика Татарстан", "ПФО", 640, 135_000, 2021, 0.38),
    ("Республика Башкортостан", "ПФО", 500, 62_000, 2021, 0.18),
    ("Нижегородская область", "ПФО", 550, 88_000, 2021, 0.30),
    ("Самарская область", "ПФО", 450, 54_000, 2021, 0.22),
    ("Пермский край", "ПФО", 420, 47_000, 2021, 0.20),
    ("Тульская область", "ЦФО", 310, 58_000, 2021, 0.40),
    ("Калужская область", "ЦФО", 240, 31_000, 2021, 0.33),
    ("Ярославская область", "ЦФО", 270, 36_000, 2022, 0.36),
    ("Кемеровская область — Кузбасс", "СФО", 340, 26_000, 2022, 0.14),
    ("Красноярский край", "СФО", 390, 33_000, 2022, 0.16),
    ("Новосибирская область", "СФО", 490, 29_000, 2021, 0.15),
    ("Иркутская область", "СФО", 350, 17_000, 2023, 0.20),
    ("Вологодская область", "СЗФО", 230, 21_000, 2022, 0.24),
    ("Мурманская область", "СЗФО", 130, 12_000, 2023, 0.30),
    ("Ульяновская область", "ПФО", 220, 24_000, 2022, 0.18),
    ("Удмуртская Республика", "ПФО", 250, 16_000, 2023, 0.15),
    ("Белгородская область", "ЦФО", 260, 22_000, 2024, 0.12),
    ("Ленинградская область", "СЗФО", 380, 41_000, None, 0.28),
    ("Курганская область", "УФО", 140, 3_500, None, 0.08),
    ("Тверская область", "ЦФО", 250, 8_000, 2024, 0.20),
]
NO_2021_RECORD = "Мурманская область"  # regional accounting started in 2022: 2021 is missing
NO_TARGET = "Курганская область"  # no adopted regional target

# how the national growth 2021→2024 split between the years (log shares of ×3, ×1.75, ×1.43)
_YEAR_WEIGHTS = np.log([3.0, 1.75, 1.43]) / np.log(3.0 * 1.75 * 1.43)


def _round(x: float, step: int = 10) -> int:
    return int(round(float(x) / step) * step)


def _panel() -> pd.DataFrame:
    """The wide regional panel both regional datasets are cut from (deterministic)."""
    rng = np.random.default_rng(20210601)  # one panel for both files, independent of file names
    rows = []
    for name, district, total, v2024, joined, out_scale in _REGIONS:
        anchor = ANCHORS.get(name, {})
        # growth 2021→2024: early programme members grew more (national series: ×7.4)
        multiplier = float(np.exp(rng.normal(np.log(9.0 if joined == 2021 else 7.0), 0.25)))
        weights = _YEAR_WEIGHTS * rng.uniform(0.8, 1.2, size=3)
        weights = weights / weights.sum()
        level = v2024 * rng.uniform(0.95, 1.05)
        series = {2024: level}
        for i, year in enumerate((2023, 2022, 2021)):
            series[year] = series[year + 1] / multiplier ** weights[2 - i]
        for key, value in anchor.items():
            if key.startswith("visitors_"):
                series[int(key[-4:])] = value
        if name == "Челябинская область":  # between the anchors and 2024: steady growth
            series[2023] = 56_000 * rng.uniform(1.35, 1.45)
            series[2024] = series[2023] * rng.uniform(1.18, 1.28)
        row = {"region": name, "federal_district": district, "programme_year": joined,
               "enterprises_total": total}
        for year in YEARS:
            row[f"visitors_{year}"] = _round(series[year])  # anchors are round already
        if name == NO_2021_RECORD:
            row["visitors_2021"] = None
        # readiness of enterprises (ASI-style counts)
        open_share = rng.uniform(0.05, 0.14) * (1.25 if joined == 2021 else 1.0)
        opened = max(3, int(round(total * open_share)))
        opened = anchor.get("enterprises_open", opened)
        row["enterprises_open"] = opened
        row["with_museum"] = int(round(opened * rng.uniform(0.30, 0.60)))
        row["with_staff"] = int(round(opened * rng.uniform(0.20, 0.55)))
        row["with_souvenirs"] = int(round(opened * rng.uniform(0.15, 0.50)))
        # participants by group, 2022–2024 (not collected in 2021)
        for year in YEARS[1:]:
            visitors = row[f"visitors_{year}"]
            students = visitors * rng.uniform(0.22, 0.42)
            if f"students_{year}" in anchor:
                students = anchor[f"students_{year}"]
            outside = visitors * out_scale * rng.uniform(0.85, 1.15)
            row[f"students_{year}"] = _round(students)
            row[f"out_of_region_{year}"] = _round(outside)
            row[f"local_{year}"] = visitors - row[f"students_{year}"] - row[f"out_of_region_{year}"]
        # the region's adopted target (synthetic except Chelyabinsk)
        if "target_visitors" in anchor:
            row["target_visitors"], row["target_year"] = anchor["target_visitors"], anchor["target_year"]
        elif name == NO_TARGET:
            row["target_visitors"], row["target_year"] = None, None
        else:
            target_year = int(rng.choice([2026, 2027, 2028, 2030]))
            rate = rng.uniform(0.10, 0.30)
            row["target_visitors"] = _round(row["visitors_2024"] * (1 + rate) ** (target_year - BASE_YEAR), 1000)
            row["target_year"] = target_year
        rows.append(row)
    return pd.DataFrame(rows)


def _regions(rng: np.random.Generator) -> pd.DataFrame:
    del rng  # cut from the shared panel (see _panel)
    return _panel()[list(REGIONS.columns)]


def _regional_visitors(rng: np.random.Generator) -> pd.DataFrame:
    del rng
    panel = _panel()
    parts = []
    for year in YEARS:
        part = pd.DataFrame({"region": panel["region"], "year": year, "visitors": panel[f"visitors_{year}"]})
        for group in ("local", "out_of_region", "students"):
            part[group] = panel.get(f"{group}_{year}")
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["region", "year"], kind="stable").reset_index(drop=True)


_REGION_NOTE = ("Синтетические данные: реальные названия регионов, выдуманные цифры. Точно "
                "воспроизведены только опубликованные значения: " +
                "; ".join(f"{k} — {v}" for k, v in ANCHOR_SOURCES.items()) + ".")

REGIONS = Dataset(
    name="regions",
    title="Показатели регионов по промышленному туризму в стиле АСИ, 2024 (синтетические)",
    columns={
        "region": Column("str", "субъект РФ"),
        "federal_district": Column("category", "федеральный округ (сокращение)"),
        "programme_year": Column("int", "год вступления региональной команды в «Открытую промышленность»; "
                                        "пусто — регион не участвует", "год", nullable=True),
        "enterprises_total": Column("int", "крупные и средние промышленные предприятия региона", "предприятий"),
        "enterprises_open": Column("int", "из них принимали организованные группы в 2024 г.", "предприятий"),
        "with_museum": Column("int", "из открытых: с корпоративным музеем или креативным пространством",
                              "предприятий"),
        "with_staff": Column("int", "из открытых: с выделенным сотрудником или экскурсоводом", "предприятий"),
        "with_souvenirs": Column("int", "из открытых: с собственной сувенирной продукцией", "предприятий"),
        "target_visitors": Column("int", "целевое число промышленных туристов в год по региональной программе",
                                  "человек в год", nullable=True),
        "target_year": Column("int", "год, к которому должна быть достигнута цель", "год", nullable=True),
    },
    build=_regions,
    synthetic=True,
    notes=_REGION_NOTE,
)

REGIONAL_VISITORS = Dataset(
    name="regional_visitors",
    title="Промышленные туристы по регионам и годам с разбивкой по группам участников (синтетические)",
    columns={
        "region": Column("str", "субъект РФ (как в regions)"),
        "year": Column("int", "календарный год", "год"),
        "visitors": Column("int", "промышленных туристов за год (посещений предприятий)", "человек",
                           nullable=True),
        "local": Column("int", "из них жители региона, кроме учебных групп", "человек", nullable=True),
        "out_of_region": Column("int", "из них гости из других регионов и из-за рубежа", "человек",
                                nullable=True),
        "students": Column("int", "из них школьники и студенты в учебных и профориентационных группах",
                           "человек", nullable=True),
    },
    build=_regional_visitors,
    synthetic=True,
    notes=_REGION_NOTE + " Разбивка по группам собирается с 2022 г.: за 2021 г. она пуста; "
          "в Мурманской области учёт начат в 2022 г. (2021 — пусто).",
)

DATASETS = [NATIONAL, BENCHMARKS, REGIONS, REGIONAL_VISITORS]
