"""Datasets of module 5: sites of one (fictional) industrial region, travel times, bus tariffs.

The region «Заречная область» is invented; its mix of sites mirrors a real regional
industrial-tourism offer (e.g. the Omsk complex route planned for 2026 around
petrochemistry and high-tech plants, om1.ru) and the ERIH classification of
anchor points (ERIH: 2,300+ sites). Group sizes are calibrated on published tour
statistics: Смоленская АЭС 2025 — 187 tours, 2,834 visitors ≈ 15 per tour
(safonovka.ru); ММК 2024 — ~900 tours, 17,000+ visitors ≈ 19 per tour
(kommersant.ru). Enterprise tickets are of the order of the French average
industrial-visit ticket (~€9, Entreprise et Découverte 2024).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset

from .routing import DEPOT

# type of site -> (visit minutes range, ticket ₽ range, max group range)
_PROFILE = {
    "точка сбора": ((0, 0), (0, 0), (200, 200)),
    "предприятие": ((90, 150), (500, 1200), (12, 25)),
    "музей": ((60, 90), (250, 500), (25, 30)),
    "наследие": ((30, 60), (150, 250), (40, 50)),
    "креативное пространство": ((45, 90), (200, 450), (25, 40)),
    "питание": ((45, 60), (450, 750), (40, 80)),
}

# id, name, type, theme, x km, y km, opens, closes, weekend_open, anchor, min_age, booking_days
_SITES = [
    (DEPOT, "Железнодорожный вокзал (место сбора)", "точка сбора", "—", -2.0, -1.5, "00:00", "24:00", True, False, 0, 0),
    ("S01", "Заречный нефтеперерабатывающий завод", "предприятие", "нефтехимия", 6.5, 14.0, "09:30", "16:00", False, True, 14, 30),
    ("S02", "Завод синтетического каучука «Каучук-Синтез»", "предприятие", "нефтехимия", 9.0, 11.5, "10:00", "16:30", False, False, 14, 21),
    ("S03", "Завод полипропилена «Полимер-Заречье»", "предприятие", "нефтехимия", 11.0, 16.5, "09:00", "15:30", False, False, 16, 30),
    ("S04", "НПО «Спектр» (антенны и системы связи)", "предприятие", "высокие технологии", 3.0, 2.5, "10:00", "17:00", False, True, 12, 21),
    ("S05", "Хлебокомбинат «Заречный каравай»", "предприятие", "пищевая промышленность", -4.0, 3.0, "08:00", "15:00", False, False, 7, 7),
    ("S06", "Кондитерская фабрика «Сибирская сладость»", "предприятие", "пищевая промышленность", -6.5, -3.0, "09:00", "17:00", True, True, 6, 10),
    ("S07", "ТЭЦ-4", "предприятие", "энергетика", 8.0, -5.0, "10:00", "15:00", False, False, 14, 30),
    ("S08", "Калачёвский завод сельхозмашин", "предприятие", "машиностроение", 38.0, -28.0, "09:00", "16:00", False, False, 12, 14),
    ("S09", "Молочный комбинат «Луговое»", "предприятие", "пищевая промышленность", -22.0, 15.0, "08:00", "14:00", False, False, 7, 7),
    ("S10", "Музей истории нефтепереработки (корпоративный)", "музей", "нефтехимия", 5.5, 12.0, "10:00", "17:00", False, False, 7, 7),
    ("S11", "Областной краеведческий музей", "музей", "история города", 0.5, 0.8, "10:00", "18:00", True, True, 0, 3),
    ("S12", "Музей железнодорожной техники под открытым небом", "музей", "транспорт", -3.0, -2.5, "10:00", "19:00", True, False, 0, 3),
    ("S13", "Музей связи и космической техники", "музей", "высокие технологии", 3.4, 2.0, "10:00", "17:00", False, False, 7, 7),
    ("S14", "Водонапорная башня 1915 года (смотровая площадка)", "наследие", "история города", 1.2, -0.6, "10:00", "20:00", True, False, 7, 1),
    ("S15", "Квартал купеческих складов и старая пристань", "наследие", "история города", -0.8, 1.8, "08:00", "22:00", True, False, 0, 0),
    ("S16", "Мельница купца Ершова", "наследие", "пищевая промышленность", -9.0, 5.5, "10:00", "18:00", True, False, 0, 3),
    ("S17", "Соцгород нефтяников 1950-х", "наследие", "нефтехимия", 7.5, 9.5, "08:00", "21:00", True, False, 0, 0),
    ("S18", "Креативный кластер «Цех» (бывший механический завод)", "креативное пространство", "история города", 1.8, 3.5, "11:00", "22:00", True, True, 0, 3),
    ("S19", "Арт-пространство «Элеватор»", "креативное пространство", "пищевая промышленность", -5.0, 0.5, "12:00", "21:00", True, False, 0, 3),
    ("S20", "Лофт «Типография» (мастер-класс по печати)", "креативное пространство", "история города", 0.2, -2.2, "11:00", "20:00", True, False, 6, 5),
    ("S21", "Фабрика-кухня НПО «Спектр» (обед для групп)", "питание", "питание", 3.8, 3.0, "11:30", "15:00", False, False, 0, 3),
    ("S22", "Ресторан «Паровоз»", "питание", "питание", -2.6, -2.0, "11:00", "23:00", True, False, 0, 2),
    ("S23", "Столовая соцгорода «Нефтяник»", "питание", "питание", 7.0, 10.0, "11:00", "16:00", False, False, 0, 2),
    ("S24", "Гастрокафе кластера «Цех»", "питание", "питание", 1.9, 3.6, "12:00", "22:00", True, False, 0, 1),
]

CITY_RADIUS_KM = 10.0  # inside it buses crawl through city traffic
CITY_SPEED_KMH = 24.0
ROAD_SPEED_KMH = 60.0
WALK_KMH = 4.5
WALK_LIMIT_KM = 0.6  # closer than this the group walks instead of boarding the bus
BOARDING_MIN = 5  # getting a group on and off a bus


def _round_to(value: float, step: int) -> int:
    return int(step * round(value / step))


def build_sites(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for sid, name, kind, theme, x, y, opens, closes, weekend, anchor, age, booking in _SITES:
        (v_lo, v_hi), (p_lo, p_hi), (g_lo, g_hi) = _PROFILE[kind]
        jitter = 0.0 if sid == DEPOT else 0.3
        if kind == "наследие" and rng.random() < 0.5:
            price = 0  # open-air heritage is often free without a guide
        else:
            price = _round_to(rng.uniform(p_lo, p_hi), 50)
        rows.append({
            "site_id": sid, "name": name, "type": kind, "theme": theme,
            "x_km": round(x + rng.uniform(-jitter, jitter), 2),
            "y_km": round(y + rng.uniform(-jitter, jitter), 2),
            "opens": opens, "closes": closes,
            "visit_min": _round_to(rng.uniform(v_lo, v_hi), 5),
            "ticket_rub": price,
            "max_group": int(rng.integers(g_lo, g_hi + 1)),
            "min_age": age, "booking_days": booking,
            "weekend_open": weekend, "anchor": anchor,
        })
    return pd.DataFrame(rows)


def _drive_minutes(km: float, a_xy: tuple[float, float], b_xy: tuple[float, float]) -> float:
    inside = all(math.hypot(*p) <= CITY_RADIUS_KM for p in (a_xy, b_xy))
    if inside:
        return km / CITY_SPEED_KMH * 60
    city = min(km, 8.0)  # leaving or entering town
    return city / CITY_SPEED_KMH * 60 + (km - city) / ROAD_SPEED_KMH * 60


def build_travel(rng: np.random.Generator) -> pd.DataFrame:
    from promtour.datasets import dataset  # the very same «sites» table, same seed

    sites = dataset("sites").generate()
    xy = {s: (x, y) for s, x, y in zip(sites["site_id"], sites["x_km"], sites["y_km"])}
    ids = list(xy)
    base: dict[tuple[str, str], float] = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            straight = math.dist(xy[a], xy[b])
            base[(a, b)] = base[(b, a)] = straight * rng.uniform(1.25, 1.45)  # road detour
    rows = []
    for a in ids:
        for b in ids:
            if a == b:
                continue
            km = base[(a, b)]
            if km < WALK_LIMIT_KM:
                minutes, mode = max(3, math.ceil(km / WALK_KMH * 60)), "пешком"
            else:
                drive = _drive_minutes(km, xy[a], xy[b])
                minutes = math.ceil(drive + BOARDING_MIN + rng.integers(0, 4))  # traffic, one-way streets
                mode = "автобус"
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


_CALIBRATION = ("Синтетика. Регион «Заречная область» вымышлен; состав объектов повторяет типичное "
                "региональное предложение (ср. комплексный маршрут Омска на 2026 г. с «Полиомом», "
                "НПО «МИР» и «Омским каучуком», om1.ru) и классификацию ERIH (2 300+ объектов, "
                "опорные точки). Размер групп на предприятиях откалиброван: Смоленская АЭС 2025 — "
                "187 экскурсий, 2 834 посетителя ≈ 15 чел. (safonovka.ru); ММК 2024 — ~900 экскурсий, "
                "17 000+ посетителей ≈ 19 чел. (kommersant.ru). Цена билета на предприятие — порядка "
                "среднего французского билета ~9 € (Entreprise et Découverte, 2024).")

DATASETS = [
    Dataset(
        name="sites",
        title="Объекты показа Заречной области: предприятия, музеи, наследие, креативные пространства, питание",
        columns={
            "site_id": Column("str", "код объекта; S00 — место сбора группы (вокзал)"),
            "name": Column("str", "название объекта"),
            "type": Column("category", "тип: предприятие, музей, наследие, креативное пространство, питание, точка сбора"),
            "theme": Column("category", "тема для тематических маршрутов (нефтехимия, пищевая промышленность…)"),
            "x_km": Column("float", "координата на восток от центра города", "км"),
            "y_km": Column("float", "координата на север от центра города", "км"),
            "opens": Column("str", "начало приёма групп", "ЧЧ:ММ"),
            "closes": Column("str", "к этому времени визит должен закончиться", "ЧЧ:ММ"),
            "visit_min": Column("int", "типичная продолжительность посещения группой", "мин"),
            "ticket_rub": Column("int", "цена билета/услуги на человека (для питания — комплексный обед)", "₽"),
            "max_group": Column("int", "наибольший размер группы за один заход", "чел."),
            "min_age": Column("int", "минимальный возраст участника", "лет"),
            "booking_days": Column("int", "за сколько дней нужна заявка (списки для службы безопасности)", "дней"),
            "weekend_open": Column("bool", "принимает ли группы в выходные"),
            "anchor": Column("bool", "опорная точка (anchor point) по модели ERIH"),
        },
        build=build_sites,
        synthetic=True,
        source=_CALIBRATION,
    ),
    Dataset(
        name="travel_times",
        title="Матрица переездов между объектами Заречной области (длинный формат)",
        columns={
            "from_id": Column("str", "откуда (site_id)"),
            "to_id": Column("str", "куда (site_id)"),
            "km": Column("float", "длина пути по дорогам", "км"),
            "minutes": Column("int", "время в пути с посадкой/высадкой группы", "мин"),
            "mode": Column("category", "способ: автобус или пешком (ближе 0,6 км)"),
        },
        build=build_travel,
        synthetic=True,
        source=("Синтетика: путь = прямое расстояние × коэффициент извилистости 1,25–1,45; скорость "
                "автобуса 24 км/ч в городе и 60 км/ч за городом, +5 мин на посадку, +0–3 мин на пробки "
                "(матрица несимметрична); ближе 0,6 км — пешком 4,5 км/ч."),
    ),
    Dataset(
        name="bus_tariffs",
        title="Прайс-лист аренды автобусов с водителем (условный региональный перевозчик)",
        columns={
            "bus": Column("str", "класс автобуса"),
            "seats": Column("int", "пассажирских мест", "мест"),
            "rub_per_hour": Column("int", "цена часа аренды с водителем", "₽/ч"),
            "min_hours": Column("int", "минимальный оплачиваемый заказ", "ч"),
            "delivery_rub": Column("int", "разовая плата за подачу автобуса", "₽"),
        },
        build=build_bus_tariffs,
        synthetic=True,
        source=("Синтетика: условный прайс регионального перевозчика, порядок цен — как в объявлениях "
                "об аренде автобусов в региональных центрах в 2024–2025 гг.; не опубликованная статистика."),
    ),
]
