"""Datasets of module 5: sites of the course's region, travel times between them, bus tariffs.

The region «Приреченская область» and its six enterprises come from :mod:`promtour.world`
(names, towns, visitor hours, tour length, group and age limits, prices are read from there,
never retyped). Around them the region has fictional museums, heritage sites, creative spaces
and places to eat. Everything is synthetic; the mix of site types follows ERIH's model
(anchor points and routes) and real Russian routes that join a working plant with heritage
and contemporary art (Выкса, kommersant.ru 2025).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset
from promtour.world import ENTERPRISES, REGION, TOWNS

from .routing import DEPOT, SITE_COLUMNS, enterprise_site, leg

# id, name, type, theme, town, dx, dy (km from the town's point), opens, closes, visit min,
# ticket ₽, pupil ₽, max group, min age, booking days, open at weekends, ERIH-like anchor point
_OTHER_SITES = [
    (
        DEPOT,
        f"Автовокзал {REGION.capital}а (место сбора)",
        "точка сбора",
        "—",
        REGION.capital,
        0.5,
        -0.5,
        "00:00",
        "24:00",
        0,
        0,
        0,
        200,
        0,
        0,
        True,
        False,
    ),
    (
        "S01",
        "Приреченский краеведческий музей",
        "музей",
        "история края",
        REGION.capital,
        -0.8,
        0.6,
        "10:00",
        "18:00",
        75,
        350,
        200,
        30,
        0,
        3,
        True,
        True,
    ),
    (
        "S02",
        "Водонапорная башня 1912 года (смотровая площадка)",
        "наследие",
        "история края",
        REGION.capital,
        1.2,
        -1.0,
        "10:00",
        "20:00",
        40,
        200,
        100,
        25,
        7,
        1,
        True,
        False,
    ),
    (
        "S03",
        "Креативный кластер «Депо» (бывшие паровозные мастерские)",
        "креативное пространство",
        "машиностроение",
        REGION.capital,
        2.0,
        -1.8,
        "11:00",
        "21:00",
        60,
        300,
        250,
        35,
        0,
        3,
        True,
        False,
    ),
    (
        "S04",
        "Ресторан «Паровоз»",
        "питание",
        "питание",
        REGION.capital,
        0.2,
        -0.8,
        "11:00",
        "23:00",
        50,
        650,
        550,
        60,
        0,
        2,
        True,
        False,
    ),
    (
        "S05",
        "Сталегорский музей металлургии",
        "музей",
        "металлургия",
        "Сталегорск",
        -0.5,
        -0.8,
        "10:00",
        "18:00",
        60,
        300,
        150,
        25,
        0,
        3,
        False,
        True,
    ),
    (
        "S06",
        "Соцгород металлургов 1930-х (пешеходная экскурсия)",
        "наследие",
        "металлургия",
        "Сталегорск",
        -1.2,
        0.4,
        "09:00",
        "20:00",
        45,
        250,
        150,
        30,
        0,
        2,
        True,
        False,
    ),
    (
        "S07",
        "Столовая «Мартен»",
        "питание",
        "питание",
        "Сталегорск",
        0.8,
        0.2,
        "11:00",
        "16:00",
        45,
        450,
        400,
        60,
        0,
        1,
        False,
        False,
    ),
    (
        "S08",
        "Лофт «Литейка» (мастер-класс по художественному литью)",
        "креативное пространство",
        "металлургия",
        "Сталегорск",
        -0.3,
        1.0,
        "11:00",
        "20:00",
        60,
        500,
        400,
        24,
        10,
        5,
        True,
        False,
    ),
    (
        "S09",
        "Купеческие торговые ряды XIX века",
        "наследие",
        "история края",
        "Старая Пристань",
        0.6,
        -0.4,
        "09:00",
        "20:00",
        40,
        0,
        0,
        40,
        0,
        0,
        True,
        False,
    ),
    (
        "S10",
        "Музей купеческого быта",
        "музей",
        "история края",
        "Старая Пристань",
        -0.5,
        0.3,
        "10:00",
        "17:00",
        60,
        300,
        150,
        20,
        0,
        3,
        True,
        False,
    ),
    (
        "S11",
        "Арт-резиденция «Льняная фабрика»",
        "креативное пространство",
        "ремесленное производство",
        "Старая Пристань",
        1.0,
        1.2,
        "12:00",
        "20:00",
        60,
        350,
        300,
        25,
        0,
        3,
        True,
        False,
    ),
    (
        "S12",
        "Трактир «Старая пристань»",
        "питание",
        "питание",
        "Старая Пристань",
        -0.2,
        -0.9,
        "11:00",
        "22:00",
        50,
        600,
        500,
        50,
        0,
        2,
        True,
        False,
    ),
    (
        "S13",
        "Мельница купца Ершова",
        "наследие",
        "пищевая промышленность",
        "Берёзовск",
        -1.5,
        1.0,
        "10:00",
        "18:00",
        45,
        200,
        100,
        30,
        0,
        3,
        True,
        False,
    ),
    (
        "S14",
        "Кафе «Пряник»",
        "питание",
        "питание",
        "Берёзовск",
        0.4,
        -0.5,
        "10:00",
        "20:00",
        45,
        500,
        400,
        40,
        0,
        2,
        True,
        False,
    ),
    (
        "S15",
        "Краеведческий музей Каменного Брода",
        "музей",
        "химия",
        "Каменный Брод",
        0.8,
        -0.7,
        "10:00",
        "17:00",
        60,
        250,
        120,
        25,
        0,
        3,
        False,
        False,
    ),
]


def build_sites(rng: np.random.Generator) -> pd.DataFrame:
    del rng  # the region's sites are declared, not drawn
    rows = []
    for (
        sid,
        name,
        kind,
        theme,
        town,
        dx,
        dy,
        opens,
        closes,
        visit,
        ticket,
        pupil,
        group,
        age,
        booking,
        weekend,
        anchor,
    ) in _OTHER_SITES:
        tx, ty = TOWNS[town]
        rows.append(
            {
                "site_id": sid,
                "name": name,
                "type": kind,
                "theme": theme,
                "town": town,
                "x_km": round(tx + dx, 2),
                "y_km": round(ty + dy, 2),
                "opens": opens,
                "closes": closes,
                "visit_min": visit,
                "ticket_rub": ticket,
                "pupil_rub": pupil,
                "max_group": group,
                "min_age": age,
                "booking_days": booking,
                "weekend_open": weekend,
                "anchor": anchor,
            }
        )
    rows[1:1] = [enterprise_site(e) for e in ENTERPRISES]  # the world's six right after the meeting point
    return pd.DataFrame(rows, columns=SITE_COLUMNS)


def build_travel(rng: np.random.Generator) -> pd.DataFrame:
    sites = build_sites(rng)  # the very same «sites» table (declared, so the rng is untouched)
    xy = {s: (x, y) for s, x, y in zip(sites["site_id"], sites["x_km"], sites["y_km"])}
    town = dict(zip(sites["site_id"], sites["town"]))
    ids = list(xy)
    road: dict[tuple[str, str], float] = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            road[(a, b)] = road[(b, a)] = math.dist(xy[a], xy[b]) * rng.uniform(1.2, 1.4)  # road detour
    rows = []
    for a in ids:
        for b in ids:
            if a == b:
                continue
            km = road[(a, b)]
            minutes, mode = leg(km, town[a] == town[b], extra=int(rng.integers(0, 4)))  # traffic: asymmetric
            rows.append({"from_id": a, "to_id": b, "km": round(km, 2), "minutes": int(minutes), "mode": mode})
    return pd.DataFrame(rows)


# bus class, seats, ₽ per hour, minimum billed hours, one-off delivery (подача) ₽
_BUSES = [
    ("Минивэн", 7, 1500, 3, 0),
    ("Микроавтобус", 19, 2200, 4, 1000),
    ("Средний автобус", 30, 2900, 4, 1500),
    ("Большой автобус", 45, 3600, 5, 2000),
    ("Туристический автобус (с туалетом)", 53, 4400, 5, 2500),
]


def build_bus_tariffs(rng: np.random.Generator) -> pd.DataFrame:
    del rng  # a fixed price list: no randomness
    return pd.DataFrame(_BUSES, columns=["bus", "seats", "rub_per_hour", "min_hours", "delivery_rub"])


_CALIBRATION = (
    f"Синтетика. {REGION.name} и её объекты вымышлены; шесть предприятий и их правила приёма "
    "(часы, длительность экскурсии, предельная группа, возраст, цена) берутся из promtour.world. "
    "Состав объектов — по модели ERIH (опорные точки и маршруты, 2 300+ объектов) и по реальным "
    "маршрутам, соединяющим завод, наследие и современное искусство (Выкса: завод ОМК, музей "
    "истории завода, «Выкса-фестиваль», kommersant.ru, 2025). Часы музеев, цены, сроки заявок — "
    "допущения набора."
)

DATASETS = [
    Dataset(
        name="sites",
        title=f"Объекты показа: {REGION.name} — шесть предприятий, музеи, наследие, креативные пространства, питание",
        columns={
            "site_id": Column(
                "str", "код объекта: S00 — место сбора (автовокзал), PMK…IZR — предприятия, S01… — остальные"
            ),
            "name": Column("str", "название объекта"),
            "type": Column(
                "category", "тип: предприятие, музей, наследие, креативное пространство, питание, точка сбора"
            ),
            "theme": Column("category", "тема для тематических маршрутов (металлургия, история края…)"),
            "town": Column("category", "город региона"),
            "x_km": Column("float", "координата на восток от центра Приреченска", "км"),
            "y_km": Column("float", "координата на север от центра Приреченска", "км"),
            "opens": Column("str", "начало приёма групп", "ЧЧ:ММ"),
            "closes": Column("str", "к этому времени визит должен закончиться", "ЧЧ:ММ"),
            "visit_min": Column(
                "int", "длительность посещения группой (у предприятий — экскурсия по положению)", "мин"
            ),
            "ticket_rub": Column("int", "цена для взрослого (для питания — комплексный обед)", "₽"),
            "pupil_rub": Column("int", "цена для школьника в составе группы", "₽"),
            "max_group": Column("int", "наибольшая группа за один заход, вместе с сопровождающими", "чел."),
            "min_age": Column("int", "минимальный возраст участника", "лет"),
            "booking_days": Column("int", "за сколько дней нужна заявка (списки для пропусков)", "дней"),
            "weekend_open": Column("bool", "принимает ли группы в выходные"),
            "anchor": Column("bool", "опорная точка по модели ERIH"),
        },
        build=build_sites,
        synthetic=True,
        source=_CALIBRATION,
    ),
    Dataset(
        name="travel_times",
        title=f"Матрица переездов между объектами: {REGION.name} (длинный формат)",
        columns={
            "from_id": Column("str", "откуда (site_id)"),
            "to_id": Column("str", "куда (site_id)"),
            "km": Column("float", "длина пути по дорогам", "км"),
            "minutes": Column("int", "время в пути с посадкой и высадкой группы", "мин"),
            "mode": Column("category", "способ: автобус или пешком (ближе 0,6 км)"),
        },
        build=build_travel,
        synthetic=True,
        source=(
            "Синтетика, выведена из координат sites: путь = прямое расстояние × коэффициент извилистости "
            "1,2–1,4; автобус 24 км/ч в черте города и на первых и последних 8 км междугородного пути, "
            "60 км/ч по трассе; +5 мин на посадку, +0–3 мин на пробки (матрица несимметрична); ближе "
            "0,6 км — пешком 4,5 км/ч."
        ),
    ),
    Dataset(
        name="bus_tariffs",
        title="Прайс-лист аренды автобусов с водителем (условный перевозчик региона)",
        columns={
            "bus": Column("str", "класс автобуса"),
            "seats": Column("int", "пассажирских мест", "мест"),
            "rub_per_hour": Column("int", "цена часа аренды с водителем", "₽/ч"),
            "min_hours": Column("int", "минимальный оплачиваемый заказ", "ч"),
            "delivery_rub": Column("int", "разовая плата за подачу автобуса", "₽"),
        },
        build=build_bus_tariffs,
        synthetic=True,
        source=(
            "Синтетика: условный прайс перевозчика, порядок цен — как в объявлениях об аренде автобусов "
            "в региональных центрах в 2024–2025 гг.; не опубликованная статистика."
        ),
    ),
]
