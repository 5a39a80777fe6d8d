"""Module 2 datasets: excursion bookings of the course region's six enterprises and its pupils.

Both are **synthetic** and live in the course's one fictional world (:mod:`promtour.world`):
the enterprises, their visitor regulations (group size, minimum age, one accompanying adult per
N children, foreigners), prices and last year's visitors come from the world's profiles, never
retyped here. The bookings of 2025 add up to each profile's ``visitors_last_year``; 2024 is
smaller by :data:`GROWTH` (national industrial tourism grew from 1.4 M visitors in 2023 to over
2 M in 2024, Forbes via news.tek.fm; sobaka.ru — the world grows more slowly).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset
from promtour.enterprise import Enterprise
from promtour.world import ENTERPRISES, MODEL_ENTERPRISE_ID, MODEL_PRODUCT, PEER_REGIONS, REGION, TOWNS

from .demand import FOREIGN, SEGMENTS, youngest_grade

YEARS = (2024, 2025)
LAST_YEAR = YEARS[-1]  # the world's ``visitors_last_year`` is this year's
GROWTH = 1.25  # 2025 visitors / 2024 visitors

# segment → relative weight of each calendar month (school year, summer holidays…)
MONTH_WEIGHTS: dict[str, tuple[float, ...]] = {
    "школьники": (0.6, 1.1, 1.3, 1.5, 1.1, 0.35, 0.05, 0.05, 0.9, 1.5, 1.4, 1.0),
    "студенты": (0.3, 0.9, 1.3, 1.4, 1.1, 0.6, 0.25, 0.2, 0.9, 1.4, 1.4, 0.9),
    "семьи": (1.6, 0.6, 0.9, 0.7, 1.1, 1.5, 1.9, 1.8, 0.6, 0.7, 1.0, 0.8),
    "деловые делегации": (0.5, 1.1, 1.2, 1.2, 0.8, 1.1, 0.7, 0.6, 1.2, 1.3, 1.3, 1.0),
    "организованные туристы": (1.2, 0.6, 0.8, 0.8, 1.3, 1.4, 1.5, 1.5, 1.0, 0.8, 0.9, 0.6),
    "иностранные туристы": (0.4, 0.4, 0.6, 0.8, 1.2, 1.5, 1.7, 1.6, 1.3, 0.9, 0.6, 0.6),
}
# segment → weight of Monday … Sunday; weekends only where the enterprise runs weekend tours
WEEKDAY_WEIGHTS: dict[str, tuple[float, ...]] = {
    "школьники": (1, 1, 1, 1, 1, 0.15, 0),
    "студенты": (1, 1, 1, 1, 1, 0.1, 0),
    "семьи": (0.3, 0.3, 0.3, 0.3, 0.8, 3, 2),
    "деловые делегации": (1, 1, 1, 1, 1, 0, 0),
    "организованные туристы": (0.8, 0.8, 0.8, 0.8, 1, 1.4, 1),
    "иностранные туристы": (0.8, 0.8, 0.8, 0.8, 1, 1.2, 1),
}
WEEKEND_DAYS: dict[str, tuple[int, ...]] = {"SLK": (5, 6), "IZR": (5, 6), "GES": (5,)}  # Sat=5, Sun=6
# segment → (median lead time in days, lognormal sigma)
LEAD_TIME: dict[str, tuple[float, float]] = {
    "школьники": (28, 0.5),
    "студенты": (18, 0.55),
    "семьи": (6, 0.7),
    "деловые делегации": (21, 0.5),
    "организованные туристы": (45, 0.5),
    "иностранные туристы": (60, 0.4),
}
# extra days before a visit for the pass regime (lists of guests in advance)
EXTRA_LEAD: dict[str, int] = {"PMK": 5, "AZT": 20, "GES": 10}

# enterprise → share of last year's visitors by segment (the regulations decide what is possible)
SEGMENT_MIX: dict[str, dict[str, float]] = {
    "PMK": {
        "школьники": 0.55,
        "студенты": 0.20,
        "деловые делегации": 0.10,
        "организованные туристы": 0.12,
        "иностранные туристы": 0.03,
    },
    "MAG": {"школьники": 0.45, "студенты": 0.30, "деловые делегации": 0.20, "организованные туристы": 0.05},
    "SLK": {
        "школьники": 0.33,
        "семьи": 0.36,
        "организованные туристы": 0.26,
        "иностранные туристы": 0.03,
        "деловые делегации": 0.02,
    },
    "AZT": {"студенты": 0.60, "деловые делегации": 0.40},
    "GES": {
        "школьники": 0.50,
        "студенты": 0.15,
        "организованные туристы": 0.20,
        "деловые делегации": 0.10,
        "семьи": 0.05,
    },
    "IZR": {
        "семьи": 0.40,
        "организованные туристы": 0.25,
        "школьники": 0.20,
        "студенты": 0.10,
        "иностранные туристы": 0.05,
    },
}
# relative weight of a school grade among school groups: профминимум (6–11) and above all 8–9
GRADE_WEIGHTS: dict[int, float] = {
    1: 0.8,
    2: 0.8,
    3: 1.0,
    4: 1.0,
    5: 1.0,
    6: 1.4,
    7: 1.4,
    8: 2.6,
    9: 2.6,
    10: 1.0,
    11: 0.7,
}
PMK_GRADE_WEIGHTS: dict[int, float] = {8: 4.0, 9: 4.0, 10: 1.2, 11: 0.8}  # the model answer's main segment
# segment → {channel: weight}; Pushkin card only where it is possible (see _channel)
CHANNEL_MIX: dict[str, dict[str, float]] = {
    "школьники": {
        "школа и профминимум": 0.72,
        "Пушкинская карта": 0.16,
        "туроператор": 0.06,
        "напрямую: сайт и телефон": 0.06,
    },
    "студенты": {"колледж или вуз": 0.6, "Пушкинская карта": 0.25, "напрямую: сайт и телефон": 0.15},
    "семьи": {"агрегатор экскурсий": 0.4, "напрямую: сайт и телефон": 0.35, "RUSSPASS и портал региона": 0.25},
    "деловые делегации": {"партнёры и органы власти": 0.75, "напрямую: сайт и телефон": 0.25},
    "организованные туристы": {"туроператор": 0.7, "RUSSPASS и портал региона": 0.2, "агрегатор экскурсий": 0.1},
    "иностранные туристы": {"туроператор": 0.8, "агрегатор экскурсий": 0.2},
}
# segment → share of bookings from the course region (the rest: peer regions, or abroad)
LOCAL_SHARE: dict[str, float] = {
    "школьники": 0.93,
    "студенты": 0.85,
    "семьи": 0.7,
    "деловые делегации": 0.4,
    "организованные туристы": 0.2,
    "иностранные туристы": 0.0,
}
NEIGHBOURS = PEER_REGIONS[:5]  # the peer regions that send groups, nearest first
FOREIGN_COUNTRIES: dict[str, float] = {"Китай": 0.4, "Беларусь": 0.25, "Казахстан": 0.2, "Узбекистан": 0.15}
FOREIGN_DELEGATIONS = 0.1  # share of business delegations from abroad, where foreigners are admitted

# Pupils of the region: share of residents, share of each town (with its district), grade sizes.
PUPILS_PER_RESIDENT = 0.123  # an assumption of the course, not a statistic
TOWN_SHARES: dict[str, float] = {
    "Приреченск": 0.46,
    "Сталегорск": 0.20,
    "Берёзовск": 0.14,
    "Каменный Брод": 0.11,
    "Старая Пристань": 0.09,
}
SENIOR_STAY = 0.55  # grades 10–11 are smaller: many leave after grade 9 for a college


def _weights(values, index) -> np.ndarray:
    w = np.asarray([values[i] for i in index], dtype=float)
    return w / w.sum()


def _visit_dates(rng: np.random.Generator, ent_id: str, segment: str, year: int, n: int) -> np.ndarray:
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    months = np.asarray(MONTH_WEIGHTS[segment])[days.month - 1]
    dows = np.asarray(WEEKDAY_WEIGHTS[segment], dtype=float).copy()
    weekend = WEEKEND_DAYS.get(ent_id, ())
    for d in (5, 6):
        if d not in weekend:
            dows[d] = 0.0
    if not dows.any():
        dows[:5] = 1.0
    if segment == "семьи" and not weekend:
        dows[:5] = 1.0
    weight = months * dows[days.day_of_week]
    holidays = (days.month == 1) & (days.day <= 8)
    weight = np.where(holidays, 0.0, weight)
    chosen = rng.choice(len(days), size=n, p=weight / weight.sum())
    return np.sort(days[chosen].to_numpy())


def _pushkin_possible(ent: Enterprise) -> bool:
    """A paid excursion registered in the programme through the enterprise's museum (see README)."""
    return ent.ticket_price > 0 and ent.readiness.get("museum", False) and ent.min_age <= 22


def _max_pupils(ent: Enterprise) -> int:
    pupils = ent.max_group
    while pupils + math.ceil(pupils / ent.children_per_adult) > ent.max_group:
        pupils -= 1
    return pupils


def _school_price(ent: Enterprise, pupils: int, adults: int) -> float:
    if ent.id == MODEL_ENTERPRISE_ID:
        p = MODEL_PRODUCT
        free = pupils // p.free_per_paid
        return pupils * p.pupil_price + max(0, adults - free) * p.adult_price
    pupil_price = round(ent.ticket_price * 0.7, -1)
    free = pupils // ent.children_per_adult
    return pupils * pupil_price + max(0, adults - free) * ent.ticket_price


def _group(rng: np.random.Generator, ent: Enterprise, segment: str) -> tuple[int, int, int, float]:
    """(grade, group size, accompanying adults, price paid at this year's prices)."""
    price = ent.ticket_price
    if segment == "школьники":
        weights = PMK_GRADE_WEIGHTS if ent.id == MODEL_ENTERPRISE_ID else GRADE_WEIGHTS
        first = youngest_grade(ent) or 12
        grades = [g for g in weights if g >= first]
        grade = int(rng.choice(grades, p=_weights(weights, grades)))
        pupils = int(min(_max_pupils(ent), np.clip(round(rng.normal(21, 4)), 8, 30)))
        adults = math.ceil(pupils / ent.children_per_adult)
        return grade, pupils + adults, adults, _school_price(ent, pupils, adults)
    if segment == "семьи":
        size = int(np.clip(round(rng.normal(3.4, 1.1)), 2, 6))
        return 0, size, 0, size * price
    if segment == "студенты":
        size = int(np.clip(round(rng.normal(0.8 * ent.max_group, 3)), 5, ent.max_group))
        return 0, size, 0, size * round(price * 0.5, -1)
    if segment == "деловые делегации":
        size = int(np.clip(round(rng.normal(8, 3)), 3, ent.max_group))
        return 0, size, 0, 0.0
    if segment == "организованные туристы":
        size = int(np.clip(round(rng.normal(0.85 * ent.max_group, 3)), 6, ent.max_group))
        return 0, size, 0, size * round(price * 0.9, -1)
    size = int(np.clip(round(rng.lognormal(math.log(7), 0.6)), 2, ent.max_group))
    return 0, size, 0, size * round(price * 1.2, -1)


def _mean_size(rng_seed: int, ent: Enterprise, segment: str) -> float:
    probe = np.random.default_rng(rng_seed)
    return float(np.mean([_group(probe, ent, segment)[1] for _ in range(400)]))


def _channel(rng: np.random.Generator, ent: Enterprise, segment: str, grade: int) -> str:
    mix = dict(CHANNEL_MIX[segment])
    pupils_old_enough = segment != "школьники" or grade + 6 >= 14  # grade 8 and older: 14+
    if not (_pushkin_possible(ent) and pupils_old_enough):
        mix.pop("Пушкинская карта", None)
    names = list(mix)
    return str(rng.choice(names, p=_weights(mix, names)))


def _origin(rng: np.random.Generator, ent: Enterprise, segment: str) -> tuple[str, str]:
    """(origin: town, peer region or country; origin_region: the course region, a peer, or abroad)."""
    foreign_ok = ent.foreigners != "не допускаются"
    if segment == "иностранные туристы" or (
        segment == "деловые делегации" and foreign_ok and rng.random() < FOREIGN_DELEGATIONS
    ):
        countries = list(FOREIGN_COUNTRIES)
        return str(rng.choice(countries, p=_weights(FOREIGN_COUNTRIES, countries))), FOREIGN
    if rng.random() < LOCAL_SHARE[segment]:
        home = TOWNS[ent.town]
        towns = list(TOWNS)
        # nearer towns send more groups: weight = town size / (10 km + distance)
        w = np.asarray([TOWN_SHARES[t] / (10 + math.dist(home, TOWNS[t])) for t in towns])
        return str(rng.choice(towns, p=w / w.sum())), REGION.name
    w = np.asarray([1 / (k + 1) for k in range(len(NEIGHBOURS))])
    peer = str(rng.choice(list(NEIGHBOURS), p=w / w.sum()))
    return peer, peer


def _lead(rng: np.random.Generator, ent: Enterprise, segment: str, origin_region: str) -> int:
    median, sigma = LEAD_TIME[segment]
    lead = int(max(1, round(rng.lognormal(math.log(median + EXTRA_LEAD.get(ent.id, 0)), sigma))))
    if origin_region == FOREIGN:  # regulations: «заявка за N дней» for foreign guests
        digits = [int(t) for t in ent.foreigners.split() if t.isdigit()]
        lead = max(lead, digits[0] if digits else 0)
    return lead


def _bookings(rng: np.random.Generator) -> pd.DataFrame:
    rows: list[dict] = []
    for k, ent in enumerate(ENTERPRISES):
        sizes = {seg: _mean_size(1000 + k, ent, seg) for seg in SEGMENT_MIX[ent.id]}
        for year in YEARS:
            scale = 1.0 if year == LAST_YEAR else 1.0 / GROWTH
            price_scale = 1.0 if year == LAST_YEAR else 0.9
            for segment in SEGMENTS:
                share = SEGMENT_MIX[ent.id].get(segment, 0.0)
                if not share:
                    continue
                n = round(ent.visitors_last_year * share * scale / sizes[segment])
                for date in _visit_dates(rng, ent.id, segment, year, max(n, 1)):
                    grade, size, adults, paid = _group(rng, ent, segment)
                    origin, origin_region = _origin(rng, ent, segment)
                    rows.append(
                        {
                            "date": pd.Timestamp(date).strftime("%Y-%m-%d"),
                            "enterprise_id": ent.id,
                            "enterprise": ent.name,
                            "segment": segment,
                            "grade": grade,
                            "group_size": size,
                            "adults": adults,
                            "price_paid": int(round(paid * price_scale, -1)),
                            "channel": _channel(rng, ent, segment, grade),
                            "lead_time_days": _lead(rng, ent, segment, origin_region),
                            "origin": origin,
                            "origin_region": origin_region,
                        }
                    )
    frame = pd.DataFrame(rows).sort_values(["date", "enterprise_id", "segment"], kind="stable")
    frame.insert(0, "booking_id", [f"B{i:05d}" for i in range(1, len(frame) + 1)])
    return frame.reset_index(drop=True)


def _school_population(rng: np.random.Generator) -> pd.DataFrame:
    total = REGION.population * PUPILS_PER_RESIDENT
    grade_w = np.asarray([1.0] * 9 + [SENIOR_STAY, SENIOR_STAY * 0.95])
    rows = []
    for town, share in TOWN_SHARES.items():
        w = grade_w * rng.uniform(0.94, 1.06, len(grade_w))
        pupils = total * share * w / w.sum()
        for grade, n in enumerate(pupils, start=1):
            rows.append({"town": town, "grade": grade, "age": grade + 6, "pupils": int(round(n, -1))})
    return pd.DataFrame(rows)


DATASETS = [
    Dataset(
        name="bookings",
        title=f"Заявки на экскурсии шести предприятий {REGION.genitive}, {YEARS[0]}–{YEARS[-1]} "
        "(одна строка — одна заявка; синтетические)",
        columns={
            "booking_id": Column("str", "номер заявки"),
            "date": Column("date", "дата визита"),
            "enterprise_id": Column("str", "код предприятия региона курса (PMK, MAG, SLK, AZT, GES, IZR)"),
            "enterprise": Column("str", "название предприятия (вымышленное)"),
            "segment": Column("category", "сегмент аудитории (шесть сегментов курса)"),
            "grade": Column("int", "класс школьной группы, 1–11; 0 — не школьная группа"),
            "group_size": Column("int", "посетителей в заявке, включая сопровождающих взрослых", "чел."),
            "adults": Column("int", "сопровождающих взрослых школьной группы (по положению о посещении)", "чел."),
            "price_paid": Column("int", "оплачено за заявку (0 — бесплатный визит)", "руб."),
            "channel": Column("category", "канал, через который пришла заявка"),
            "lead_time_days": Column("int", "срок бронирования: дней от заявки до визита", "дн."),
            "origin": Column("str", "откуда группа: город области, соседний регион или страна"),
            "origin_region": Column("str", "регион: область курса, соседний регион или «за рубежом»"),
        },
        build=_bookings,
        synthetic=True,
        notes=f"Предприятия, правила посещения, цены и посетители {LAST_YEAR} г. — из promtour.world; "
        "см. data/README.md, раздел «Модуль 2».",
    ),
    Dataset(
        name="school_population",
        title=f"Школьники {REGION.genitive} по городам и классам (синтетическая оценка)",
        columns={
            "town": Column("str", "город области вместе с прилегающим районом"),
            "grade": Column("int", "класс, 1–11"),
            "age": Column("int", "возраст ученика этого класса на начало учебного года (самые младшие)", "лет"),
            "pupils": Column("int", "число школьников", "чел."),
        },
        build=_school_population,
        synthetic=True,
        notes="12,3 % жителей области (допущение курса, не статистика), "
        "10–11 классы меньше: часть учеников уходит после 9 класса в колледжи.",
    ),
]
