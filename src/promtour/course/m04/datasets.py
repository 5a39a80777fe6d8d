"""Datasets of module 4: excursion cost items, price tiers and a price experiment.

All three are synthetic. Group sizes and capacities are calibrated on published
figures from ``shared/curriculum.md`` (ММК 2024: ~900 tours, 17,000+ visitors,
i.e. ~19 per tour, kommersant.ru; Смоленская АЭС 2025: 187 tours, 2,834 visitors,
~15 per tour, safonovka.ru; КАМАЗ: ~600 delegations a year of ~10 people,
business-gazeta.ru); the «6+1» school rule follows art-travel.info. Rouble
amounts are the kit's assumptions for 2024–2025 (see data/README.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from promtour.datasets import Column, Dataset

FIXED = "постоянная"  # per tour, whatever the group size
VARIABLE = "переменная"  # per visitor

# product -> list of (item, kind, base amount RUB, comment); amounts get a seeded ±8 % spread
_COSTS: dict[str, list[tuple[str, str, int, str]]] = {
    "Металлургический комбинат": [
        ("Гид-экскурсовод предприятия", FIXED, 3600, "3 ч работы штатного экскурсовода с начислениями"),
        ("Инструктаж по охране труда", FIXED, 1200, "специалист ОТ, 30 мин перед выходом в цех"),
        ("Сопровождающий от цеха", FIXED, 2400, "мастер участка, 3 ч; отвлечение от основной работы"),
        ("Автобус по территории комбината", FIXED, 9000, "аренда на 3 ч: площадка комбината — десятки км"),
        ("Зал для встречи и инструктажа", FIXED, 1500, "аренда или амортизация, уборка"),
        ("Бронирование и оформление пропусков", FIXED, 900, "администратор: списки, паспортные данные"),
        ("Прокат СИЗ", VARIABLE, 250, "каска, очки, беруши, сигнальный жилет; износ и санобработка"),
        ("Страхование от несчастного случая", VARIABLE, 60, "на время экскурсии"),
        ("Разовый пропуск", VARIABLE, 40, "бланк, печать"),
        ("Сувенир", VARIABLE, 150, "магнит с логотипом"),
        ("Вода и чай", VARIABLE, 80, "в зале после экскурсии"),
    ],
    "Кондитерская фабрика": [
        ("Гид-экскурсовод", FIXED, 2000, "1,5 ч, музей и галерея над цехом"),
        ("Технолог-кондитер на мастер-классе", FIXED, 2500, "1 ч, сдельная оплата за группу"),
        ("Зал мастер-класса", FIXED, 2000, "аренда или амортизация оборудования"),
        ("Санитарная обработка зала", FIXED, 700, "после каждой группы"),
        ("Администратор бронирований", FIXED, 600, "звонки, списки, оплата"),
        ("Одноразовый комплект", VARIABLE, 120, "халат, шапочка, бахилы — требование санитарных норм"),
        ("Дегустационный набор", VARIABLE, 180, "себестоимость продукции"),
        ("Ингредиенты мастер-класса", VARIABLE, 150, "глазурь, посыпки, упаковка"),
        ("Подарочная коробка конфет", VARIABLE, 200, "себестоимость, не розничная цена"),
        ("Страхование от несчастного случая", VARIABLE, 60, "на время экскурсии"),
    ],
    "Автосборочный завод": [
        ("Гид-экскурсовод", FIXED, 3000, "2 ч"),
        ("Экскурсионный электропоезд по территории", FIXED, 6000, "водитель и топливо/заряд на 2 ч"),
        ("Инструктаж по охране труда", FIXED, 1000, "специалист ОТ"),
        ("Корпоративный музей: сеанс для группы", FIXED, 2500, "смотритель, мультимедиа"),
        ("Администратор и пропуска", FIXED, 1000, "списки, согласование со службой безопасности"),
        ("Прокат жилета и очков", VARIABLE, 150, "износ и стирка"),
        ("Страхование от несчастного случая", VARIABLE, 60, "на время экскурсии"),
        ("Разовый пропуск", VARIABLE, 40, "бланк, печать"),
        ("Сувенир: модель автомобиля", VARIABLE, 350, "масштаб 1:72, себестоимость"),
        ("Вода", VARIABLE, 60, "бутылка 0,5 л"),
    ],
}

# group limits from each product's technological card (module 3)
CAPACITY = {"Металлургический комбинат": 25, "Кондитерская фабрика": 20, "Автосборочный завод": 25}

_TIERS_ELIGIBILITY = {
    "взрослый": "от 18 лет, индивидуально или в сборной группе",
    "студент": "очная форма обучения, по студенческому билету",
    "школьник": "учащиеся 1–11 классов в организованной группе (минимальный возраст — по технологической карте)",
    "пенсионер": "по пенсионному удостоверению",
    "сопровождающий": "взрослый с группой школьников: 1 бесплатно на каждые 6 оплаченных школьников («6+1»), "
                      "сверх нормы — по этому тарифу",
    "делегация": "деловая делегация (B2B), цена за человека, группа 5–15 чел., программа с переговорной",
}

# product -> tier -> price RUB (a public price list, 2025)
_PRICES = {
    "Металлургический комбинат": {"взрослый": 1800, "студент": 1200, "школьник": 1000, "пенсионер": 1200,
                                  "сопровождающий": 1800, "делегация": 3500},
    "Кондитерская фабрика": {"взрослый": 1200, "студент": 900, "школьник": 800, "пенсионер": 900,
                             "сопровождающий": 1200, "делегация": 2200},
    "Автосборочный завод": {"взрослый": 1600, "студент": 1100, "школьник": 900, "пенсионер": 1100,
                            "сопровождающий": 1600, "делегация": 3000},
}

# the price test: demand per tour = A + B * price (+ season, noise), capped at capacity
EXPERIMENT_PRODUCT = "Кондитерская фабрика"
DEMAND_INTERCEPT = 28.5  # visitors per tour at a (hypothetical) zero price
DEMAND_SLOPE = -0.011  # visitors per tour per rouble
PRICE_LEVELS = tuple(range(800, 1800, 100))  # 800 … 1,700 RUB, each tried 4 weeks
MISSING_WEEK = "2024-12-30"  # the till report of this week was lost


def build_cost_items(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for product, items in _COSTS.items():
        for item, kind, base, comment in items:
            amount = round(base * rng.uniform(0.92, 1.08) / 10) * 10
            rows.append({"product": product, "item": item, "kind": kind,
                         "amount_rub": float(amount), "comment": comment})
    return pd.DataFrame(rows)


def build_price_tiers(rng: np.random.Generator) -> pd.DataFrame:
    rows = [{"product": product, "tier": tier, "price_rub": price, "eligibility": _TIERS_ELIGIBILITY[tier]}
            for product, prices in _PRICES.items() for tier, price in prices.items()]
    return pd.DataFrame(rows)


def build_price_experiment(rng: np.random.Generator) -> pd.DataFrame:
    weeks = pd.date_range("2024-09-02", periods=40, freq="7D")
    prices = np.array([p for p in PRICE_LEVELS for _ in range(4)])
    rng.shuffle(prices)
    capacity = CAPACITY[EXPERIMENT_PRODUCT]
    rows = []
    for week, price in zip(weeks, prices):
        holidays = week.month in (11, 1, 3) or (week.month == 12 and week.day >= 23)
        tours = int(rng.integers(6, 9) if holidays else rng.integers(4, 7))
        season = 1.5 if holidays else 0.0
        per_tour = DEMAND_INTERCEPT + DEMAND_SLOPE * price + season + rng.normal(0, 1.2)
        visitors = int(min(max(round(per_tour * tours), 0), tours * capacity))
        party = rng.uniform(2.1, 2.8)  # visitors per booking: couples, families
        rows.append({
            "week_start": week.strftime("%Y-%m-%d"),
            "product": EXPERIMENT_PRODUCT,
            "price_rub": int(price),
            "tours_offered": tours,
            "capacity_per_tour": capacity,
            "seats_offered": tours * capacity,
            "bookings": max(1, round(visitors / party)),
            "visitors": visitors,
        })
    frame = pd.DataFrame(rows)
    frame["visitors"] = frame["visitors"].astype("Int64")
    frame.loc[frame["week_start"] == MISSING_WEEK, "visitors"] = pd.NA
    return frame


_CALIBRATION = ("Синтетические данные. Размеры групп и вместимость откалиброваны по опубликованным цифрам: "
                "ММК 2024 — ~900 экскурсий и 17 000+ посетителей, ~19 чел. на экскурсию (kommersant.ru); "
                "Смоленская АЭС 2025 — 187 экскурсий и 2 834 посетителя, ~15 чел. (safonovka.ru); "
                "КАМАЗ — ~600 делегаций в год по ~10 чел. (business-gazeta.ru). Правило «6+1» — art-travel.info. "
                "Суммы в рублях — допущения набора для 2024–2025 гг.")

DATASETS = [
    Dataset(
        name="cost_items",
        title="Статьи затрат экскурсии трёх продуктов: постоянные на экскурсию и переменные на посетителя",
        columns={
            "product": Column("category", "экскурсионный продукт (вымышленное предприятие)"),
            "item": Column("str", "статья затрат"),
            "kind": Column("category", "«постоянная» — на экскурсию (группу), «переменная» — на посетителя"),
            "amount_rub": Column("float", "сумма: за экскурсию для постоянных, за человека для переменных", "₽"),
            "comment": Column("str", "из чего складывается сумма"),
        },
        build=build_cost_items,
        source=_CALIBRATION,
    ),
    Dataset(
        name="price_tiers",
        title="Прайс-лист: ценовые категории посетителей трёх продуктов",
        columns={
            "product": Column("category", "экскурсионный продукт (вымышленное предприятие)"),
            "tier": Column("category", "ценовая категория посетителя"),
            "price_rub": Column("int", "цена за человека за одну экскурсию", "₽"),
            "eligibility": Column("str", "кто относится к категории, условия"),
        },
        build=build_price_tiers,
        source=_CALIBRATION,
    ),
    Dataset(
        name="price_experiment",
        title="Ценовой эксперимент: 40 недель сборных экскурсий выходного дня на кондитерской фабрике",
        columns={
            "week_start": Column("date", "понедельник недели"),
            "product": Column("category", "экскурсионный продукт"),
            "price_rub": Column("int", "цена взрослого билета в эту неделю", "₽"),
            "tours_offered": Column("int", "экскурсий в расписании за неделю", "шт."),
            "capacity_per_tour": Column("int", "максимальный размер группы", "чел."),
            "seats_offered": Column("int", "мест в продаже: tours_offered × capacity_per_tour", "мест"),
            "bookings": Column("int", "заказов (один заказ — семья, пара, компания)", "шт."),
            "visitors": Column("int", "пришедших посетителей за неделю; пусто — отчёт кассы утерян", "чел.",
                               nullable=True),
        },
        build=build_price_experiment,
        source=_CALIBRATION,
        notes="Спрос на одну экскурсию задан линейно: 28,5 − 0,011 × цена (+1,5 чел. в каникулы, шум σ = 1,2).",
    ),
]
