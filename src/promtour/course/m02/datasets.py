"""Module 2 datasets: excursion bookings of seven fictional enterprises and school population.

Both are synthetic. ``bookings`` is calibrated on the published figures listed
in the curriculum (see ``data/README.md``, «Модуль 2»):

- ММК, 2024: ~900 tours, 17,000+ visitors (kommersant.ru) → «Сталь-Урал» 2024;
- КАМАЗ: ~600 business delegations a year of ~10 people (business-gazeta.ru) → «АвтоКама»;
- Смоленская АЭС, 2025: 187 tours, 2,834 visitors (safonovka.ru) → «Западная АЭС» 2024;
- Russia: 1.4 M industrial tourists in 2023 → over 2 M in 2024 (Forbes via news.tek.fm;
  sobaka.ru) → bookings grow by about 40 % from 2023 to 2024;
- Tomsk region: 12,000+ pupils and college students at 76 enterprises a year (НИА Томск, 2024)
  → school groups are the largest segment; a small regional plant takes a few dozen groups;
- Heineken Experience: only 5 % of visitors are Dutch → the brewery (18+) lives on
  visitors from other regions and abroad;
- «6+1»: one free accompanying adult per six paying pupils (art-travel.info) → school prices.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset

from .demand import DOMESTIC_COUNTRY, SEGMENTS

YEARS = (2023, 2024)
GROWTH_2024 = 1.4  # 2 M industrial tourists in 2024 vs 1.4 M in 2023

# segment → relative weight of each calendar month (school year, summer holidays…)
MONTH_WEIGHTS: dict[str, tuple[float, ...]] = {
    "школьники": (0.6, 1.1, 1.3, 1.5, 1.1, 0.35, 0.05, 0.05, 0.9, 1.5, 1.4, 1.0),
    "студенты": (0.3, 0.9, 1.3, 1.4, 1.1, 0.6, 0.25, 0.2, 0.9, 1.4, 1.4, 0.9),
    "семьи": (1.6, 0.6, 0.9, 0.7, 1.1, 1.5, 1.9, 1.8, 0.6, 0.7, 1.0, 0.8),
    "деловые делегации": (0.5, 1.1, 1.2, 1.2, 0.8, 1.1, 0.7, 0.6, 1.2, 1.3, 1.3, 1.0),
    "организованные туристы": (1.2, 0.6, 0.8, 0.8, 1.3, 1.4, 1.5, 1.5, 1.0, 0.8, 0.9, 0.6),
    "иностранные туристы": (0.4, 0.4, 0.6, 0.8, 1.2, 1.5, 1.7, 1.6, 1.3, 0.9, 0.6, 0.6),
}
# segment → weight of Monday … Sunday (Sunday only where the enterprise runs weekend tours)
WEEKDAY_WEIGHTS: dict[str, tuple[float, ...]] = {
    "школьники": (1, 1, 1, 1, 1, 0.15, 0),
    "студенты": (1, 1, 1, 1, 1, 0.1, 0),
    "семьи": (0.3, 0.3, 0.3, 0.3, 0.8, 3, 2),
    "деловые делегации": (1, 1, 1, 1, 1, 0, 0),
    "организованные туристы": (0.8, 0.8, 0.8, 0.8, 1, 1.4, 1),
    "иностранные туристы": (0.8, 0.8, 0.8, 0.8, 1, 1.2, 1),
}
# segment → (median lead time in days, lognormal sigma)
LEAD_TIME: dict[str, tuple[float, float]] = {
    "школьники": (28, 0.5),
    "студенты": (18, 0.55),
    "семьи": (6, 0.7),
    "деловые делегации": (21, 0.5),
    "организованные туристы": (45, 0.5),
    "иностранные туристы": (60, 0.55),
}
# segment → (mean, sd) of the group size before the enterprise's capacity limit
GROUP_SIZE: dict[str, tuple[float, float]] = {
    "школьники": (22, 4),  # pupils; accompanying adults are added on top
    "студенты": (19, 5),
    "семьи": (3.4, 1.1),
    "деловые делегации": (10, 3.5),
    "организованные туристы": (24, 7),
    "иностранные туристы": (11, 8),
}
# segment → {channel: probability}
CHANNEL_MIX: dict[str, dict[str, float]] = {
    "школьники": {"образовательная организация": 0.55, "Пушкинская карта": 0.18,
                  "сайт предприятия": 0.17, "туроператор": 0.10},
    "студенты": {"образовательная организация": 0.5, "Пушкинская карта": 0.35, "сайт предприятия": 0.15},
    "семьи": {"сайт предприятия": 0.5, "агрегатор экскурсий": 0.4, "туроператор": 0.1},
    "деловые делегации": {"партнёры и органы власти": 0.7, "сайт предприятия": 0.2, "туроператор": 0.1},
    "организованные туристы": {"туроператор": 0.8, "сайт предприятия": 0.1, "агрегатор экскурсий": 0.1},
    "иностранные туристы": {"туроператор": 0.6, "агрегатор экскурсий": 0.3, "сайт предприятия": 0.1},
}
# segment → share of bookings from the enterprise's own region (Russian visitors only)
LOCAL_SHARE: dict[str, float] = {
    "школьники": 0.9, "студенты": 0.8, "семьи": 0.6, "деловые делегации": 0.3,
    "организованные туристы": 0.15, "иностранные туристы": 0.0,
}
FOREIGN_COUNTRIES: dict[str, float] = {
    "Китай": 0.34, "Беларусь": 0.18, "Казахстан": 0.14, "Узбекистан": 0.08, "Индия": 0.08,
    "Турция": 0.07, "ОАЭ": 0.05, "Германия": 0.06,
}
FOREIGN_DELEGATIONS = 0.12  # share of business delegations that come from abroad

# Fictional enterprises. bookings: 2024 bookings per segment; price: RUB per paying person, 2024.
ENTERPRISES: dict[str, dict] = {
    "Сталь-Урал": dict(  # metallurgy, calibrated on ММК 2024: ~900 tours, 17,000+ visitors
        industry="металлургия", region="Челябинская область", min_age=14, capacity=25,
        weekend=False, extra_lead=5,
        neighbours=("Свердловская область", "Республика Башкортостан", "Курганская область",
                    "Тюменская область", "Москва"),
        bookings={"школьники": 390, "студенты": 170, "семьи": 25, "деловые делегации": 110,
                  "организованные туристы": 190, "иностранные туристы": 15},
        price={"школьники": 500, "студенты": 450, "семьи": 900, "деловые делегации": 0,
               "организованные туристы": 1100, "иностранные туристы": 1800}),
    "АвтоКама": dict(  # automotive, ~600 business delegations a year of ~10 (КАМАЗ)
        industry="машиностроение", region="Республика Татарстан", min_age=10, capacity=30,
        weekend=False, extra_lead=0,
        neighbours=("Республика Башкортостан", "Удмуртская Республика", "Чувашская Республика",
                    "Самарская область", "Москва", "Нижегородская область"),
        bookings={"школьники": 300, "студенты": 140, "семьи": 90, "деловые делегации": 600,
                  "организованные туристы": 200, "иностранные туристы": 60},
        price={"школьники": 450, "студенты": 350, "семьи": 800, "деловые делегации": 0,
               "организованные туристы": 1000, "иностранные туристы": 1600}),
    "Томский приборный завод": dict(  # a small regional plant of the Tomsk programme
        industry="приборостроение", region="Томская область", min_age=12, capacity=20,
        weekend=False, extra_lead=0,
        neighbours=("Новосибирская область", "Кемеровская область", "Омская область"),
        bookings={"школьники": 42, "студенты": 26, "семьи": 0, "деловые делегации": 30,
                  "организованные туристы": 10, "иностранные туристы": 3},
        price={"школьники": 300, "студенты": 0, "семьи": 0, "деловые делегации": 0,
               "организованные туристы": 700, "иностранные туристы": 1200}),
    "Кондитерская «Сладкий край»": dict(  # family magnet with tasting, from age 6
        industry="пищевая промышленность", region="Нижегородская область", min_age=6, capacity=30,
        weekend=True, extra_lead=0,
        neighbours=("Владимирская область", "Москва", "Московская область", "Чувашская Республика",
                    "Ивановская область", "Республика Татарстан"),
        bookings={"школьники": 250, "студенты": 20, "семьи": 650, "деловые делегации": 20,
                  "организованные туристы": 210, "иностранные туристы": 30},
        price={"школьники": 650, "студенты": 550, "семьи": 950, "деловые делегации": 0,
               "организованные туристы": 1200, "иностранные туристы": 1900}),
    "Пивоварня «Северный солод»": dict(  # 18+: no pupils, few locals (cf. Heineken: 5 % Dutch)
        industry="пищевая промышленность", region="Санкт-Петербург", min_age=18, capacity=20,
        weekend=True, extra_lead=0,
        neighbours=("Москва", "Московская область", "Ленинградская область", "Свердловская область",
                    "Новосибирская область", "Республика Татарстан", "Нижегородская область"),
        bookings={"школьники": 0, "студенты": 15, "семьи": 0, "деловые делегации": 40,
                  "организованные туристы": 300, "иностранные туристы": 260},
        price={"школьники": 0, "студенты": 900, "семьи": 0, "деловые делегации": 1500,
               "организованные туристы": 2000, "иностранные туристы": 2800}),
    "Западная АЭС": dict(  # calibrated on Смоленская АЭС 2025: 187 tours, 2,834 visitors
        industry="энергетика", region="Смоленская область", min_age=14, capacity=17,
        weekend=False, extra_lead=20,  # security clearance: lists of visitors in advance
        neighbours=("Брянская область", "Калужская область", "Москва", "Московская область"),
        bookings={"школьники": 72, "студенты": 50, "семьи": 0, "деловые делегации": 40,
                  "организованные туристы": 25, "иностранные туристы": 3},
        price={"школьники": 0, "студенты": 0, "семьи": 0, "деловые делегации": 0,
               "организованные туристы": 600, "иностранные туристы": 0}),
    "Омская нефтехимия": dict(  # a newcomer of the Omsk programme
        industry="нефтехимия", region="Омская область", min_age=16, capacity=20,
        weekend=False, extra_lead=10,
        neighbours=("Новосибирская область", "Тюменская область", "Томская область"),
        bookings={"школьники": 55, "студенты": 40, "семьи": 0, "деловые делегации": 30,
                  "организованные туристы": 18, "иностранные туристы": 2},
        price={"школьники": 400, "студенты": 0, "семьи": 0, "деловые делегации": 0,
               "организованные туристы": 900, "иностранные туристы": 1500}),
}

# approximate resident population, thousands (order of magnitude, rounded)
REGION_POPULATION: dict[str, int] = {
    "Москва": 13100, "Московская область": 8650, "Санкт-Петербург": 5600,
    "Ленинградская область": 2030, "Республика Татарстан": 4000, "Челябинская область": 3400,
    "Свердловская область": 4240, "Республика Башкортостан": 4010, "Курганская область": 760,
    "Тюменская область": 1600, "Удмуртская Республика": 1440, "Чувашская Республика": 1180,
    "Самарская область": 3150, "Нижегородская область": 3080, "Владимирская область": 1330,
    "Ивановская область": 910, "Томская область": 1050, "Новосибирская область": 2790,
    "Кемеровская область": 2560, "Омская область": 1820, "Смоленская область": 880,
    "Брянская область": 1150, "Калужская область": 1070, "Липецкая область": 1120,
}
GRADE_BANDS: tuple[tuple[str, int, int, float], ...] = (
    # band, age from, age to (inclusive), share of all pupils
    ("1-4", 7, 10, 0.41),
    ("5-9", 11, 15, 0.48),
    ("10-11", 16, 17, 0.11),
)
PUPILS_PER_RESIDENT = 0.123  # ~18 M pupils / ~146 M residents


def _weights(values, index) -> np.ndarray:
    w = np.asarray([values[i] for i in index], dtype=float)
    return w / w.sum()


def _visit_dates(rng: np.random.Generator, segment: str, year: int, n: int, weekend: bool) -> np.ndarray:
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    months = np.asarray(MONTH_WEIGHTS[segment])[days.month - 1]
    dows = np.asarray(WEEKDAY_WEIGHTS[segment], dtype=float)
    if not weekend:
        dows = dows.copy()
        dows[6] = 0.0  # Sunday: the plant is closed to visitors
        if segment == "семьи":
            dows[5] = 1.0  # the odd Saturday open day
    weight = months * dows[days.day_of_week]
    holidays = (days.month == 1) & (days.day <= 8)
    if segment in ("школьники", "студенты", "деловые делегации") or not weekend:
        weight = np.where(holidays, 0.0, weight)
    chosen = rng.choice(len(days), size=n, p=weight / weight.sum())
    return np.sort(days[chosen].to_numpy())


def _bookings(rng: np.random.Generator) -> pd.DataFrame:
    rows: list[dict] = []
    countries = list(FOREIGN_COUNTRIES)
    country_p = _weights(FOREIGN_COUNTRIES, countries)
    for name, ent in ENTERPRISES.items():
        for year in YEARS:
            scale = 1.0 if year == 2024 else 1.0 / GROWTH_2024
            price_scale = 1.0 if year == 2024 else 0.9
            for segment in SEGMENTS:
                n = int(rng.poisson(ent["bookings"][segment] * scale))
                if n == 0:
                    continue
                dates = _visit_dates(rng, segment, year, n, ent["weekend"])
                channels = list(CHANNEL_MIX[segment])
                channel_p = _weights(CHANNEL_MIX[segment], channels)
                mean, sd = GROUP_SIZE[segment]
                median_lead, sigma = LEAD_TIME[segment]
                for date in dates:
                    rows.append(_booking(rng, name, ent, segment, pd.Timestamp(date), mean, sd,
                                         median_lead, sigma, channels, channel_p, countries,
                                         country_p, price_scale))
    frame = pd.DataFrame(rows).sort_values(["date", "enterprise", "segment"], kind="stable")
    frame.insert(0, "booking_id", [f"B{i:05d}" for i in range(1, len(frame) + 1)])
    return frame.reset_index(drop=True)


def _booking(rng, name, ent, segment, date, mean, sd, median_lead, sigma, channels, channel_p,
             countries, country_p, price_scale) -> dict:
    cap = ent["capacity"]
    price = ent["price"][segment] * price_scale * rng.uniform(0.9, 1.1)
    if segment == "школьники":
        pupils = int(np.clip(round(rng.normal(mean, sd)), 8, cap - 2))
        adults = int(rng.integers(1, 4))
        size = pupils + adults
        paying_adults = max(0, adults - pupils // 6)  # «6+1»: one free adult per six pupils
        paid = pupils * price + paying_adults * price * 1.5
    elif segment == "семьи":
        size = int(np.clip(round(rng.normal(mean, sd)), 2, 7))
        paid = size * price
    elif segment == "деловые делегации":
        size = int(np.clip(round(rng.normal(mean, sd)), 2, cap))
        paid = size * price if price else (size * 3000 if rng.random() < 0.15 else 0.0)
    elif segment == "иностранные туристы":
        size = int(np.clip(round(rng.lognormal(math.log(mean), 0.8)), 1, cap))
        paid = size * price
    else:
        size = int(np.clip(round(rng.normal(mean, sd)), 5, cap))
        paid = size * price
    lead = int(max(1, round(rng.lognormal(math.log(median_lead + ent["extra_lead"]), sigma))))
    channel = str(rng.choice(channels, p=channel_p))
    if segment == "иностранные туристы" or (segment == "деловые делегации"
                                            and rng.random() < FOREIGN_DELEGATIONS):
        country, region = str(rng.choice(countries, p=country_p)), "за рубежом"
    else:
        country = DOMESTIC_COUNTRY
        if rng.random() < LOCAL_SHARE[segment] * (0.3 if ent["min_age"] >= 18 else 1.0):
            region = ent["region"]
        else:
            region = str(rng.choice(ent["neighbours"]))
    if ent["min_age"] < 14 and channel == "Пушкинская карта" and segment == "школьники":
        channel = "образовательная организация"  # the card is for ages 14–22
    return {
        "date": date.strftime("%Y-%m-%d"),
        "enterprise": name,
        "enterprise_region": ent["region"],
        "min_age": ent["min_age"],
        "segment": segment,
        "group_size": size,
        "price_paid": int(round(paid, -1)),
        "channel": channel,
        "lead_time_days": lead,
        "origin_region": region,
        "origin_country": country,
    }


def _school_population(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for region, thousands in sorted(REGION_POPULATION.items()):
        pupils = thousands * 1000 * PUPILS_PER_RESIDENT * rng.uniform(0.9, 1.1)
        shares = np.asarray([b[3] for b in GRADE_BANDS]) * rng.uniform(0.95, 1.05, len(GRADE_BANDS))
        shares = shares / shares.sum()
        for (band, age_from, age_to, _), share in zip(GRADE_BANDS, shares):
            rows.append({"region": region, "grade_band": band, "age_from": age_from,
                         "age_to": age_to, "pupils": int(round(pupils * share, -1))})
    return pd.DataFrame(rows)


DATASETS = [
    Dataset(
        name="bookings",
        title="Заявки на экскурсии семи вымышленных предприятий, 2023–2024 (одна строка — одна заявка)",
        columns={
            "booking_id": Column("str", "номер заявки"),
            "date": Column("date", "дата визита"),
            "enterprise": Column("str", "предприятие (вымышленное)"),
            "enterprise_region": Column("str", "регион, где находится предприятие"),
            "min_age": Column("int", "минимальный возраст посетителя на предприятии", "лет"),
            "segment": Column("category", "сегмент аудитории"),
            "group_size": Column("int", "число посетителей в заявке, включая сопровождающих", "чел."),
            "price_paid": Column("int", "оплачено за заявку (0 — бесплатный визит)", "руб."),
            "channel": Column("category", "канал, через который пришла заявка"),
            "lead_time_days": Column("int", "срок бронирования: дней от заявки до визита", "дн."),
            "origin_region": Column("str", "регион России, откуда группа; «за рубежом» — иностранцы"),
            "origin_country": Column("str", "страна, откуда группа"),
        },
        build=_bookings,
        synthetic=True,
        notes="Калибровка: ММК, КАМАЗ, Смоленская АЭС, рост 1,4 → 2 млн, Томская область, "
              "Heineken Experience, правило «6+1» (см. data/README.md, раздел «Модуль 2»).",
    ),
    Dataset(
        name="school_population",
        title="Численность школьников по регионам и ступеням обучения (синтетическая оценка)",
        columns={
            "region": Column("str", "регион"),
            "grade_band": Column("category", "классы: 1-4, 5-9, 10-11"),
            "age_from": Column("int", "типичный возраст учеников младшего класса ступени", "лет"),
            "age_to": Column("int", "типичный возраст учеников старшего класса ступени", "лет"),
            "pupils": Column("int", "число школьников", "чел."),
        },
        build=_school_population,
        synthetic=True,
        notes="≈12,3 % населения региона (≈18 млн школьников на ≈146 млн жителей), "
              "доли ступеней ≈41/48/11 %, случайный разброс ±10 %.",
    ),
]
