"""Datasets of module 1: the national series, world benchmarks and the course region's panel.

``national_visitors`` and ``world_benchmarks`` reproduce published figures with their
sources. ``region_open_enterprises``, ``regions`` and ``regional_visitors`` are synthetic: the
course's fictional region (:data:`promtour.world.REGION`) with its open enterprises (the six of
:data:`promtour.world.ENTERPRISES` among them) and the fictional peer regions
(:data:`promtour.world.PEER_REGIONS`); growth is calibrated on the national series.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset
from promtour.world import ENTERPRISES, PEER_REGIONS, REGION

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
        (
            "Guinness Storehouse (Дублин)",
            "Ирландия",
            "площадка компании",
            2023,
            1_500_000,
            True,
            na,
            na,
            0.81,
            na,
            "irishpost.com; thelondonweekly.net (2023: более 1,5 млн, 81% — иностранцы)",
        ),
        (
            "Heineken Experience (Амстердам)",
            "Нидерланды",
            "площадка компании",
            2016,
            1_027_500,
            True,
            na,
            na,
            0.95,
            na,
            "nu.nl, 12.2016 (ожидаемые 1 027 500 за 2016 г.; лишь 5% посетителей — из Нидерландов)",
        ),
        (
            "BMW Welt (Мюнхен)",
            "Германия",
            "площадка компании",
            2014,
            3_000_000,
            True,
            na,
            na,
            na,
            na,
            "deutsches-business.tv (BMW AG): «более 3 млн в 2014 г.»; при проектировании ждали 800 тыс. в год (welt.de)",
        ),
        (
            "Autostadt (Вольфсбург)",
            "Германия",
            "площадка компании",
            2009,
            2_210_000,
            True,
            na,
            na,
            na,
            na,
            "abendblatt.de: около 2,21 млн гостей за 2009 г.",
        ),
        (
            "Entreprise et Découverte (сеть открытых предприятий)",
            "Франция",
            "национальная сеть",
            2022,
            20_000_000,
            True,
            3_500,
            na,
            na,
            na,
            "ajpme.fr: в 2022 г. 3 500 предприятий приняли 20 млн посетителей",
        ),
        (
            "Entreprise et Découverte (сеть открытых предприятий)",
            "Франция",
            "национальная сеть",
            2024,
            22_000_000,
            True,
            4_000,
            na,
            na,
            9.0,
            "Entreprise et Découverte, 2024: 4 000 предприятий, 22 млн посетителей, средний билет ~9 €",
        ),
        (
            "Маршрут индустриальной культуры Рура (25 опорных объектов)",
            "Германия",
            "региональный маршрут",
            2017,
            7_260_000,
            False,
            25,
            na,
            na,
            na,
            "Regionalverband Ruhr / Ruhr Tourismus, по данным wp.de: 7,26 млн посетителей опорных объектов в 2017 г.",
        ),
        (
            "ММК (Магнитогорск)",
            "Россия",
            "площадка компании",
            2024,
            17_000,
            True,
            na,
            900,
            na,
            na,
            "kommersant.ru: около 900 экскурсий и более 17 000 посетителей в 2024 г.",
        ),
        (
            "Смоленская АЭС",
            "Россия",
            "площадка компании",
            2025,
            2_834,
            False,
            na,
            187,
            na,
            na,
            "safonovka.ru: 187 экскурсий, 2 834 посетителя в 2025 г.",
        ),
        (
            "КАМАЗ (Набережные Челны), деловые делегации",
            "Россия",
            "площадка компании",
            2024,
            6_000,
            True,
            na,
            600,
            na,
            na,
            "business-gazeta.ru: около 600 делегаций в год по ~10 человек (оценка 6 000 человек в год)",
        ),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "name",
            "country",
            "level",
            "year",
            "visitors",
            "approx",
            "sites",
            "tours",
            "foreign_share",
            "ticket_eur",
            "source",
        ],
    )


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
        "sites": Column("int", "число объектов в сети или маршруте (для площадок — пусто)", "объектов", nullable=True),
        "tours": Column("int", "число экскурсий или делегаций за год, если опубликовано", "экскурсий", nullable=True),
        "foreign_share": Column("float", "доля иностранных посетителей, если опубликована", "доля 0–1", nullable=True),
        "ticket_eur": Column("float", "средний входной билет, если опубликован", "евро", nullable=True),
        "source": Column("str", "источник цифр"),
    },
    build=_benchmarks,
    synthetic=False,
    source="irishpost.com, thelondonweekly.net, nu.nl, deutsches-business.tv, welt.de, abendblatt.de, "
    "ajpme.fr, Entreprise et Découverte, wp.de (Regionalverband Ruhr), kommersant.ru, "
    "safonovka.ru, business-gazeta.ru — построчно в столбце source",
)

# --- the course's region and its peers (synthetic) -------------------------------------------

# Extra open enterprises of the course's region besides the six of ``promtour.world``:
# id, name, industry, town, restricted site. Invented, like the region.
_EXTRA_SITES = [
    ("R07", "Хлебозавод «Берёзовский каравай»", "пищевая промышленность", "Берёзовск", False),
    ("R08", "Молочный комбинат «Приреченское»", "пищевая промышленность", "Приреченск", False),
    ("R09", "Пивоварня «Старая Пристань»", "пищевая промышленность", "Старая Пристань", False),
    ("R10", "Судоремонтный завод «Затон»", "машиностроение", "Старая Пристань", False),
    ("R11", "Завод металлоконструкций «Сталегорский мост»", "металлургия", "Сталегорск", False),
    ("R12", "Трубный завод «Сталегорск-Труба»", "металлургия", "Сталегорск", False),
    ("R13", "Приреченская ТЭЦ-2", "энергетика", "Приреченск", True),
    ("R14", "Мебельная фабрика «Кедр»", "деревообработка", "Берёзовск", False),
    ("R15", "Текстильная фабрика «Приреченский лён»", "лёгкая промышленность", "Приреченск", False),
    ("R16", "Завод строительных материалов «Каменный Брод»", "строительные материалы", "Каменный Брод", False),
    ("R17", "Станкостроительный завод «Приреченский станок»", "машиностроение", "Приреченск", False),
    ("R18", "Типография «Приречье-Принт»", "полиграфия", "Приреченск", False),
    ("R19", "Мясокомбинат «Берёзовский»", "пищевая промышленность", "Берёзовск", False),
    ("R20", "Фармацевтическая фабрика «Приречфарм»", "фармацевтика", "Каменный Брод", False),
    ("R21", "Очистные сооружения водоканала Приреченска", "коммунальное хозяйство", "Приреченск", True),
    ("R22", "Стекольный завод «Кварц»", "строительные материалы", "Каменный Брод", False),
    ("R23", "Кирпичный завод «Красная Пристань»", "строительные материалы", "Старая Пристань", False),
    ("R24", "Авиаремонтный завод «Крыло»", "машиностроение", "Приреченск", True),
    ("R25", "Сыроварня «Берёзовская»", "ремесленное производство", "Берёзовск", False),
    ("R26", "Кузница «Старый Брод»", "ремесленное производство", "Каменный Брод", False),
]


def _sites(rng: np.random.Generator) -> pd.DataFrame:
    """The region's open enterprises in the base year: the six of the world, then the extra ones."""
    rows = []
    for e in ENTERPRISES:
        rows.append(
            {
                "id": e.id,
                "name": e.name,
                "industry": e.industry,
                "town": e.town,
                "restricted": "режимный" in e.access,
                "world": True,
                "visitors_2024": e.visitors_last_year,
                "tours_2024": e.tours_last_year,
                "museum": e.readiness["museum"],
                "trained_guide": e.readiness["trained_guide"],
                "souvenirs": e.readiness["souvenirs"],
            }
        )
    for sid, name, industry, town, restricted in _EXTRA_SITES:
        tours = int(rng.integers(12, 110))
        group = rng.uniform(7, 16) if not restricted else rng.uniform(8, 12)
        rows.append(
            {
                "id": sid,
                "name": name,
                "industry": industry,
                "town": town,
                "restricted": restricted,
                "world": False,
                "visitors_2024": int(round(tours * group)),
                "tours_2024": tours,
                "museum": bool(rng.random() < 0.35),
                "trained_guide": bool(rng.random() < 0.45),
                "souvenirs": bool(rng.random() < 0.25),
            }
        )
    return pd.DataFrame(rows)


SITES = Dataset(
    name="region_open_enterprises",
    title=f"Предприятия {REGION.genitive}, принимавшие туристов в {BASE_YEAR} г. (синтетические)",
    columns={
        "id": Column("str", "код предприятия: шесть предприятий курса (PMK, MAG, SLK, AZT, GES, IZR) и R07…R26"),
        "name": Column("str", "название (вымышленное)"),
        "industry": Column("str", "отрасль"),
        "town": Column("str", "город региона"),
        "restricted": Column("bool", "режимный объект: пропускной режим, список гостей заранее"),
        "world": Column("bool", "одно из шести предприятий курса (профиль в promtour.world)"),
        "visitors_2024": Column("int", f"гостей за {BASE_YEAR} г.", "человек"),
        "tours_2024": Column("int", f"экскурсий за {BASE_YEAR} г.", "экскурсий"),
        "museum": Column("bool", "есть музей или экспозиция"),
        "trained_guide": Column("bool", "есть обученный экскурсовод из сотрудников"),
        "souvenirs": Column("bool", "есть сувенирная продукция, дегустация или продукт в подарок"),
    },
    build=_sites,
    synthetic=True,
    notes=f"Синтетические данные: регион и предприятия вымышлены. Шесть предприятий курса повторяют "
    f"профили promtour.world (гости и экскурсии за прошлый год, музей, экскурсовод, сувениры); "
    f"сумма по таблице — турпоток и счётчики {REGION.genitive} в regions и regional_visitors.",
)

# peer region -> (industrial enterprises, visitors in the base year (scale), year the regional
# team joined «Открытая промышленность» (None: not in the programme), share of out-of-region guests)
_PEERS: dict[str, tuple[int, int, int | None, float]] = {
    "Северогорская область": (420, 62_000, 2021, 0.22),
    "Озёрный край": (180, 14_000, 2022, 0.35),
    "Степноярская область": (260, 21_000, 2022, 0.12),
    "Верхнекамская область": (390, 47_000, 2021, 0.20),
    "Лесогорская область": (150, 6_500, 2023, 0.10),
    "Заволжская республика": (610, 118_000, 2021, 0.38),
    "Прибрежный край": (230, 26_000, 2022, 0.30),
    "Рудногорская область": (340, 33_000, 2021, 0.15),
    "Хлебодарская область": (210, 9_000, None, 0.12),
    "Кедровый край": (170, 11_000, 2023, 0.28),
    "Южноуральская республика": (480, 58_000, 2021, 0.18),
}
assert set(_PEERS) == set(PEER_REGIONS), "module 1's peers must be the world's PEER_REGIONS"
NO_2021_RECORD = "Кедровый край"  # regional accounting started in 2022: 2021 is missing
NO_TARGET = "Хлебодарская область"  # no adopted regional target
OWN: dict[str, Any] = {
    "enterprises_total": 300,
    "programme_year": 2022,
    "out_share": 0.09,
    "students_share": 0.40,
    "target_growth": 1.55,
    "target_year": 2028,
}  # the course region's own choices

# how the national growth 2021→2024 split between the years (log shares of ×3, ×1.75, ×1.43)
_YEAR_WEIGHTS = np.log([3.0, 1.75, 1.43]) / np.log(3.0 * 1.75 * 1.43)


def _round(x: float, step: int = 10) -> int:
    return int(round(float(x) / step) * step)


def _panel() -> pd.DataFrame:
    """The wide regional panel both regional datasets are cut from (deterministic)."""
    rng = np.random.default_rng(20210601)  # one panel for both files, independent of file names
    sites = SITES.generate()
    rows = []
    for name in (REGION.name, *PEER_REGIONS):
        own = name == REGION.name
        joined: int | None
        if own:
            total, joined, out_scale = OWN["enterprises_total"], OWN["programme_year"], OWN["out_share"]
            v2024 = float(sites["visitors_2024"].sum())
        else:
            total, peer_2024, joined, out_scale = _PEERS[name]
            v2024 = float(peer_2024)
            v2024 *= rng.uniform(0.95, 1.05)
        # growth 2021→2024: early programme members grew more (national series: ×7.4)
        multiplier = float(np.exp(rng.normal(np.log(9.0 if joined == 2021 else 7.0), 0.25)))
        weights = _YEAR_WEIGHTS * rng.uniform(0.8, 1.2, size=3)
        weights = weights / weights.sum()
        series = {2024: v2024}
        for i, year in enumerate((2023, 2022, 2021)):
            series[year] = series[year + 1] / multiplier ** weights[2 - i]
        row: dict[str, Any] = {"region": name, "programme_year": joined, "enterprises_total": total}
        for year in YEARS:
            row[f"visitors_{year}"] = int(v2024) if own and year == 2024 else _round(series[year])
        if name == NO_2021_RECORD:
            row["visitors_2021"] = None
        if own:  # the counts are the region's open enterprises, summed
            row["enterprises_open"] = len(sites)
            row["with_museum"] = int(sites["museum"].sum())
            row["with_staff"] = int(sites["trained_guide"].sum())
            row["with_souvenirs"] = int(sites["souvenirs"].sum())
        else:
            open_share = rng.uniform(0.05, 0.14) * (1.25 if joined == 2021 else 1.0)
            opened = max(3, int(round(total * open_share)))
            row["enterprises_open"] = opened
            row["with_museum"] = int(round(opened * rng.uniform(0.30, 0.60)))
            row["with_staff"] = int(round(opened * rng.uniform(0.20, 0.55)))
            row["with_souvenirs"] = int(round(opened * rng.uniform(0.15, 0.50)))
        # participants by group, 2022–2024 (not collected in 2021)
        for year in YEARS[1:]:
            visitors = row[f"visitors_{year}"]
            share = OWN["students_share"] * rng.uniform(0.95, 1.05) if own else rng.uniform(0.22, 0.42)
            row[f"students_{year}"] = _round(visitors * share)
            row[f"out_of_region_{year}"] = _round(visitors * out_scale * rng.uniform(0.85, 1.15))
            row[f"local_{year}"] = visitors - row[f"students_{year}"] - row[f"out_of_region_{year}"]
        # the region's adopted target
        if own:
            row["target_visitors"] = _round(v2024 * OWN["target_growth"], 1000)
            row["target_year"] = OWN["target_year"]
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


_REGION_NOTE = (
    f"Синтетические данные: {REGION.name} и соседние регионы вымышлены, цифры тоже. "
    f"Строка {REGION.genitive} — сумма таблицы region_open_enterprises (шесть предприятий "
    "курса и ещё 20 площадок); рост 2021→2024 откалиброван по общероссийскому ряду."
)

REGIONS = Dataset(
    name="regions",
    title=f"Показатели промышленного туризма: {REGION.name} и регионы для сравнения, {BASE_YEAR} (синтетические)",
    columns={
        "region": Column("str", "регион (вымышленный)"),
        "programme_year": Column(
            "int",
            "год вступления региональной команды в «Открытую промышленность»; пусто — регион не участвует",
            "год",
            nullable=True,
        ),
        "enterprises_total": Column("int", "крупные и средние промышленные предприятия региона", "предприятий"),
        "enterprises_open": Column("int", f"из них принимали организованные группы в {BASE_YEAR} г.", "предприятий"),
        "with_museum": Column("int", "из открытых: с корпоративным музеем или креативным пространством", "предприятий"),
        "with_staff": Column("int", "из открытых: с выделенным сотрудником или экскурсоводом", "предприятий"),
        "with_souvenirs": Column("int", "из открытых: с собственной сувенирной продукцией", "предприятий"),
        "target_visitors": Column(
            "int", "целевое число промышленных туристов в год по региональной программе", "человек в год", nullable=True
        ),
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
        "region": Column("str", "регион (как в regions)"),
        "year": Column("int", "календарный год", "год"),
        "visitors": Column("int", "промышленных туристов за год (посещений предприятий)", "человек", nullable=True),
        "local": Column("int", "из них жители региона, кроме учебных групп", "человек", nullable=True),
        "out_of_region": Column("int", "из них гости из других регионов и из-за рубежа", "человек", nullable=True),
        "students": Column(
            "int", "из них школьники и студенты в учебных и профориентационных группах", "человек", nullable=True
        ),
    },
    build=_regional_visitors,
    synthetic=True,
    notes=_REGION_NOTE + f" Разбивка по группам собирается с 2022 г.: за 2021 г. она пуста; "
    f"в регионе «{NO_2021_RECORD}» учёт начат в 2022 г. (2021 — пусто).",
)

DATASETS = [NATIONAL, BENCHMARKS, SITES, REGIONS, REGIONAL_VISITORS]
